#pragma once
/// `snr agent upgrade` put together: loads the settings document (role, CPU, ports, data
/// mount), chooses the host (the machine, or a directory for tests), wires the node
/// sampler and the clock into UpgradeServices, runs run_agent_upgrade and prints its JSON
/// result on stdout. The CLI only parses and checks the flags.

#include <chrono>
#include <iosfwd>
#include <optional>
#include <string>

#include "contract/names.h"

namespace snr::agent {

/// What `snr agent upgrade` is asked (its flags, already checked).
struct AgentUpgradeRequest {
  std::string to;
  std::string settings = std::string(contract::kSettingsFile);  ///< a file or ssm:NAME
  std::string root;              ///< act on files under this directory; "" = the machine
  std::string release_base_url;  ///< "" = GitHub releases
  std::string node_rpc;          ///< "" = http://127.0.0.1:<rpc port>
  std::optional<std::string> region;  ///< for ssm: settings (default: the instance's)
  std::chrono::seconds gate_timeout{std::chrono::minutes(30)};
  std::chrono::seconds rollback_timeout{std::chrono::minutes(10)};
  std::chrono::milliseconds poll{std::chrono::seconds(30)};
};

/// Runs it; the JSON result to `out`, progress to `err`. Returns the process exit code:
/// 0 upgraded (or already current), 1 otherwise.
int upgrade_instance(const AgentUpgradeRequest& request, std::ostream& out, std::ostream& err);

/// check-config's output with every secret-looking value of the rendered configs removed:
/// the quoted values of keys naming a seed, key, password, token or secret, and runs of
/// 32 or more hex digits.
std::string scrub_config_secrets(std::string text, const std::string& rendered_configs);

}  // namespace snr::agent
