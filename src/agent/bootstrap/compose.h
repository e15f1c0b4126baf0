#pragma once
/// `snr agent bootstrap` put together: loads the settings, finds out who the
/// instance is, chooses the host (the machine, a directory, or a dry run),
/// wires secrets, readiness signals, the volume attachment, the signer lease
/// and the chainstate restore into BootstrapServices, runs run_bootstrap and
/// reports. The CLI only parses and checks the flags.

#include <chrono>
#include <iosfwd>
#include <optional>
#include <string>

#include "contract/metrics.h"
#include "contract/names.h"
#include "contract/settings_document.h"

namespace snr::agent {

/// What `snr agent bootstrap` is asked (its flags, already checked).
struct BootstrapRequest {
  std::string settings = std::string(contract::kSettingsFile);  ///< a file or ssm:NAME
  std::string root;  ///< act on files under this directory; "" = the machine
  bool dry_run = false;
  std::string release_base_url;  ///< "" = GitHub releases
  std::optional<std::string> instance_id;
  std::optional<std::string> region;
  std::optional<std::string> autoscaling_group;
  std::string node_rpc;  ///< "" = http://127.0.0.1:<rpc port>
  bool signal = true;    ///< send the readiness signals
  bool cloudwatch_agent = true;
  std::chrono::seconds device_timeout{300};
  std::chrono::seconds ready_timeout{600};
};

/// Bootstraps the instance as `request` says: progress and the log to `err`,
/// the outcome (or, for a dry run, the numbered plan) to `out`. Throws what
/// run_bootstrap throws.
void bootstrap_instance(const BootstrapRequest& request, std::ostream& out, std::ostream& err);

}  // namespace snr::agent
