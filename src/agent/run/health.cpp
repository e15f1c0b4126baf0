#include "agent/run/health.h"

#include <fmt/format.h>

namespace snr::agent {

std::string_view to_string(HealthStatus status) {
  switch (status) {
    case HealthStatus::starting:
      return "starting";
    case HealthStatus::node_down:
      return "node-down";
    case HealthStatus::unknown:
      return "unknown";
    case HealthStatus::syncing:
      return "syncing";
    case HealthStatus::behind_bitcoin:
      return "behind-bitcoin";
    case HealthStatus::behind_peers:
      return "behind-peers";
    case HealthStatus::stalled:
      return "stalled";
    case HealthStatus::network_stalled:
      return "network-stalled";
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

namespace {

HealthVerdict verdict(HealthStatus status, std::string reason, bool healthy = false) {
  HealthVerdict v;
  v.status = status;
  v.healthy = healthy;
  v.reason = std::move(reason);
  return v;
}

bool fresh(const std::optional<std::chrono::seconds>& age, std::chrono::seconds limit) {
  return age && *age <= limit;
}

}  // namespace

HealthVerdict judge(const NodeSample& sample, std::optional<std::chrono::seconds> tip_age,
                    const HealthThresholds& thresholds) {
  Progress p;
  p.tip_age = tip_age;
  return judge(sample, p, thresholds);
}

HealthVerdict judge(const NodeSample& sample, const Progress& progress, const HealthThresholds& t) {
  if (!sample.rpc_up || !sample.info)
    return verdict(HealthStatus::node_down,
                   "stacks-node RPC does not answer sensibly: " + sample.rpc_error);
  const NodeInfo& i = *sample.info;
  // An extra negative only: 4.x reports true from its first run-loop pass.
  if (!i.is_fully_synced)
    return verdict(HealthStatus::syncing,
                   fmt::format("initial block download: Stacks tip {}, burn block height {}",
                               i.stacks_tip_height, i.burn_block_height));

  // Reference 1: the Bitcoin tip of the node's own bitcoind.
  const bool bitcoin_ok = sample.bitcoin && !sample.bitcoin->initial_block_download;
  if (bitcoin_ok && sample.bitcoin->blocks > i.burn_block_height + t.max_burn_blocks_behind)
    return verdict(HealthStatus::behind_bitcoin,
                   fmt::format("burn block height {} is {} behind its bitcoind's tip {} (at most "
                               "{} allowed)",
                               i.burn_block_height, sample.bitcoin->blocks - i.burn_block_height,
                               sample.bitcoin->blocks, t.max_burn_blocks_behind));

  // Reference 2: the peers' maximum Stacks height.
  bool peer_valid = false;
  bool peer_ignored = false;
  std::string no_peer;  // why there is no usable peer height
  if (sample.peer_health) {
    const PeerHealth& p = *sample.peer_health;
    const std::uint64_t max = p.max_stacks_height_of_neighbors;
    if (max == 0 || p.max_stacks_neighbor_address.empty()) {
      no_peer = "no peer height known yet (max_stacks_height_of_neighbors 0)";
    } else if (max > i.stacks_tip_height + t.implausible_peer_lead) {
      peer_ignored = true;
      no_peer = fmt::format("the peer maximum {} (from {}) is implausible, {} above the tip", max,
                            p.max_stacks_neighbor_address, max - i.stacks_tip_height);
    } else {
      peer_valid = true;
      const std::uint64_t behind = max > i.stacks_tip_height ? max - i.stacks_tip_height : 0;
      if (behind > t.max_blocks_behind)
        return verdict(HealthStatus::behind_peers,
                       fmt::format("{} blocks behind the most advanced peer (height {}; at most "
                                   "{} allowed)",
                                   behind, max, t.max_blocks_behind));
    }
  } else if (sample.peer_health_absent) {
    no_peer = "the node has no /v3/health: no peer height known";
  } else {
    no_peer = "no peer height known: " + sample.peer_health_error;
  }
  if (!peer_valid) {
    // A bogus peer alone must not keep a caught-up node out forever (the node never lowers
    // the mark): the Bitcoin reference decides then. No peer height at all is unknown.
    if (!(peer_ignored && bitcoin_ok)) {
      std::string why = no_peer;
      if (peer_ignored)
        why += sample.bitcoin_error.empty() && !sample.bitcoin
                   ? ", and no bitcoind to check against"
                   : ", and the Bitcoin reference is unavailable";
      HealthVerdict v = verdict(HealthStatus::unknown, "cannot tell whether synced: " + why);
      v.peer_ignored = peer_ignored;
      return v;
    }
  }

  // Progress: a tip standing still is this node's fault only when a reference moves on.
  if (progress.tip_age && *progress.tip_age > t.max_tip_age) {
    std::string moving;
    if (peer_valid && fresh(progress.peer_age, t.max_tip_age))
      moving = "the peers' maximum advanced";
    else if (bitcoin_ok && fresh(progress.bitcoin_age, t.max_tip_age) &&
             !fresh(progress.burn_age, t.max_tip_age))
      moving = "the Bitcoin tip advanced but its burn block height did not";
    if (!moving.empty()) {
      HealthVerdict v = verdict(
          HealthStatus::stalled,
          fmt::format("the Stacks tip ({}) has not advanced for {} s (at most {} s allowed) "
                      "while {}",
                      i.stacks_tip_height, progress.tip_age->count(), t.max_tip_age.count(),
                      moving));
      v.peer_ignored = peer_ignored;
      return v;
    }
    HealthVerdict v =
        verdict(HealthStatus::network_stalled,
                fmt::format("the Stacks tip ({}) has not advanced for {} s, nor has any reference "
                            "(peers, Bitcoin): the network looks stalled; still serving",
                            i.stacks_tip_height, progress.tip_age->count()),
                true);
    v.peer_ignored = peer_ignored;
    return v;
  }
  HealthVerdict v =
      verdict(HealthStatus::synced,
              peer_ignored ? fmt::format("synced at Stacks tip {} by its Bitcoin reference ({})",
                                         i.stacks_tip_height, no_peer)
                           : fmt::format("synced at Stacks tip {}", i.stacks_tip_height),
              true);
  v.peer_ignored = peer_ignored;
  return v;
}

nlohmann::json HealthVerdict::to_json(const NodeSample* sample,
                                      std::optional<std::chrono::seconds> tip_age) const {
  nlohmann::json j = {{"status", to_string(status)},
                      {"healthy", healthy},
                      {"in_service", in_service},
                      {"reason", reason}};
  if (sample != nullptr && sample->info) {
    j["stacks_tip_height"] = sample->info->stacks_tip_height;
    j["burn_block_height"] = sample->info->burn_block_height;
    j["is_fully_synced"] = sample->info->is_fully_synced;
  }
  if (sample != nullptr && sample->peer_health) {
    j["max_peer_height"] = sample->peer_health->max_stacks_height_of_neighbors;
    j["blocks_behind_peers"] = sample->peer_health->difference_from_max_peer;
  }
  if (peer_ignored) j["peer_ignored"] = true;
  if (sample != nullptr && sample->bitcoin) j["bitcoin_tip_height"] = sample->bitcoin->blocks;
  if (tip_age) j["tip_age_seconds"] = tip_age->count();
  return j;
}

bool SyncGate::observe(bool healthy, SystemTime at) {
  if (!healthy) {
    samples = 0;
    since.reset();
    return false;
  }
  if (samples == 0 || !since) since = at;
  ++samples;
  return held(at);
}

bool SyncGate::held(SystemTime now) const {
  return since && samples >= kGateSamples && now - *since >= kGateWindow;
}

}  // namespace snr::agent
