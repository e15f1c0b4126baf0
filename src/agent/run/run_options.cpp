#include "agent/run/run_options.h"

#include "node/networks.h"

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
  // The Bitcoin reference: the node's own bitcoind, as its [burnchain] names it. The password
  // is the public peer's published one here; a password secret is read by the caller.
  if (!c.bitcoin.peer_host.empty() && c.bitcoin.rpc_port != 0) {
    o.bitcoin_rpc_url = "http://" + c.bitcoin.peer_host + ":" + std::to_string(c.bitcoin.rpc_port);
    o.bitcoin_rpc_user = c.bitcoin.rpc_username;
    const auto& net = node::network_params(c.network);
    if (s.secrets.bitcoin_rpc_password_arn.empty() &&
        c.bitcoin.rpc_username == net.bitcoin_rpc_username)
      o.bitcoin_rpc_password = std::string(net.bitcoin_rpc_password);
  }
  if (!s.metrics.dimension_sets.empty()) o.dimension_sets = s.metrics.dimension_sets;
  return o;
}

}  // namespace snr::agent
