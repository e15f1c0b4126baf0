/// `snr agent signer-lease`: takes (or confirms) this instance's lease on the
/// signer key. stacks-signer.service runs it before every start, so a stopped
/// instance that comes back after a standby took over never signs again.

#include <memory>

#include "agent/agent_session.h"
#include "cli/command.h"

namespace snr::cli {

void add_agent_lease_command(CLI::App& agent, Io io) {
  auto f = std::make_shared<agent::SignerLeaseRequest>();
  CLI::App* cmd = agent.add_subcommand(
      "signer-lease",
      "Take this instance's lease on the signer key; exit 1 if another live instance holds it");
  cmd->add_option("--settings", f->settings, "deployment settings: a file, or ssm:PARAMETER-NAME")
      ->capture_default_str();
  cmd->add_option("--instance-id", f->instance_id, "EC2 instance id (default: IMDSv2)");
  cmd->add_option("--region", f->region, "AWS region (default: the settings')");
  cmd->callback([f, io] { agent::run_signer_lease(*f, io.err); });
}

}  // namespace snr::cli
