#pragma once
/// Fixed names of the stacks: stack ids, stack names, exports, template
/// parameters. Logical ids live with the stack builders; all are fixed
/// strings (no hashes) so that updates never replace resources by accident.
/// Names the instance side reads too (tags, the settings parameter, the lease
/// key) are in contract/names.h.

#include <string>
#include <string_view>

#include "config/config.h"

namespace snr::infra {

inline constexpr std::string_view kCommonStackId = "stacks-common";
inline constexpr std::string_view kSingleNodeStackId = "stacks-single-node";
inline constexpr std::string_view kHaStackId = "stacks-ha-nodes";

/// "stacks-nodes-common", "stacks-single-node-<role>", "stacks-ha-nodes-<role>"
/// (the blueprint's names). Throws std::invalid_argument for an unknown id.
std::string stack_name(std::string_view stack_id, const config::Config& config);

/// Exports of the common stack, imported by the node stacks.
namespace exports {
inline constexpr std::string_view kAssetBucket = "StacksNodesCommon-AssetBucketName";
inline constexpr std::string_view kAccessLogBucket = "StacksNodesCommon-AccessLogBucketName";
inline constexpr std::string_view kAlarmTopicKey = "StacksNodesCommon-AlarmTopicKeyArn";
inline constexpr std::string_view kNodeBasePolicy = "StacksNodesCommon-NodeBasePolicyArn";
}  // namespace exports

/// Parameters of the node stacks that the deployer fills.
namespace params {
inline constexpr std::string_view kVpcId = "VpcId";
inline constexpr std::string_view kVpcCidr = "VpcCidr";
inline constexpr std::string_view kSubnetIds = "SubnetIds";
inline constexpr std::string_view kImageId = "ImageId";
/// The single node's zone (its subnet's and its data volume's).
inline constexpr std::string_view kAvailabilityZone = "AvailabilityZone";
inline constexpr std::string_view kStacksVersion = "StacksVersion";
inline constexpr std::string_view kAssetKey = "SnrAssetKey";
inline constexpr std::string_view kAssetSha256 = "SnrAssetSha256";
inline constexpr std::string_view kBitcoinRpcPasswordSecretArn = "BitcoinRpcPasswordSecretArn";
/// HA: the snapshot new nodes' data volumes start from ("" = an empty volume).
inline constexpr std::string_view kDataSnapshotId = "DataSnapshotId";
}  // namespace params

/// The IPv4 CIDR AWS gives every default VPC: the only source of the node RPC
/// port. A literal (not a parameter) so that rule checkers such as cdk-nag's
/// EC23 can evaluate the rules; the deployer checks the VPC has it.
inline constexpr std::string_view kDefaultVpcCidr = "172.31.0.0/16";

/// SSM public parameter with the latest Amazon Linux 2023 AMI for the CPU
/// type. The deployer reads it once, on a node stack's first deploy (and on
/// --update-ami); templates take a concrete AMI id.
std::string ami_parameter_path(node::CpuType cpu);

}  // namespace snr::infra
