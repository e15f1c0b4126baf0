#include "agent/run/health.h"

#include <fmt/format.h>

namespace snr::agent {

std::string_view to_string(HealthStatus status) {
  switch (status) {
    case HealthStatus::starting:
      return "starting";
    case HealthStatus::node_down:
      return "node-down";
    case HealthStatus::syncing:
      return "syncing";
    case HealthStatus::behind_peers:
      return "behind-peers";
    case HealthStatus::peer_check_failed:
      return "peer-check-failed";
    case HealthStatus::stalled:
      return "stalled";
    case HealthStatus::synced:
      return "synced";
  }
  return "starting";
}

HealthVerdict starting_verdict() {
  HealthVerdict v;
  v.status = HealthStatus::starting;
  v.reason = "the agent has not sampled the node yet";
  return v;
}

HealthVerdict judge(const NodeSample& sample, std::optional<std::chrono::seconds> tip_age,
                    const HealthThresholds& thresholds) {
  HealthVerdict v;
  if (!sample.rpc_up || !sample.info) {
    v.status = HealthStatus::node_down;
    v.reason = "stacks-node RPC does not answer: " + sample.rpc_error;
    return v;
  }
  const NodeInfo& i = *sample.info;
  if (!i.is_fully_synced) {
    v.status = HealthStatus::syncing;
    v.reason = fmt::format("initial block download: Stacks tip {}, Bitcoin height {}",
                           i.stacks_tip_height, i.burn_block_height);
    return v;
  }
  if (sample.peer_health) {
    const PeerHealth& p = *sample.peer_health;
    if (p.difference_from_max_peer > thresholds.max_blocks_behind) {
      v.status = HealthStatus::behind_peers;
      v.reason =
          fmt::format("{} blocks behind the most advanced peer (height {}; at most {} allowed)",
                      p.difference_from_max_peer, p.max_stacks_height_of_neighbors,
                      thresholds.max_blocks_behind);
      return v;
    }
  } else if (!sample.peer_health_absent) {
    v.status = HealthStatus::peer_check_failed;
    v.reason = "cannot tell how far behind its peers the node is: " + sample.peer_health_error;
    return v;
  }
  if (tip_age && *tip_age > thresholds.max_tip_age) {
    v.status = HealthStatus::stalled;
    v.reason = fmt::format("the Stacks tip ({}) has not advanced for {} s (at most {} s allowed)",
                           i.stacks_tip_height, tip_age->count(), thresholds.max_tip_age.count());
    return v;
  }
  v.healthy = true;
  v.status = HealthStatus::synced;
  v.reason = fmt::format("synced at Stacks tip {}", i.stacks_tip_height);
  return v;
}

nlohmann::json HealthVerdict::to_json(const NodeSample* sample,
                                      std::optional<std::chrono::seconds> tip_age) const {
  nlohmann::json j = {{"status", to_string(status)}, {"healthy", healthy}, {"reason", reason}};
  if (sample != nullptr && sample->info) {
    j["stacks_tip_height"] = sample->info->stacks_tip_height;
    j["burn_block_height"] = sample->info->burn_block_height;
    j["is_fully_synced"] = sample->info->is_fully_synced;
  }
  if (sample != nullptr && sample->peer_health)
    j["blocks_behind_peers"] = sample->peer_health->difference_from_max_peer;
  if (tip_age) j["tip_age_seconds"] = tip_age->count();
  return j;
}

}  // namespace snr::agent
