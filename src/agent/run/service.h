#pragma once
/// `snr agent run` put together: the settings (optional when run by hand),
/// who the instance is, the CloudWatch publisher and the owed readiness
/// signals, then AgentRunner, once or until SIGTERM/SIGINT. The CLI only
/// parses and checks the flags.

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>

#include "contract/metrics.h"
#include "contract/names.h"
#include "contract/settings_document.h"

namespace snr::agent {

/// What `snr agent run` is asked (its flags, already checked); unset members
/// come from the settings document, else from the defaults.
struct RunRequest {
  std::string settings = std::string(contract::kSettingsFile);
  bool settings_given = false;  ///< --settings named: the document must exist
  std::optional<std::string> node_rpc;
  std::optional<std::string> signer_url;
  std::optional<std::pair<std::string, std::uint16_t>> health_listen;
  std::optional<std::chrono::seconds> interval;
  std::optional<std::string> instance_id;
  std::optional<std::string> region;
  std::optional<std::string> autoscaling_group;
  std::optional<std::string> data_path;
  std::optional<std::uint32_t> max_blocks_behind;
  std::optional<std::uint32_t> max_tip_age_min;
  std::string state_dir = "/var/lib/snr";
  bool once = false;    ///< one cycle, its verdict as JSON on `out`
  bool publish = true;  ///< false: no AWS calls (no metrics, no signals)
};

/// Runs the agent as `request` says, logging to `err`. Throws snr::Failure
/// when `once` could not publish its datapoints.
void run_agent_service(const RunRequest& request, std::ostream& out, std::ostream& err);

}  // namespace snr::agent
