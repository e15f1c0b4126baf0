#pragma once
/// The least-privilege IAM policy of the operator who runs `snr deploy`,
/// `diff`, `status` and `destroy` for one configuration (`snr iam-policy`).
/// There is no CloudFormation service role, so the operator's credentials
/// also create every resource of the templates; those statements are scoped
/// to these stacks' generated names (CloudFormation names resources
/// "<stack>-<LogicalId>-<random>") or by the snr-stack tag where the name is
/// not known in advance. operator_calls() lists snr's own calls, so a test
/// can check that every client call of the deployer is covered.

#include <string>
#include <vector>

#include "cfn/template.h"
#include "config/config.h"

namespace snr::infra {

/// One call snr itself makes on the operator's machine.
struct OperatorCall {
  std::string method;    ///< the client method (src/aws/)
  std::string action;    ///< IAM action
  std::string resource;  ///< ARN with {region}, {account}, {stack}, {common}, {bucket}, or "*"
};

/// Every AWS call the deployer, destroyer and status make.
const std::vector<OperatorCall>& operator_calls();

/// The policy document for `c` (account "*": the same document fits any
/// account; region and stack names from `c`).
cfn::Json operator_policy(const config::Config& c);

/// A customer managed policy holds at most 6,144 characters (IAM quotas;
/// white space is not counted).
inline constexpr std::size_t kManagedPolicyMaxChars = 6144;
/// The characters IAM counts in `document` (its compact JSON).
std::size_t policy_chars(const cfn::Json& document);
/// operator_policy(c)'s statements in as few documents as fit in
/// kManagedPolicyMaxChars each, in order (attach them all to the operator).
std::vector<cfn::Json> operator_policy_parts(const config::Config& c);

}  // namespace snr::infra
