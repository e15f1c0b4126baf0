#pragma once
/// Pieces both node stacks (single node and HA) share: their parameters, the
/// IAM statements of the node role, the settings document and the bootstrap
/// user-data.

#include <string>

#include "cfn/template.h"
#include "config/config.h"
#include "contract/settings_document.h"

namespace snr::infra {

/// Logical ids shared by both node stacks.
namespace ids {
inline constexpr const char* kNodeSecurityGroup = "NodeSecurityGroup";
inline constexpr const char* kNodeRole = "NodeRole";
inline constexpr const char* kNodeInstanceProfile = "NodeInstanceProfile";
inline constexpr const char* kNodeLaunchTemplate = "NodeLaunchTemplate";
inline constexpr const char* kSettingsParameter = "SettingsParameter";
inline constexpr const char* kNodeLogGroup = "NodeLogGroup";
inline constexpr const char* kAlarmTopic = "AlarmTopic";
inline constexpr const char* kAlarmTopicPolicy = "AlarmTopicPolicy";
inline constexpr const char* kAlarmEmailSubscription = "AlarmEmailSubscription";
inline constexpr const char* kDashboard = "Dashboard";
}  // namespace ids

/// True when the deployer stores BITCOIN_RPC_PASSWORD in Secrets Manager and
/// passes the secret's ARN as the BitcoinRpcPasswordSecretArn parameter.
bool needs_bitcoin_secret_parameter(const config::Config& c);

/// VpcId, SubnetIds, ImageId (a concrete AMI), StacksVersion, SnrAssetKey,
/// SnrAssetSha256 and, when needed, BitcoinRpcPasswordSecretArn.
void add_node_parameters(cfn::Template& t, const config::Config& c);

/// The node role's own statements (the common base policy has the rest):
/// read this stack's settings parameter and the snr binary, signal this stack,
/// write this stack's log group, read the configured secrets, and for
/// signer/miner hold the key's lease (contract::signer_lease_key) and create
/// keys under snr/<stack-name>/.
/// `extra` is appended (the single node's volume attachment).
cfn::Json node_statements(const config::Config& c, cfn::Json extra = cfn::Json::array());

/// The IAM5 findings node_statements() causes, with their reasons.
std::vector<std::pair<std::string, std::string>> node_wildcards(const config::Config& c);

/// The settings document (contract/settings_document.h) as the Fn::Sub value
/// of the SSM parameter: deploy-time values come from parameters and resources;
/// the values the operator side decides (heartbeat timeout, chainstate
/// archive, mount point, health port) are written here, once.
cfn::Json settings_document(const config::Config& c, contract::DeploymentKind kind,
                            const std::string& stack_id, const std::string& signal_logical_id,
                            const std::string& volume_logical_id);

/// The longest the settings document (settings_document()'s Fn::Sub) can be
/// once CloudFormation substitutes the deploy-time values.
std::size_t settings_document_worst_size(const cfn::Json& document);

/// Adds the settings SSM parameter (contract::settings_parameter_name):
/// Standard tier up to 4 KB, Advanced over it; throws snr::UserError over
/// SSM's 8 KB.
void add_settings_parameter(cfn::Template& t, cfn::Json document);

/// The bootstrap user-data (assets/user-data/bootstrap.sh) as Fn::Base64(Fn::Sub).
cfn::Json bootstrap_user_data(const std::string& signal_logical_id,
                              const std::string& lifecycle_hook);

}  // namespace snr::infra
