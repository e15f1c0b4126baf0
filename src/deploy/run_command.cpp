#include "deploy/run_command.h"

#include <algorithm>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "util/error.h"
#include "util/strings.h"

namespace snr::deploy {

namespace {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

/// What the operator can do about a command that did not run to its end.
std::string ssm_status_advice(const std::string& details) {
  if (details == "Undeliverable")
    return "the instance is not registered with Systems Manager: check that it is running, "
           "that the SSM agent runs on it (Amazon Linux 2023 has it) and that its instance "
           "profile allows ssm:UpdateInstanceInformation (AmazonSSMManagedInstanceCore)";
  if (details == "DeliveryTimedOut")
    return "the SSM agent on the instance did not pick the command up in time: check that the "
           "instance is running and reaches the Systems Manager endpoints";
  if (details == "ExecutionTimedOut")
    return "the agent command ran longer than its execution timeout and was stopped; run it "
           "again, or look at the instance's journal (journalctl -u snr-*)";
  if (details == "Terminated")
    return "the command was stopped on the instance (SSM agent restarted or the instance "
           "stopped); run it again";
  if (details == "Cancelled" || details == "Cancelling")
    return "someone cancelled the command (aws ssm cancel-command); run it again";
  if (details == "AccessDenied") return "the command could not run with the instance's permissions";
  return "see `aws ssm get-command-invocation` for details";
}

}  // namespace

std::string agent_command_line(const std::vector<std::string>& agent_args) {
  std::string line = std::string(kAgentBinary) + " agent";
  for (const std::string& a : agent_args)
    line += " " + shell_quote(a);
  return line;
}

AgentCommandResult run_agent_command(aws::SsmClient& ssm, const std::string& instance_id,
                                     const std::vector<std::string>& agent_args,
                                     const RunCommandOptions& options,
                                     const RunCommandHooks& hooks) {
  auto sleep = hooks.sleep ? hooks.sleep
                           : [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  const auto deadline = hooks.now() + options.timeout;
  aws::SendCommandRequest req;
  req.instance_ids = {instance_id};
  req.commands = {agent_command_line(agent_args)};
  // Delivery may take at most the whole wait (SSM's minimum is 30 s).
  req.timeout_seconds = std::max<int>(30, static_cast<int>(options.timeout.count()));
  req.execution_timeout_seconds = std::max<int>(30, static_cast<int>(options.timeout.count()));
  req.comment = options.comment.empty() ? "snr agent " + (agent_args.empty() ? "" : agent_args[0])
                                        : options.comment;
  const std::string command_id = ssm.send_command(req);
  const std::string what = "`snr agent " + (agent_args.empty() ? "" : agent_args[0]) + "` on " +
                           instance_id + " (SSM command " + command_id + ")";
  std::string last_status = "not yet visible";
  while (true) {
    std::optional<aws::CommandInvocation> inv = ssm.get_command_invocation(command_id, instance_id);
    if (inv) {
      last_status = inv->status + (inv->status_details.empty() || inv->status_details == inv->status
                                       ? ""
                                       : " (" + inv->status_details + ")");
      const bool ran = inv->response_code >= 0;
      if (inv->status == "Success" ||
          (inv->status == "Failed" && ran &&
           (inv->status_details.empty() || inv->status_details == "Failed"))) {
        return {command_id, inv->status == "Success" && !ran ? 0 : inv->response_code,
                inv->standard_output, inv->standard_error};
      }
      if (inv->status == "Failed" || inv->status == "TimedOut" || inv->status == "Cancelled" ||
          inv->status == "Cancelling") {
        std::string details = inv->status_details.empty() ? inv->status : inv->status_details;
        if (inv->status == "Failed" && !ran && details == "Failed") details = "Undeliverable";
        std::string msg = fmt::format("{} did not complete: {}; {}", what, last_status,
                                      ssm_status_advice(details));
        std::string err = util::last_lines(inv->standard_error, 5);
        if (!err.empty()) msg += "\nagent stderr:\n" + err;
        throw Failure(msg);
      }
    }
    if (hooks.now() >= deadline) {
      throw Failure(fmt::format(
          "{} gave no result within {} s (last status: {}); check that the instance is running "
          "and registered with Systems Manager (aws ssm describe-instance-information), then run "
          "the command again",
          what, options.timeout.count(), last_status));
    }
    sleep(options.poll);
  }
}

void require_success(const AgentCommandResult& result, const std::string& instance_id,
                     const std::string& what) {
  if (result.ok()) return;
  std::string msg = what + " failed on " + instance_id + " (exit " +
                    std::to_string(result.exit_code) + ", SSM command " + result.command_id + ")";
  std::string err = util::last_lines(result.standard_error, 10);
  if (!err.empty()) msg += ":\n" + err;
  throw Failure(msg);
}

}  // namespace snr::deploy
