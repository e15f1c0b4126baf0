#pragma once
/// Runs the built snr binary as a user would: a clean environment (PATH and
/// HOME plus what the test gives), a working directory, captured output.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace snr::testing {

struct RunResult {
  int code = -1;  ///< exit code; -1 if it did not exit normally
  std::string out;
  std::string err;
};

inline RunResult run_snr(std::vector<std::string> args,
                         const std::map<std::string, std::string>& env = {},
                         const std::filesystem::path& cwd = {}) {
  args.insert(args.begin(), SNR_BINARY);
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);

  std::map<std::string, std::string> full = {
      {"PATH", std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin"},
      {"HOME", std::getenv("HOME") ? std::getenv("HOME") : "/tmp"}};
  for (const auto& [k, v] : env)
    full[k] = v;
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : full)
    env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : env_strings)
    envp.push_back(e.data());
  envp.push_back(nullptr);

  char out_tmpl[] = "/tmp/snr_run_out_XXXXXX";
  char err_tmpl[] = "/tmp/snr_run_err_XXXXXX";
  int out_fd = ::mkstemp(out_tmpl);
  int err_fd = ::mkstemp(err_tmpl);
  RunResult r;
  pid_t pid = ::fork();
  if (pid == 0) {
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
    int null_in = ::open("/dev/null", O_RDONLY);
    if (null_in < 0 || ::dup2(null_in, 0) < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0) {
      ::_exit(127);
    }
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  int status = 0;
  if (pid > 0 && ::waitpid(pid, &status, 0) == pid && WIFEXITED(status)) {
    r.code = WEXITSTATUS(status);
  }
  auto slurp = [](const char* path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  r.out = slurp(out_tmpl);
  r.err = slurp(err_tmpl);
  ::close(out_fd);
  ::close(err_fd);
  ::unlink(out_tmpl);
  ::unlink(err_tmpl);
  return r;
}

}  // namespace snr::testing
