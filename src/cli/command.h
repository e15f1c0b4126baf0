#pragma once
/// What every command module needs to register its subcommands.

#include <iosfwd>

#include <CLI/CLI.hpp>

namespace snr::cli {

/// Where commands write. stdout is for results, stderr for progress and errors.
struct Io {
  std::ostream& out;
  std::ostream& err;
};

// Each command module adds its subcommands to the root app. A callback reports
// bad input by throwing snr::UserError and other failures by throwing
// snr::Failure; it may also return a non-zero exit code through CommandResult.
void add_config_commands(CLI::App& app, Io io);
/// `snr render node-config|signer-config` (src/cli/render_commands.cpp).
void add_render_commands(CLI::App& app, Io io);
/// `snr agent ...`: the node agent's commands (src/cli/agent_commands.cpp).
void add_agent_commands(CLI::App& app, Io io);
/// `snr synth`, `snr list`, `snr nag`: CloudFormation templates (src/cli/synth_commands.cpp).
void add_synth_commands(CLI::App& app, Io io);
/// `snr diagram`: the deployment drawn from the templates (src/cli/diagram_command.cpp).
void add_diagram_command(CLI::App& app, Io io);
/// `snr deploy|diff|destroy|status|sandbox` (src/cli/deploy_commands.cpp).
void add_deploy_commands(CLI::App& app, Io io);
/// `snr snapshot create|list` (src/cli/snapshot_commands.cpp).
void add_snapshot_commands(CLI::App& app, Io io);
/// `snr upgrade` (src/cli/upgrade_command.cpp).
void add_upgrade_command(CLI::App& app, Io io);
/// `snr cost`: the monthly cost estimate (src/cli/cost_command.cpp).
void add_cost_command(CLI::App& app, Io io);
/// `snr keys ...`: generate and inspect Stacks private keys (src/cli/keys_commands.cpp).
void add_keys_commands(CLI::App& app, Io io);
/// `snr agent restore-chainstate` (src/cli/agent_restore_command.cpp).
void add_agent_restore_command(CLI::App& agent, Io io);
/// `snr agent run` (src/cli/agent_run_command.cpp).
void add_agent_run_command(CLI::App& agent, Io io);
/// `snr agent bootstrap` (src/cli/agent_bootstrap_command.cpp).
void add_agent_bootstrap_command(CLI::App& agent, Io io);
/// `snr agent snapshot-prepare|snapshot-done` (src/cli/agent_snapshot_command.cpp).
void add_agent_snapshot_command(CLI::App& agent, Io io);
/// `snr agent signer-lease` (src/cli/agent_lease_command.cpp).
void add_agent_lease_command(CLI::App& agent, Io io);
/// `snr agent upgrade` (src/cli/agent_upgrade_command.cpp).
void add_agent_upgrade_command(CLI::App& agent, Io io);

/// Thrown by a callback that wants a specific exit code without an error message
/// (e.g. `snr nag` exits 1 when it found unsuppressed errors it already printed).
struct ExitWith {
  int code;
};

}  // namespace snr::cli
