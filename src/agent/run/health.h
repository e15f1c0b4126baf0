#pragma once
/// The sync-aware health judgement behind GET /health (the load balancer's
/// target check), the HA lifecycle gate and the stacks_node_synced metric.
/// Healthy only when: the RPC answers, the node reports is_fully_synced, it is
/// at most max_blocks_behind behind its most advanced peer (/v3/health, when
/// the node has it) and its tip advanced within max_tip_age.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "agent/run/node_sample.h"

namespace snr::agent {

struct HealthThresholds {
  std::uint64_t max_blocks_behind = 10;
  std::chrono::seconds max_tip_age{std::chrono::minutes(60)};
};

/// Why the node is (un)healthy; only `synced` is healthy.
enum class HealthStatus {
  starting,           ///< the agent has not sampled the node yet
  node_down,          ///< the RPC does not answer
  syncing,            ///< initial block download
  behind_peers,       ///< more than max_blocks_behind behind the best peer
  peer_check_failed,  ///< /v3/health failed: distance to the peers unknown
  stalled,            ///< the tip did not advance within max_tip_age
  synced,
};

/// The status as /health, the health_status metric label and the log spell it:
/// "starting", "node-down", "syncing", "behind-peers", "peer-check-failed",
/// "stalled", "synced".
std::string_view to_string(HealthStatus status);

struct HealthVerdict {
  bool healthy = false;
  HealthStatus status = HealthStatus::starting;
  std::string reason;  ///< one line for humans
  int http_status() const { return healthy ? 200 : 503; }
  /// {"status", "healthy", "reason", "stacks_tip_height", ...}: short JSON body.
  nlohmann::json to_json(const NodeSample* sample,
                         std::optional<std::chrono::seconds> tip_age) const;
};

/// The verdict before the first sample.
HealthVerdict starting_verdict();

HealthVerdict judge(const NodeSample& sample, std::optional<std::chrono::seconds> tip_age,
                    const HealthThresholds& thresholds);

}  // namespace snr::agent
