#pragma once
/// The call table: every AWS call a node makes (the agent, the bootstrap
/// user-data, the CloudWatch and SSM agents), each with the IAM action, the
/// resource ARN and the request context IAM evaluates, and which deployments
/// make it. Tests evaluate each call against the synthesized node role
/// (infra/iam_policy.h), a scan test checks that every AWS client call under
/// src/agent/ is listed here, and docs/iam.md carries call_table_markdown().

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "contract/settings_document.h"
#include "infra/iam_policy.h"

namespace snr::infra::iam {

/// The concrete names of one deployment, as IAM sees them at run time.
struct Scene {
  config::Role role = config::Role::follower;
  contract::DeploymentKind kind = contract::DeploymentKind::single_node;
  bool given_signer_secret = false;  ///< STACKS_SIGNER_SECRET_ARN names a secret
  bool given_miner_secret = false;   ///< STACKS_MINER_SECRET_ARN names a secret
  bool bitcoin_secret = false;       ///< the node reads a Bitcoin RPC password secret
  /// Placeholder → value: partition, region, account, stack, stack_id, bucket,
  /// asset_key, lease_key, instance, volume, group, log_group, signer_secret,
  /// miner_secret, bitcoin_secret, generated_suffix.
  std::map<std::string, std::string> names;
};

/// A scene for `c` deployed as `kind` in account 111122223333 with made-up
/// but well-formed resource names (instance, volume, bucket, suffixes).
Scene scene_for(const config::Config& c, contract::DeploymentKind kind);

/// Who makes a call.
enum class Caller { node, operator_machine };

/// One call.
struct Call {
  std::string where;   ///< code path: "agent/signer_lease.cpp", "user-data", "amazon-ssm-agent"
  std::string method;  ///< the client method (or CLI command) at that code path
  std::string action;  ///< IAM action
  std::string resource;  ///< ARN pattern with {placeholders}, or "*"
  /// Request context beyond the principal's tags, values with {placeholders}.
  std::vector<std::pair<std::string, std::vector<std::string>>> context;
  std::string when;  ///< which deployments make it, in words
  std::function<bool(const Scene&)> applies;
  Caller caller = Caller::node;
};

/// Every call, node and operator-side code under src/agent/ alike.
const std::vector<Call>& call_table();

/// The IAM request `call` makes in `scene` (with the role's principal tag
/// aws:PrincipalTag/snr-stack), or none when `scene` does not make it.
std::vector<Request> requests(const Call& call, const Scene& scene);

/// Bindings for the node stack's intrinsics in `scene` (pseudo parameters,
/// the deployer's parameters, the common stack's exports, the log group ARN).
Bindings bindings_for(const Scene& scene);

/// The node role's policy documents, resolved: the inline policies of
/// NodeRole in `node_template` and every managed policy it attaches. The
/// common stack's NodeBasePolicy is found by its export; any other managed
/// policy ARN (an AWS-managed one, whose text is not here) is appended to
/// `unknown_managed`.
std::vector<Json> node_role_documents(const Json& common_template, const Json& node_template,
                                      const Scene& scene, std::vector<std::string>& unknown_managed);

/// The call table as the Markdown table docs/iam.md carries.
std::string call_table_markdown();

}  // namespace snr::infra::iam
