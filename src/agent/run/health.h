#pragma once
/// The sync judgement behind GET /health (the load balancer's target check), the
/// HA lifecycle gate and the stacks_node_synced metric.
///
/// stacks-core 4.x cannot be taken at its word: in the Nakamoto run loop
/// `is_fully_synced` is hard-wired true, and /v3/health says 0 blocks behind with
/// `max_stacks_height_of_neighbors: 0` until the node has heard one peer's height (a
/// high-water mark from unauthenticated peer headers, never lowered). So the judgement
/// needs references the node does not make up:
///  - the Bitcoin tip of the node's own bitcoind (getblockchaininfo) against the node's
///    burn_block_height;
///  - the peers' maximum Stacks height (/v3/health), ignored when it is implausibly far
///    above the node (a bogus peer);
///  - whether anything still moves: the node's tip, its burn height, the Bitcoin tip and
///    the peers' maximum, each with its age.
/// `is_fully_synced` false is an extra negative, never a positive. No known peer height
/// is `unknown`, never healthy. A node whose tip stopped while no reference moves either
/// is `network-stalled`: healthy (it keeps serving, so the whole fleet is not replaced),
/// reported and alarmed as such.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "agent/clock.h"
#include "agent/run/node_sample.h"

namespace snr::agent {

struct HealthThresholds {
  std::uint64_t max_blocks_behind = 10;
  std::chrono::seconds max_tip_age{std::chrono::minutes(60)};
  /// Bitcoin blocks the node's burn_block_height may trail its bitcoind's tip.
  std::uint64_t max_burn_blocks_behind = 2;
  /// A peer maximum more than this many Stacks blocks above the node's tip is implausible
  /// and ignored (about two months of Nakamoto blocks: a restore from a current archive is
  /// far closer; a node far behind is judged "behind" by its burn height anyway).
  std::uint64_t implausible_peer_lead = 500'000;
};

/// Why the node is (un)healthy. Healthy: `synced` and `network_stalled`.
enum class HealthStatus {
  starting,         ///< the agent has not sampled the node yet
  node_down,        ///< the RPC does not answer, or answers nonsense
  unknown,          ///< no reference tells where the chain is (no peer height known)
  syncing,          ///< the node says it is in initial block download
  behind_bitcoin,   ///< its burn height trails its bitcoind's tip
  behind_peers,     ///< more than max_blocks_behind behind the best (plausible) peer
  stalled,          ///< its tip stopped while a reference moves on
  network_stalled,  ///< its tip stopped, and so did every reference: keeps serving
  synced,
};

/// The status as /health, the health_status metric label and the log spell it:
/// "starting", "node-down", "unknown", "syncing", "behind-bitcoin", "behind-peers",
/// "stalled", "network-stalled", "synced".
std::string_view to_string(HealthStatus status);

/// How long each height has stood still (TipTracker ages); nullopt: never seen.
struct Progress {
  std::optional<std::chrono::seconds> tip_age;      ///< the node's Stacks tip
  std::optional<std::chrono::seconds> burn_age;     ///< the node's burn_block_height
  std::optional<std::chrono::seconds> bitcoin_age;  ///< its bitcoind's tip
  std::optional<std::chrono::seconds> peer_age;     ///< the plausible peer maximum
};

struct HealthVerdict {
  bool healthy = false;
  HealthStatus status = HealthStatus::starting;
  std::string reason;  ///< one line for humans
  /// The peer maximum was ignored as implausible (a bogus peer).
  bool peer_ignored = false;
  /// The held judgement (SyncGate): healthy for long enough to enter service.
  bool in_service = false;
  int http_status() const { return healthy ? 200 : 503; }
  /// {"status", "healthy", "reason", "stacks_tip_height", ...}: short JSON body.
  nlohmann::json to_json(const NodeSample* sample,
                         std::optional<std::chrono::seconds> tip_age) const;
};

/// The verdict before the first sample.
HealthVerdict starting_verdict();

HealthVerdict judge(const NodeSample& sample, const Progress& progress,
                    const HealthThresholds& thresholds);
/// With the tip's age only (no other reference has moved or stood still yet).
HealthVerdict judge(const NodeSample& sample, std::optional<std::chrono::seconds> tip_age,
                    const HealthThresholds& thresholds);

/// Entering service needs the healthy judgement held: at least kGateSamples consecutive
/// healthy samples spanning at least kGateWindow. One unhealthy sample starts over.
inline constexpr std::uint32_t kGateSamples = 5;
inline constexpr std::chrono::seconds kGateWindow{std::chrono::minutes(5)};

struct SyncGate {
  std::uint32_t samples = 0;        ///< consecutive healthy samples
  std::optional<SystemTime> since;  ///< when the first of them was taken
  /// Records one sample; returns held().
  bool observe(bool healthy, SystemTime at);
  bool held(SystemTime now) const;
};

}  // namespace snr::agent
