#include "agent/run/run_options.h"

namespace snr::agent {

RunOptions run_options_from_document(const contract::SettingsDocument& s) {
  RunOptions o;
  const config::Config& c = s.config;
  o.node_rpc_url = "http://127.0.0.1:" + std::to_string(c.ports.rpc);
  if (c.needs_signer_wiring())
    o.signer_url = "http://127.0.0.1:" + std::to_string(c.ports.signer_events);
  o.thresholds.max_blocks_behind = c.monitoring.health_max_blocks_behind;
  o.thresholds.max_tip_age = std::chrono::minutes(c.monitoring.health_max_tip_age_min);
  o.data_path = s.data_volume.mount_point;
  if (!s.metrics.dimension_sets.empty()) o.dimension_sets = s.metrics.dimension_sets;
  return o;
}

}  // namespace snr::agent
