#include <cerrno>
#include <chrono>
#include <iostream>
#include <memory>
#include <thread>
#include <cstring>
#include <filesystem>
#include <ostream>
#include <string>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "aws/context.h"
#include "aws/time.h"
#include "cli/aws_options.h"
#include "cli/command.h"
#include "cli/deploy_session.h"
#include "cli/env_option.h"
#include "cli/interrupt.h"
#include "deploy/deployer.h"
#include "deploy/destroyer.h"
#include "deploy/local_emulator.h"
#include "deploy/status.h"
#include "infra/synth.h"
#include "util/env.h"
#include "util/error.h"
#include "util/sha256.h"

namespace snr::cli {
namespace {

/// One deploy or destroy of an account and region at a time on this machine:
/// an flock held until the process ends. A second one is refused at once
/// (exit 1) instead of racing the first (two creations of the common stack
/// end in "Export names must be unique" and leftover buckets).
class DeployLock {
 public:
  /// Keyed by account, region and CloudFormation endpoint (AWS, or an
  /// emulator's URL: two sandboxes do not share a lock).
  DeployLock(const config::Config& c, const aws::AwsContext& ctx, const util::Environment& env) {
    std::string endpoint = ctx.endpoint_url.value_or(
        util::env_value(ctx.env, "AWS_ENDPOINT_URL_CLOUDFORMATION")
            .value_or(util::env_value(ctx.env, "AWS_ENDPOINT_URL").value_or("aws")));
    std::filesystem::path dir = util::env_value(env, "XDG_RUNTIME_DIR").value_or("/tmp");
    path_ = dir / ("snr-deploy-" + c.account_id + "-" + c.region + "-" +
                   util::sha256_hex(endpoint).substr(0, 12) + ".lock");
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd_ < 0) {
      throw Failure("cannot open the deploy lock " + path_.string() + ": " + std::strerror(errno));
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const int e = errno;
      char pid[32] = {};
      ssize_t n = ::pread(fd_, pid, sizeof pid - 1, 0);
      ::close(fd_);
      if (e != EWOULDBLOCK)
        throw Failure("cannot lock " + path_.string() + ": " + std::strerror(e));
      throw Failure("another snr deploy or destroy of account " + c.account_id + " in " + c.region +
                    " is running" +
                    (n > 0 ? " (pid " + std::string(pid, static_cast<std::size_t>(n)) + ")" : "") +
                    "; wait for it to finish (lock " + path_.string() + ")");
    }
    std::string me = std::to_string(::getpid());
    if (::ftruncate(fd_, 0) == 0) (void)!::pwrite(fd_, me.data(), me.size(), 0);
  }
  ~DeployLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock; the file stays (unlinking would race)
  }
  DeployLock(const DeployLock&) = delete;
  DeployLock& operator=(const DeployLock&) = delete;

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

struct StackArgs {
  std::vector<std::string> ids;
  bool all = false;
};

void add_stack_args(CLI::App* cmd, StackArgs& args, const char* what) {
  cmd->add_option(
      "STACK_ID", args.ids,
      std::string("Stacks to ") + what + ": stacks-common, stacks-single-node, stacks-ha-nodes");
  cmd->add_flag("--all", args.all, std::string("All stacks that apply to the configuration"));
}

/// The stack ids to act on: the given ones, or all with --all; giving neither
/// is an error when `required` (as cdk does, so nothing happens by accident).
std::vector<std::string> stack_ids(const StackArgs& args, const config::Config& c, bool required) {
  if (args.all || (!required && args.ids.empty())) return infra::applicable_stack_ids(c);
  if (args.ids.empty()) {
    std::string ids;
    for (const auto& id : infra::applicable_stack_ids(c))
      ids += " " + id;
    throw UserError("STACK_ID",
                    "name the stacks to act on, or pass --all; for this configuration:" + ids);
  }
  return args.ids;
}

/// The options every deploy-family command has.
struct CommonOptions {
  std::shared_ptr<std::optional<std::filesystem::path>> env;
  std::shared_ptr<AwsFlags> aws;
  std::shared_ptr<StackArgs> stacks = std::make_shared<StackArgs>();
  std::shared_ptr<bool> sandbox = std::make_shared<bool>(false);
};

CommonOptions add_common_options(CLI::App* cmd, const char* stacks_what, const char* sandbox_help) {
  CommonOptions o;
  o.env = add_env_option(cmd);
  o.aws = add_aws_options(cmd);
  add_stack_args(cmd, *o.stacks, stacks_what);
  cmd->add_flag("--sandbox", *o.sandbox, sandbox_help);
  return o;
}

/// --snr-binary: the executable the instances run (default: this one).
std::shared_ptr<std::string> add_binary_option(CLI::App* cmd, const char* help) {
  auto binary = std::make_shared<std::string>();
  cmd->add_option("--snr-binary", *binary, help)->type_name("FILE");
  return binary;
}

std::filesystem::path binary_path(const std::string& flag) {
  return flag.empty() ? std::filesystem::path("/proc/self/exe") : std::filesystem::path(flag);
}

std::string require_approval_help() {
  return "Ask before deploying: never, broadening (IAM or security group access widens, or a "
         "node is replaced; the default) or any-change";
}

}  // namespace

