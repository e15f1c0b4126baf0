#pragma once
/// Runs `snr agent <subcommand> ...` on one instance through SSM Run Command
/// (document AWS-RunShellScript) and waits for its result.
///
/// The seam the operator commands use to reach the agent (`snr snapshot create`:
/// snapshot-prepare / snapshot-done; `snr upgrade`: the in-place swap). Small on
/// purpose: one call, one instance, one result.
///
/// - The script ran (SSM status Success, or Failed with an exit code): the result
///   holds its exit code, stdout and stderr (SSM keeps the first 24,000 / 8,000
///   characters). A non-zero exit is the caller's to judge; `require_success`
///   turns it into a snr::Failure naming the instance and the agent's stderr.
/// - The script never ran or was stopped (Undeliverable, DeliveryTimedOut,
///   ExecutionTimedOut, Cancelled, Terminated, ...) or no final status came
///   within `timeout`: snr::Failure naming the instance, the command id and what
///   the operator can do (the SSM agent not registered, the instance profile, ...).
/// - InvocationDoesNotExist right after SendCommand is normal on AWS (the
///   invocation appears a moment later): it is polled again until the timeout.
///
/// Time is injected (`RunCommandHooks`) so tests never sleep.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "aws/ssm.h"

namespace snr::deploy {

/// Where the user-data installs snr and the settings on every instance.
inline constexpr const char* kAgentBinary = "/usr/local/bin/snr";

struct AgentCommandResult {
  std::string command_id;
  int exit_code = -1;
  std::string standard_output;
  std::string standard_error;
  bool ok() const { return exit_code == 0; }
};

struct RunCommandOptions {
  /// How long to wait for a final status (delivery and execution together).
  std::chrono::seconds timeout{600};
  /// Between two GetCommandInvocation calls.
  std::chrono::milliseconds poll{2000};
  /// The SSM Comment (shown in the console and `aws ssm list-commands`).
  std::string comment;
};

struct RunCommandHooks {
  std::function<std::chrono::steady_clock::time_point()> now = [] {
    return std::chrono::steady_clock::now();
  };
  std::function<void(std::chrono::milliseconds)> sleep;  ///< empty: std::this_thread::sleep_for
};

/// The shell line that runs `snr agent <agent_args...>` (each argument single-quoted).
std::string agent_command_line(const std::vector<std::string>& agent_args);

/// Sends the command and waits for its final status; see the header comment.
AgentCommandResult run_agent_command(aws::SsmClient& ssm, const std::string& instance_id,
                                     const std::vector<std::string>& agent_args,
                                     const RunCommandOptions& options = {},
                                     const RunCommandHooks& hooks = {});

/// Throws snr::Failure unless `result.ok()`: names the instance, `what` and the
/// last lines of the agent's stderr.
void require_success(const AgentCommandResult& result, const std::string& instance_id,
                     const std::string& what);

}  // namespace snr::deploy
