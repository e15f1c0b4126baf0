#pragma once
/// The settings document: what a node stack tells the node agent on its
/// instances. The stack writes it as JSON into an SSM parameter
/// (contract::settings_parameter_name); the bootstrap user-data copies it to
/// contract::kSettingsFile and runs `snr agent bootstrap --settings <file>`.
/// It holds no secret, only where secrets are (ARNs, a name prefix).
/// Values the operator side decides (the lifecycle heartbeat timeout, the
/// chainstate archive, the mount point, the health port) are written here
/// once; the agent reads them and never derives them again.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "contract/names.h"

namespace snr::contract {

/// Version of the document layout; the agent refuses documents it does not know.
/// 2: signal.heartbeat_timeout_seconds and chainstate.archive_url.
inline constexpr int kSettingsDocumentSchemaVersion = 2;

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
  /// HA: the lifecycle hook's HeartbeatTimeout (lifecycle_heartbeat_timeout_seconds);
  /// 0 for single node.
  std::uint32_t heartbeat_timeout_seconds = 0;
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
  /// (contract::signer_lease_key; see agent/signer_lease.h).
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
  std::uint16_t port = 0;  ///< Config.ports.health
  std::string path;        ///< kHealthPath
};

struct SettingsDocument {
  int schema_version = kSettingsDocumentSchemaVersion;
  std::string stack_id;    ///< "stacks-single-node" / "stacks-ha-nodes"
  std::string stack_name;  ///< CloudFormation stack name
  DeploymentKind kind = DeploymentKind::single_node;
  std::string region;
  std::string settings_parameter;  ///< SSM parameter holding this document (re-read on update)
  config::Config config;           ///< the non-secret configuration (config::to_json)
  std::string stacks_version;      ///< exact release tag, resolved by the deployer
  AssetLocation snr_binary;        ///< the snr binary for the instance's architecture
  /// The chainstate archive bootstrap restores before the first start
  /// (chainstate_archive_url); empty: no download.
  std::string chainstate_archive_url;
  DataVolumeLocation data_volume;
  SignalTarget signal;
  SecretsAccess secrets;
  std::string log_group;  ///< CloudWatch Logs group for the node's logs
  MetricsTarget metrics;
  HealthEndpoint health;
};

// --- Values the operator side computes for the document ----------------------------

/// The HA launch hook's HeartbeatTimeout: STACKS_HA_NODES_HEARTBEAT_DELAY_MIN
/// in seconds, clamped to what Auto Scaling allows (30 s .. 2 h). The HA
/// stack's hook and the document's signal.heartbeat_timeout_seconds.
std::uint32_t lifecycle_heartbeat_timeout_seconds(const config::Config& c);

/// The archive to restore: Config.chainstate_archive_url (the network's
/// default unless STACKS_CHAINSTATE_ARCHIVE says otherwise) when
/// STACKS_DOWNLOAD_CHAINSTATE is on, else empty.
std::string chainstate_archive_url(const config::Config& c);

// --- JSON ---------------------------------------------------------------------------

nlohmann::json to_json(const SettingsDocument& s);
/// Parses and checks a document; throws snr::Failure naming the field
/// ("settings document: missing signal.logical_id") on a bad one, and on a
/// schema_version other than kSettingsDocumentSchemaVersion.
SettingsDocument settings_document_from_json(const nlohmann::json& j);

}  // namespace snr::contract
