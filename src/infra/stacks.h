#pragma once
/// Builders of the three stacks. Each returns the complete template for a
/// validated Config; none touches the network (the VPC, AMI, Stacks version
/// and snr binary are template parameters the deployer fills).

#include <string>
#include <string_view>
#include <vector>

#include "cfn/template.h"
#include "config/config.h"

namespace snr::infra {

/// Logical ids of the common stack.
namespace common_ids {
inline constexpr const char* kAssetBucket = "AssetBucket";
inline constexpr const char* kAssetBucketPolicy = "AssetBucketPolicy";
inline constexpr const char* kAccessLogBucket = "AccessLogBucket";
inline constexpr const char* kAccessLogBucketPolicy = "AccessLogBucketPolicy";
inline constexpr const char* kAlarmTopicKey = "AlarmTopicKey";
inline constexpr const char* kNodeBasePolicy = "NodeBasePolicy";
}  // namespace common_ids

/// Logical ids of the single-node stack (besides node_common.h's).
namespace single_ids {
inline constexpr const char* kNodeInstance = "NodeInstance";
inline constexpr const char* kDataVolume = "DataVolume";
inline constexpr const char* kNodeReady = "NodeReady";
}  // namespace single_ids

/// Logical ids of the HA stack (besides node_common.h's).
namespace ha_ids {
inline constexpr const char* kLoadBalancerSecurityGroup = "LoadBalancerSecurityGroup";
inline constexpr const char* kLoadBalancerToNodeRpc = "LoadBalancerToNodeRpc";
inline constexpr const char* kLoadBalancerToNodeHealth = "LoadBalancerToNodeHealth";
inline constexpr const char* kLoadBalancer = "LoadBalancer";
inline constexpr const char* kRpcListener = "RpcListener";
/// The RPC listener's TLS policy with STACKS_HA_ALB_CERTIFICATE_ARN: TLS 1.3 and 1.2 only.
inline constexpr std::string_view kRpcTlsPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06";
inline constexpr const char* kRpcTargetGroup = "RpcTargetGroup";
inline constexpr const char* kNodeGroup = "NodeGroup";
}  // namespace ha_ids

/// stacks-common -> stacks-nodes-common: asset and access-log buckets, the
/// alarm topics' KMS key and the node base policy, exported. It depends on no
/// Config value but the region, so every role's deployment shares it.
cfn::Template build_common_stack(const config::Config& c);

/// stacks-single-node -> stacks-single-node-<role>: one EC2 instance.
cfn::Template build_single_node_stack(const config::Config& c);

/// stacks-ha-nodes -> stacks-ha-nodes-<role>: followers behind an internal ALB.
/// Throws snr::UserError (config::validate_for_ha) for other roles.
cfn::Template build_ha_stack(const config::Config& c);

/// The account that delivers ALB access logs in `region` (regions opened
/// before August 2022), or "" where the log delivery service principal is used.
std::string elb_log_delivery_account(const std::string& region);

}  // namespace snr::infra
