#pragma once
/// The deployment settings document: what a node stack tells the node agent
/// on its instances. The stack writes it as JSON into an SSM parameter
/// (/snr/<stack-name>/settings); the bootstrap user-data copies it to
/// kSettingsFile and runs `snr agent bootstrap --settings kSettingsFile`.
/// It holds no secret, only where secrets are (ARNs, a name prefix).
/// Also defines the names both sides share: metrics, dimensions, mount point,
/// health endpoint.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config.h"

namespace snr::config {

/// Version of the document layout; the agent refuses documents it does not know.
inline constexpr int kDeploymentSettingsSchemaVersion = 1;
/// Where the bootstrap user-data writes the document on the instance.
inline constexpr std::string_view kSettingsFile = "/etc/snr/settings.json";
/// Where the data volume is mounted (also the CWAgent `path` dimension of the disk alarms).
inline constexpr std::string_view kDataMountPoint = "/var/lib/stacks";
/// Block device name of the data volume (single node: attach point; HA: launch template mapping).
inline constexpr std::string_view kDataDeviceName = "/dev/sdf";
/// Path of the agent's sync-aware health endpoint (port: Config.ports.health).
inline constexpr std::string_view kHealthPath = "/health";
/// Name of the HA group's launch lifecycle hook (the sync gate).
inline constexpr std::string_view kLaunchHookName = "snr-sync-gate";
/// Instance tag holding the Auto Scaling group's name (read from instance metadata).
inline constexpr std::string_view kAutoScalingGroupTag = "aws:autoscaling:groupName";

/// CloudWatch metrics: the agent publishes, alarms and dashboards read.
namespace metrics {
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
/// 1 while GET /health answers 200 (synced), else 0.
inline constexpr std::string_view kSynced = "stacks_node_synced";
/// 1 while /v2/info says is_fully_synced (initial block download done), else 0.
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
/// {AutoScalingGroupName, path} (HA), path = kDataMountPoint.
inline constexpr std::string_view kCwAgentNamespace = "CWAgent";
inline constexpr std::string_view kDiskUsedPercent = "disk_used_percent";
inline constexpr std::string_view kDimPath = "path";
}  // namespace metrics

enum class DeploymentKind { single_node, ha };
std::string_view to_string(DeploymentKind k);

/// An object in the common stack's asset bucket.
struct AssetLocation {
  std::string bucket;
  std::string key;
  std::string sha256;  ///< lower-case hex of the object's content
};

struct DataVolumeLocation {
  /// Single node: the EBS volume the agent attaches to its own instance
  /// (at device_name) and finds by its NVMe serial. Empty for HA.
  std::string volume_id;
  std::string device_name;  ///< kDataDeviceName
  std::string mount_point;  ///< kDataMountPoint
};

/// How the agent reports "this node is ready" to CloudFormation / Auto Scaling.
struct SignalTarget {
  std::string stack_name;  ///< stack for cloudformation:SignalResource
  /// Single node: the WaitCondition ("NodeReady"); HA: the Auto Scaling group
  /// ("NodeGroup"), signalled with UniqueId = instance id.
  std::string logical_id;
  std::string lifecycle_hook;         ///< HA: kLaunchHookName; empty for single node
  std::string autoscaling_group_tag;  ///< HA: kAutoScalingGroupTag; empty for single node
};

struct SecretsAccess {
  /// "snr/<stack-name>/": the only names the agent may create secrets under.
  std::string name_prefix;
  /// Signer/miner: the agent stores keys it generates under name_prefix
  /// (CreateSecret; never PutSecretValue: a key is never replaced).
  bool may_create = false;
  std::string signer_key_arn;            ///< from Config; empty: generated
  std::string miner_key_arn;             ///< from Config; empty: generated
  std::string bitcoin_rpc_password_arn;  ///< empty: no Bitcoin RPC password
  /// Signer and miner: key of the signer lease object in the asset bucket
  /// ("leases/signer/<id>.json", one per signer key; see agent/signer_lease.h).
  std::string signer_lease_key;
};

struct MetricsTarget {
  std::string namespace_name;  ///< metrics::kNamespace
  /// Each datapoint is published once per dimension set, with the values the
  /// agent knows (InstanceId, AutoScalingGroupName).
  std::vector<std::vector<std::string>> dimension_sets;
  int period_seconds = 60;
};

struct HealthEndpoint {
  std::uint16_t port = 0;
  std::string path;  ///< kHealthPath
};

struct DeploymentSettings {
  int schema_version = kDeploymentSettingsSchemaVersion;
  std::string stack_id;    ///< "stacks-single-node" / "stacks-ha-nodes"
  std::string stack_name;  ///< CloudFormation stack name
  DeploymentKind kind = DeploymentKind::single_node;
  std::string region;
  std::string settings_parameter;  ///< SSM parameter holding this document (re-read on update)
  Config config;                   ///< the non-secret configuration (config::to_json)
  std::string stacks_version;      ///< exact release tag, resolved by the deployer
  AssetLocation snr_binary;        ///< the snr binary for the instance's architecture
  DataVolumeLocation data_volume;
  SignalTarget signal;
  SecretsAccess secrets;
  std::string log_group;  ///< CloudWatch Logs group for the node's logs
  MetricsTarget metrics;
  HealthEndpoint health;
};

nlohmann::json to_json(const DeploymentSettings& s);
/// Parses and checks a document; throws snr::Failure naming the field
/// ("deployment settings: missing signal.logical_id") on a bad one.
DeploymentSettings deployment_settings_from_json(const nlohmann::json& j);

}  // namespace snr::config