void add_deploy_commands(CLI::App& app, Io io) {
  // --- deploy -----------------------------------------------------------------
  {
    CLI::App* cmd =
        app.add_subcommand("deploy", "Deploy stacks through CloudFormation change sets");
    CommonOptions opt =
        add_common_options(cmd, "deploy (with what they depend on)",
                           "Deploy into a local AWS emulator (moto_server) instead of AWS");
    auto outputs = std::make_shared<std::string>();
    auto approval = std::make_shared<std::string>();
    auto upgrade = std::make_shared<bool>(false);
    auto update_ami = std::make_shared<bool>(false);
    cmd->add_option("--outputs-file", *outputs,
                    "Write the stack outputs as cdk does: {stack-id: {key: value}}")
        ->type_name("FILE");
    cmd->add_option("--require-approval", *approval, require_approval_help())
        ->type_name("never|broadening|any-change");
    cmd->add_flag("--upgrade", *upgrade,
                  "With STACKS_VERSION=latest: move a running deployment to the newest release");
    cmd->add_flag("--update-ami", *update_ami,
                  "Move running nodes to the latest Amazon Linux 2023 AMI (replaces them; the "
                  "AMI is otherwise kept from the first deploy)");
    auto binary = add_binary_option(
        cmd, "The snr executable the instances run (default: this one; an arm64 build for ARM_64)");
    cmd->callback([=] {
      InterruptGuard guard;  // first: Ctrl-C in any phase stops at the next step
      config::Config c = load_config(*opt.env, io);
      deploy::DeployOptions o;
      o.stack_ids = stack_ids(*opt.stacks, c, true);
      if (!outputs->empty()) o.outputs_file = *outputs;
      if (!approval->empty()) {
        auto a = deploy::parse_approval(*approval);
        if (!a) {
          throw UserError(
              "--require-approval",
              "\"" + *approval + "\" is not valid; allowed: never, broadening, any-change");
        }
        o.approval = *a;
      }
      o.upgrade = *upgrade;
      o.update_ami = *update_ami;
      o.snr_binary = binary_path(*binary);
      DeploySession session =
          open_session(c, *opt.aws, *opt.sandbox, io, util::process_environment());
      o.quirks = session.quirks;
      DeployLock lock(c, session.context, util::process_environment());
      if (session.emulator && approval->empty()) o.approval = deploy::Approval::never;
      deploy::DeployHooks hooks;
      hooks.confirm = ask_yes_no;
      hooks.interrupted = &InterruptGuard::interrupted;
      deploy::Deployer d(c, session.context, *session.releases, o, hooks, io.out, io.err);
      int code = d.deploy();
      if (code != 0) throw ExitWith{code};
    });
  }

  // --- diff -------------------------------------------------------------------
  {
    CLI::App* cmd = app.add_subcommand("diff", "Show what a deploy would change, changing nothing");
    CommonOptions opt = add_common_options(cmd, "compare (default: all that apply)",
                                           "Compare with the local sandbox instead of AWS");
    auto binary = add_binary_option(cmd, "The snr executable a deploy would publish");
    cmd->callback([=] {
      config::Config c = load_config(*opt.env, io);
      deploy::DeployOptions o;
      o.stack_ids = stack_ids(*opt.stacks, c, false);
      o.snr_binary = binary_path(*binary);
      DeploySession session =
          open_session(c, *opt.aws, *opt.sandbox, io, util::process_environment());
      deploy::Deployer d(c, session.context, *session.releases, o, {}, io.out, io.err);
      d.diff();
    });
  }

  // --- destroy ----------------------------------------------------------------
  {
    CLI::App* cmd =
        app.add_subcommand("destroy", "Delete stacks (and what they own) in reverse order");
    CommonOptions opt =
        add_common_options(cmd, "delete", "Delete from the local sandbox instead of AWS");
    auto force = std::make_shared<bool>(false);
    auto delete_keys = std::make_shared<bool>(false);
    cmd->add_flag("--force", *force, "Do not ask for confirmation");
    cmd->add_flag("--delete-keys", *delete_keys,
                  "Also schedule the deletion of signer/miner keys snr generated (30-day recovery "
                  "window); by default they are kept");
    auto delete_snapshots = std::make_shared<bool>(false);
    cmd->add_flag("--delete-snapshots", *delete_snapshots,
                  "Also delete the node stacks' chainstate snapshots once the stacks are gone; by "
                  "default they are kept");
    cmd->callback([=] {
      config::Config c = load_config(*opt.env, io);
      std::vector<std::string> ids = stack_ids(*opt.stacks, c, true);
      DeploySession session =
          open_session(c, *opt.aws, *opt.sandbox, io, util::process_environment());
      DeployLock lock(c, session.context, util::process_environment());
      if (!*force) {
        std::string names;
        for (const auto& id : ids)
          names += " " + id;
        auto yes = ask_yes_no("Delete" + names + " from " + c.account_id + "/" + c.region + "?");
        if (!yes) {
          throw UserError("--force",
                          "destroy needs confirmation and there is no terminal to ask; "
                          "pass --force to delete without asking");
        }
        if (!*yes) throw ExitWith{1};
      }
      InterruptGuard guard;
      deploy::DestroyOptions o;
      o.stack_ids = ids;
      o.delete_keys = *delete_keys;
      o.delete_snapshots = *delete_snapshots;
      o.interrupted = &InterruptGuard::interrupted;
      int code = deploy::destroy(c, session.context, o, io.out, io.err);
      if (code != 0) throw ExitWith{code};
    });
  }

  // --- status -----------------------------------------------------------------
  {
    CLI::App* cmd = app.add_subcommand("status", "Stacks, outputs, instances and target health");
    CommonOptions opt = add_common_options(cmd, "show (default: all that apply)",
                                           "Look at the local sandbox instead of AWS");
    auto json = std::make_shared<bool>(false);
    auto watch = std::make_shared<std::string>();
    cmd->add_flag("--json", *json, "JSON for scripts (shape: docs/status.md)");
    cmd->add_option("--watch", *watch,
                    "Refresh every SECONDS (default 30) until Ctrl-C; in place on a terminal")
        ->expected(0, 1)
        ->type_name("[SECONDS]");
    cmd->callback([=] {
      const bool watching = cmd->count("--watch") > 0;
      int every = 30;
      if (watching && !watch->empty()) {
        try {
          std::size_t used = 0;
          every = std::stoi(*watch, &used);
          if (used != watch->size() || every < 1) throw std::invalid_argument(*watch);
        } catch (const std::exception&) {
          throw UserError("--watch",
                          "expected a whole number of seconds of at least 1, got '" + *watch + "'");
        }
      }
      config::Config c = load_config(*opt.env, io);
      DeploySession session =
          open_session(c, *opt.aws, *opt.sandbox, io, util::process_environment());
      const auto ids = stack_ids(*opt.stacks, c, false);
      auto once = [&] {
        if (*json) {
          io.out << deploy::status_json(c, session.context, ids).dump(2) << "\n";
        } else {
          deploy::print_status(c, session.context, ids, io.out);
        }
        io.out.flush();
      };
      if (!watching) {
        once();
        return;
      }
      // In place on a terminal (clear and home); plain repeated blocks into a pipe or file.
      const bool tty = &io.out == &std::cout && ::isatty(STDOUT_FILENO) == 1;
      InterruptGuard guard;
      while (!InterruptGuard::interrupted()) {
        if (tty) io.out << "\x1b[H\x1b[2J";
        else if (!*json) io.out << "--- " << aws::format_iso8601(aws::Clock::now()) << "\n";
        once();
        for (int i = 0; i < every * 10 && !InterruptGuard::interrupted(); ++i)
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  }

  // --- sandbox ----------------------------------------------------------------
  {
    CLI::App* cmd = app.add_subcommand(
        "sandbox", "A local AWS emulator (moto_server) for trying snr without an AWS account");
    cmd->require_subcommand(1);
    CLI::App* start = cmd->add_subcommand(
        "start",
        "Start a sandbox that later commands with --sandbox use, until `snr sandbox stop`");
    auto env = add_env_option(start);
    start->callback([=] {
      config::Config c = load_config(*env, io);
      const util::Environment env = util::process_environment();
      if (auto running = deploy::LocalEmulator::running(env)) {
        io.out << "sandbox already running at " << running->endpoint() << " (account "
               << running->account() << ")\n";
        return;
      }
      deploy::LocalEmulator s = deploy::LocalEmulator::start(c.account_id, true, env);
      io.out << "sandbox running at " << s.endpoint() << " (moto_server, a local AWS emulator; "
             << "account " << s.account() << "); stop it with `snr sandbox stop`\n";
    });
    CLI::App* stop = cmd->add_subcommand("stop", "Stop the sandbox (its state is lost)");
    stop->callback([io] {
      io.out << (deploy::LocalEmulator::stop_running(util::process_environment())
                     ? "sandbox stopped\n"
                     : "no sandbox was running\n");
    });
  }
}

}  // namespace snr::cli
