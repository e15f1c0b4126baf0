#include "cli/command.h"

namespace snr::cli {

void add_agent_commands(CLI::App& app, Io io) {
  CLI::App* agent = app.add_subcommand("agent", "Node agent: runs on each EC2 instance");
  agent->require_subcommand(1);
  add_agent_restore_command(*agent, io);
  add_agent_run_command(*agent, io);
  add_agent_bootstrap_command(*agent, io);
  add_agent_lease_command(*agent, io);
  add_agent_snapshot_command(*agent, io);
  add_agent_upgrade_command(*agent, io);
}

}  // namespace snr::cli
