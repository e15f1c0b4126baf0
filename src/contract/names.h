#pragma once
/// The names the operator side and the instance side must agree on: secret
/// names, tag keys, the asset and lease key layouts, where the settings
/// document lives, the paths and device of the data volume, the health path,
/// the lifecycle hook. One home, so `snr deploy`, `snr status`, `snr destroy`,
/// the templates and the agent can never drift apart. (Metric names:
/// contract/metrics.h; the document itself: contract/settings_document.h.)

#include <string>
#include <string_view>

#include "config/config.h"
#include "node/layout.h"
#include "node/types.h"

namespace snr::contract {

// --- Secrets Manager --------------------------------------------------------------

/// Every secret snr creates for a stack is named "snr/<stack name>/<what>".
std::string secret_prefix(std::string_view stack_name);

/// The `<what>` of the secrets snr creates.
inline constexpr std::string_view kSignerKeySecret = "signer-key";
inline constexpr std::string_view kMinerSeedSecret = "miner-seed";
inline constexpr std::string_view kAuthTokenSecret = "auth-token";
inline constexpr std::string_view kBitcoinRpcPasswordSecret = "bitcoin-rpc-password";

/// "snr/<stack name>/<what>". `stack_name` may be "${AWS::StackName}" in a template.
std::string secret_name(std::string_view stack_name, std::string_view what);

/// True for the secrets that hold a node's identity (kept by `snr destroy` unless asked).
bool is_identity_secret(std::string_view secret_name);

/// Tags on a key's secret with its public facts (never the key).
inline constexpr std::string_view kPublicKeyTag = "snr:public-key";
inline constexpr std::string_view kAddressTag = "snr:address";
/// The tag a node's agent puts on its own instance: the stacks-node version it runs
/// (/v2/info server_version's "stacks-node X.Y.Z.W.V"), read by `snr status`.
inline constexpr std::string_view kStacksVersionTag = "snr:stacks-version";
/// The HA launch template's instance tag: the StacksVersion the stack configures. Its change
/// is a new launch template version, which makes the group's replacing update run.
inline constexpr std::string_view kConfiguredVersionTag = "snr:configured-version";
/// Tag the agent sets on every secret it creates ("snr agent").
inline constexpr std::string_view kGeneratedByTag = "snr:generated-by";

// --- Tags -----------------------------------------------------------------------

/// Project tag on every taggable resource and on the stacks.
inline constexpr std::string_view kProjectTagKey = "Project";
inline constexpr std::string_view kProjectTagValue = "snr";
/// Stack tag with the stack id (stacks-common, stacks-single-node, stacks-ha-nodes).
inline constexpr std::string_view kStackIdTag = "snr:stack-id";
/// Tag naming the stack that owns a node role or Auto Scaling group. The
/// common base policy scopes lifecycle actions to groups whose tag equals the
/// calling role's (attribute-based access control).
inline constexpr std::string_view kStackTagKey = "snr-stack";
/// Instance tag holding the Auto Scaling group's name (read from instance metadata).
inline constexpr std::string_view kAutoScalingGroupTag = "aws:autoscaling:groupName";

// --- Chainstate snapshots (docs/snapshots.md) ------------------------------------------

/// Tags on every snapshot of a data volume snr takes (besides snr-stack and the project tag).
inline constexpr std::string_view kSnapshotNetworkTag = "snr:network";
inline constexpr std::string_view kSnapshotVersionTag = "snr:stacks-version";
inline constexpr std::string_view kSnapshotTipTag = "snr:tip-height";
inline constexpr std::string_view kSnapshotBurnTag = "snr:burn-height";
/// "true" when the node was stopped and synced to disk while the snapshot was taken;
/// "false" for crash-consistent ones (scheduled, or a target where no agent runs).
inline constexpr std::string_view kSnapshotConsistentTag = "snr:consistent";
/// Who took it: "snr snapshot create" (its retention applies) or "dlm" (the schedule's).
inline constexpr std::string_view kSnapshotMadeByTag = "snr:made-by";
inline constexpr std::string_view kSnapshotMadeByCreate = "snr-snapshot-create";
/// The instance whose data volume it is.
inline constexpr std::string_view kSnapshotInstanceTag = "snr:instance";

// --- The settings document (contract/settings_document.h) ----------------------------

/// "/snr/<stack name>/settings": the SSM parameter the node stack writes the
/// document into. `stack_name` may be "${AWS::StackName}" in a template.
std::string settings_parameter_name(std::string_view stack_name);
/// Where the bootstrap user-data copies the document on the instance.
inline constexpr std::string_view kSettingsFile = "/etc/snr/settings.json";

// --- On the instance ------------------------------------------------------------------

/// Where the data volume is mounted (also the CWAgent `path` dimension of the disk alarms).
inline constexpr std::string_view kDataMountPoint = node::kDataDir;
/// Block device name of the data volume (single node: attach point; HA: launch template mapping).
inline constexpr std::string_view kDataDeviceName = "/dev/sdf";
/// Path of the agent's sync-aware health endpoint (port: Config.ports.health).
inline constexpr std::string_view kHealthPath = "/health";
/// Name of the HA group's launch lifecycle hook (the sync gate).
inline constexpr std::string_view kLaunchHookName = "snr-sync-gate";

// --- The signer lease in the asset bucket -------------------------------------------

/// "leases/signer/<first 32 hex digits of sha256(identity)>.json": one lease
/// object per signer key, named by the key's identity (see agent/signer_lease.h).
std::string signer_lease_key(std::string_view signer_key_identity);

/// The lease key of a deployment's signer: the identity is the secret the
/// operator named (STACKS_SIGNER_SECRET_ARN), else the one the agent generates
/// (snr/<stack name>/signer-key), so two stacks given the same key share one
/// lease and never sign at once. Empty for followers.
std::string signer_lease_key(const config::Config& c, std::string_view stack_name);

// --- The snr binary in the asset bucket --------------------------------------------

/// "x86_64" or "arm64", as the asset key spells the CPU type.
std::string_view asset_arch(node::CpuType cpu);

/// "snr/<sha256>/snr-linux-<arch>": the key of a binary, by its content hash.
std::string asset_key(std::string_view sha256, node::CpuType cpu);

/// The same with "<sha256>" left as written (the manifest's key format).
std::string asset_key_format(node::CpuType cpu);

}  // namespace snr::contract
