#pragma once
/// CloudWatch metric names and dimensions: the agent publishes them, the
/// alarms and dashboards of the node stacks read them.

#include <iterator>
#include <string_view>

namespace snr::contract::metrics {

inline constexpr std::string_view kNamespace = "Stacks/Node";
/// Stacks tip height (blueprint name).
inline constexpr std::string_view kTipHeight = "stacks_tip_height";
/// Bitcoin (burn chain) height the node has processed (blueprint name).
inline constexpr std::string_view kBurnBlockHeight = "burn_block_height";
/// Stacks blocks the node is behind its most advanced peer (/v3/health).
inline constexpr std::string_view kBlocksBehindPeers = "stacks_blocks_behind_peers";
/// Seconds since the Stacks tip last advanced.
inline constexpr std::string_view kTipAgeSeconds = "stacks_tip_age_seconds";
/// 1 while the stacks-node process runs and answers RPC, else 0.
inline constexpr std::string_view kNodeUp = "stacks_node_up";
/// 1 while the stacks-signer process runs (signer and miner roles), else 0.
inline constexpr std::string_view kSignerUp = "stacks_signer_up";
/// 1 once the healthy judgement has held (5 samples over 5 min, the HA gate's rule), else 0.
inline constexpr std::string_view kSynced = "stacks_node_synced";
/// 1 while the node's tip and every reference (peers, Bitcoin) stand still: the whole
/// network looks stalled; /health keeps answering 200 (the tip-age alarm fires).
inline constexpr std::string_view kNetworkStalled = "stacks_network_stalled";
/// /v2/info's is_fully_synced (hard-wired true in stacks-core 4.x's Nakamoto run loop: not a
/// sync signal on its own).
inline constexpr std::string_view kFullySynced = "stacks_node_fully_synced";
/// Inbound / outbound P2P connections (/v2/neighbors).
inline constexpr std::string_view kPeersInbound = "stacks_peers_inbound";
inline constexpr std::string_view kPeersOutbound = "stacks_peers_outbound";
/// Use of the data volume in percent (statvfs of the mount, as df computes it);
/// the CloudWatch agent's disk_used_percent is the same number for alarms.
inline constexpr std::string_view kDataUsedPercent = "stacks_data_used_percent";

/// The best plausible peer's Stacks height (/v3/health max_stacks_height_of_neighbors, when
/// the node knows one): the network's tip as the node sees it, for `snr status` progress.
inline constexpr std::string_view kNetworkTipHeight = "stacks_network_tip_height";
/// The tip of the node's own bitcoind (getblockchaininfo blocks), when one is configured.
inline constexpr std::string_view kBitcoinTipHeight = "bitcoin_tip_height";
/// The sync judgement as a number: the index of its name in kHealthStatusNames.
inline constexpr std::string_view kHealthStatus = "stacks_health_status";
/// A running chainstate restore (agent/restore/progress.h): compressed bytes received,
/// the archive's size (when the server sent it) and the recent download rate.
inline constexpr std::string_view kRestoreBytes = "stacks_restore_bytes";
inline constexpr std::string_view kRestoreTotalBytes = "stacks_restore_total_bytes";
inline constexpr std::string_view kRestoreBytesPerSecond = "stacks_restore_bytes_per_second";

/// Every metric the agent's run loop can publish on a sample (agent/run/metrics.cpp), for
/// every host; a test checks the agent emits exactly these. `snr cost` counts them.
inline constexpr std::string_view kRunLoopMetrics[] = {
    kNodeUp,        kSynced,          kNetworkStalled,    kHealthStatus,     kFullySynced,
    kTipHeight,     kBurnBlockHeight, kBlocksBehindPeers, kNetworkTipHeight, kBitcoinTipHeight,
    kTipAgeSeconds, kPeersInbound,    kPeersOutbound,     kDataUsedPercent};
/// Published besides kRunLoopMetrics on signer and miner hosts only.
inline constexpr std::string_view kSignerMetrics[] = {kSignerUp};
/// Published only while a chainstate restore runs (hours, at first boot): CloudWatch bills a
/// metric by the hour it is published, so these cost next to nothing per month.
inline constexpr std::string_view kRestoreMetrics[] = {kRestoreBytes, kRestoreTotalBytes,
                                                       kRestoreBytesPerSecond};

/// stacks_health_status values: the agent's HealthStatus spellings (agent/run/health.h) in
/// this order, so a number read back from CloudWatch names its judgement. Append only.
inline constexpr std::string_view kHealthStatusNames[] = {
    "starting",     "node-down", "unknown",         "syncing", "behind-bitcoin",
    "behind-peers", "stalled",   "network-stalled", "synced"};

/// The index of `name` in kHealthStatusNames; -1 when unknown.
constexpr int health_status_code(std::string_view name) {
  int i = 0;
  for (auto n : kHealthStatusNames) {
    if (n == name) return i;
    ++i;
  }
  return -1;
}
/// The name for a stacks_health_status value; "" when out of range.
constexpr std::string_view health_status_name(double code) {
  constexpr int n = static_cast<int>(std::size(kHealthStatusNames));
  if (!(code >= 0) || code >= n) return {};
  return kHealthStatusNames[static_cast<int>(code)];
}

inline constexpr std::string_view kDimInstanceId = "InstanceId";
inline constexpr std::string_view kDimAutoScalingGroupName = "AutoScalingGroupName";

/// Disk use comes from the CloudWatch agent: namespace CWAgent, metric
/// disk_used_percent, dimensions exactly {InstanceId, path} (single node) and
/// {AutoScalingGroupName, path} (HA), path = contract::kDataMountPoint.
inline constexpr std::string_view kCwAgentNamespace = "CWAgent";
inline constexpr std::string_view kDiskUsedPercent = "disk_used_percent";
inline constexpr std::string_view kDimPath = "path";

}  // namespace snr::contract::metrics
