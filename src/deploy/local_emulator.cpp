#include "deploy/local_emulator.h"

#include <chrono>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aws/error.h"
#include "config/validators.h"
#include "net/curl_transport.h"
#include "util/env.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/strings.h"

namespace snr::deploy {
namespace {

constexpr const char* kInstallHint =
    "moto_server (a local AWS emulator) is needed for the sandbox: install it with "
    "`pip install \"moto[server]\"`";

bool alive(int pid) {
  return pid > 0 && ::kill(pid, 0) == 0;
}

/// Only ever signal a process that is moto_server.
bool is_moto(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::string cmd((std::istreambuf_iterator<char>(in)), {});
  return cmd.find("moto_server") != std::string::npos;
}

void terminate(int pid, bool reap) {
  if (!alive(pid) || !is_moto(pid)) return;
  ::kill(pid, SIGTERM);
  for (int i = 0; i < 50 && alive(pid); ++i) {
    if (reap && ::waitpid(pid, nullptr, WNOHANG) == pid) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (alive(pid)) ::kill(pid, SIGKILL);
  if (reap) ::waitpid(pid, nullptr, 0);
}

std::filesystem::path state_dir(const util::Environment& env) {
  auto xdg = util::env_value(env, "XDG_STATE_HOME");
  auto home = util::env_value(env, "HOME");
  std::filesystem::path base = xdg    ? std::filesystem::path(*xdg)
                               : home ? std::filesystem::path(*home) / ".local/state"
                                      : std::filesystem::path("/tmp");
  return base / "snr";
}

/// SNR_SANDBOX_WAIT_SECONDS (default 60): how long a command waits for a
/// recorded sandbox that is alive but does not answer. Throws snr::UserError.
int wait_seconds(const util::Environment& env) {
  constexpr const char* kVar = "SNR_SANDBOX_WAIT_SECONDS";
  auto raw = util::env_value(env, kVar);
  if (!raw) return 60;
  auto n = util::parse_uint(*raw);
  if (!n || *n < 1 || *n > 3600) {
    throw UserError(kVar, config::quote_value(*raw) +
                              " is not allowed; use a whole number of seconds from 1 to 3600");
  }
  return static_cast<int>(*n);
}

/// The keys of a user made in the emulator itself (both variables, or neither): one
/// without the other would quietly run as the emulator's all-powerful default user.
std::optional<std::pair<std::string, std::string>> sandbox_user(const util::Environment& env) {
  constexpr const char* kKey = "SNR_SANDBOX_ACCESS_KEY_ID";
  constexpr const char* kSecret = "SNR_SANDBOX_SECRET_ACCESS_KEY";
  auto key = util::env_value(env, kKey).value_or("");
  auto secret = util::env_value(env, kSecret).value_or("");
  if (key.empty() && secret.empty()) return std::nullopt;
  if (key.empty() || secret.empty()) {
    const char* missing = key.empty() ? kKey : kSecret;
    throw UserError(missing, std::string("is not set while ") + (key.empty() ? kSecret : kKey) +
                                 " is; allowed: both (a user made in the sandbox) or neither");
  }
  return std::pair{key, secret};
}

}  // namespace

int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw Failure("sandbox: cannot open a socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw Failure("sandbox: cannot find a free loopback port");
  }
  int port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

bool moto_answers(const std::string& endpoint) {
  // GET /moto-api/config: a few bytes of moto's own settings, so the answer costs
  // the same however much state the emulator holds (unlike /moto-api/data.json),
  // and only a moto_server gives it.
  try {
    net::CurlTransport t({std::chrono::milliseconds(300), std::chrono::milliseconds(5000), {}});
    net::HttpRequest req;
    req.url = endpoint + "/moto-api/config";
    const auto status = t.send(req).status;
    return status == 200 || status == 201;
  } catch (const aws::TransportError&) {
    return false;
  }
}

std::filesystem::path LocalEmulator::state_file(const util::Environment& env) {
  return state_dir(env) / "sandbox.json";
}

TargetQuirks LocalEmulator::quirks() {
  TargetQuirks q;
  // moto's CREATE change sets make a stack without its outputs and exports.
  q.create_stacks_directly = true;
  // moto records SendCommand but runs nothing; no snr agent runs in the emulator.
  q.commands_never_run = true;
  return q;
}

LocalEmulator LocalEmulator::start(const std::string& account, bool detached,
                                   const util::Environment& env) {
  std::filesystem::create_directories(state_dir(env));
  const std::string log = (state_dir(env) / "moto_server.log").string();
  for (int attempt = 0; attempt < 3; ++attempt) {
    int port = free_loopback_port();
    std::string port_s = std::to_string(port);
    pid_t pid = ::fork();
    if (pid < 0) throw Failure("sandbox: fork failed");
    if (pid == 0) {
      ::setsid();  // its own session: Ctrl-C in the terminal does not reach it
      int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int in = ::open("/dev/null", O_RDONLY);
      if (out >= 0) {
        ::dup2(out, 1);
        ::dup2(out, 2);
      }
      if (in >= 0) ::dup2(in, 0);
      ::setenv("MOTO_ACCOUNT_ID", account.c_str(), 1);
      ::setenv("PYTHONUNBUFFERED", "1", 1);
      ::execlp("moto_server", "moto_server", "-H", "127.0.0.1", "-p", port_s.c_str(),
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
    const std::string endpoint = "http://127.0.0.1:" + port_s;
    for (int i = 0; i < 150; ++i) {  // up to 30 s
      if (moto_answers(endpoint)) {
        LocalEmulator s(endpoint, account, pid, !detached);
        if (detached) {
          nlohmann::json state = {{"endpoint", endpoint}, {"account", account}, {"pid", pid}};
          util::write_file_atomic(state_file(env), state.dump() + "\n", 0600);
        }
        return s;
      }
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127) throw Failure(kInstallHint);
        break;  // exited (e.g. the port was taken meanwhile): try another port
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    terminate(pid, true);
  }
  throw Failure(std::string("sandbox: moto_server did not start (see ") + log + "); " +
                kInstallHint);
}

std::optional<LocalEmulator> LocalEmulator::running(const util::Environment& env) {
  const int wait_s = wait_seconds(env);  // bad input fails first
  sandbox_user(env);
  const std::filesystem::path file = state_file(env);
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return std::nullopt;
  auto j = nlohmann::json::parse(util::read_file(file), nullptr, false);
  if (!j.is_object() || !j.contains("endpoint") || !j.contains("pid")) return std::nullopt;
  int pid = j["pid"].get<int>();
  std::string endpoint = j["endpoint"].get<std::string>();
  // Gone (the machine restarted, or it was killed): its state is gone with it.
  if (!alive(pid) || !is_moto(pid)) return std::nullopt;
  // Alive but slow (a busy machine): wait for it. Starting another one instead
  // would hand a command that reads or deletes an empty emulator.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_s);
  while (!moto_answers(endpoint)) {
    if (!alive(pid)) return std::nullopt;
    if (std::chrono::steady_clock::now() >= deadline) {
      throw Failure("sandbox: the sandbox recorded in " + file.string() + " (moto_server pid " +
                    std::to_string(pid) + ", " + endpoint + ") is running but did not answer for " +
                    std::to_string(wait_s) +
                    " s (SNR_SANDBOX_WAIT_SECONDS); try again when the machine is "
                    "less busy, or stop it with `snr sandbox stop` (its state is lost)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  return LocalEmulator(endpoint, j.value("account", ""), pid, false);
}

bool LocalEmulator::stop_running(const util::Environment& env) {
  const std::filesystem::path file = state_file(env);
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return false;
  auto j = nlohmann::json::parse(util::read_file(file), nullptr, false);
  bool stopped = false;
  if (j.is_object() && j.contains("pid")) {
    int pid = j["pid"].get<int>();
    stopped = alive(pid) && is_moto(pid);
    terminate(pid, false);
  }
  std::filesystem::remove(file, ec);
  return stopped;
}

LocalEmulator::LocalEmulator(LocalEmulator&& o) noexcept
    : endpoint_(std::move(o.endpoint_)),
      account_(std::move(o.account_)),
      pid_(o.pid_),
      owned_(o.owned_) {
  o.owned_ = false;
  o.pid_ = -1;
}

LocalEmulator::~LocalEmulator() {
  if (owned_) terminate(pid_, true);
}

util::Environment LocalEmulator::client_environment(const util::Environment& base) const {
  util::Environment env = base;
  for (const char* k : {"AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_PROFILE"})
    env.erase(k);
  for (auto it = env.begin(); it != env.end();) {
    it = it->first.rfind("AWS_ENDPOINT_URL", 0) == 0 ? env.erase(it) : std::next(it);
  }
  env["AWS_ENDPOINT_URL"] = endpoint_;
  // Keys of a user made in the emulator itself, to try a policy (such as
  // `snr iam-policy`'s) in a sandbox that moto runs with IAM enforcement
  // (INITIAL_NO_AUTH_ACTION_COUNT set when it was started; docs/iam.md).
  auto user = sandbox_user(base);
  env["AWS_ACCESS_KEY_ID"] = user ? user->first : "sandbox";
  env["AWS_SECRET_ACCESS_KEY"] = user ? user->second : "sandbox";
  env["AWS_EC2_METADATA_DISABLED"] = "true";
  return env;
}

}  // namespace snr::deploy
