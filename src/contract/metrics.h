#pragma once
/// CloudWatch metric names and dimensions: the agent publishes them, the
/// alarms and dashboards of the node stacks read them.

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

inline constexpr std::string_view kDimInstanceId = "InstanceId";
inline constexpr std::string_view kDimAutoScalingGroupName = "AutoScalingGroupName";

/// Disk use comes from the CloudWatch agent: namespace CWAgent, metric
/// disk_used_percent, dimensions exactly {InstanceId, path} (single node) and
/// {AutoScalingGroupName, path} (HA), path = contract::kDataMountPoint.
inline constexpr std::string_view kCwAgentNamespace = "CWAgent";
inline constexpr std::string_view kDiskUsedPercent = "disk_used_percent";
inline constexpr std::string_view kDimPath = "path";

}  // namespace snr::contract::metrics
