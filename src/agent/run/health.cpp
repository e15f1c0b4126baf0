#include "agent/run/health.h"

#include <fmt/format.h>

namespace snr::agent {

HealthVerdict starting_verdict() {
  HealthVerdict v;
  v.status = "starting";
  v.reason = "the agent has not sampled the node yet";
  return v;
}

HealthVerdict judge(const NodeSample& s, std::optional<std::chrono::seconds> tip_age,
                    const HealthThresholds& t) {
  HealthVerdict v;
  if (!s.rpc_up || !s.info) {
    v.status = "node-down";
    v.reason = "stacks-node RPC does not answer: " + s.rpc_error;
    return v;
  }
  const NodeInfo& i = *s.info;
  if (!i.is_fully_synced) {
    v.status = "syncing";
    v.reason = fmt::format("initial block download: Stacks tip {}, Bitcoin height {}",
                           i.stacks_tip_height, i.burn_block_height);
    return v;
  }
  if (s.peer_health) {
    const PeerHealth& p = *s.peer_health;
    if (p.difference_from_max_peer > t.max_blocks_behind) {
      v.status = "behind-peers";
      v.reason = fmt::format(
          "{} blocks behind the most advanced peer (height {}; at most {} allowed)",
          p.difference_from_max_peer, p.max_stacks_height_of_neighbors, t.max_blocks_behind);
      return v;
    }
  } else if (!s.peer_health_absent) {
    v.status = "peer-check-failed";
    v.reason = "cannot tell how far behind its peers the node is: " + s.peer_health_error;
    return v;
  }
  if (tip_age && *tip_age > t.max_tip_age) {
    v.status = "stalled";
    v.reason = fmt::format("the Stacks tip ({}) has not advanced for {} s (at most {} s allowed)",
                           i.stacks_tip_height, tip_age->count(), t.max_tip_age.count());
    return v;
  }
  v.healthy = true;
  v.status = "synced";
  v.reason = fmt::format("synced at Stacks tip {}", i.stacks_tip_height);
  return v;
}

nlohmann::json HealthVerdict::to_json(const NodeSample* s,
                                      std::optional<std::chrono::seconds> tip_age) const {
  nlohmann::json j = {{"status", status}, {"healthy", healthy}, {"reason", reason}};
  if (s != nullptr && s->info) {
    j["stacks_tip_height"] = s->info->stacks_tip_height;
    j["burn_block_height"] = s->info->burn_block_height;
    j["is_fully_synced"] = s->info->is_fully_synced;
  }
  if (s != nullptr && s->peer_health)
    j["blocks_behind_peers"] = s->peer_health->difference_from_max_peer;
  if (tip_age) j["tip_age_seconds"] = tip_age->count();
  return j;
}

}  // namespace snr::agent
