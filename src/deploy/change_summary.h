#pragma once
/// What a change set will do, for people: one line per resource
/// (add / modify / replace / remove), and whether it broadens security.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/cloudformation.h"

namespace snr::deploy {

/// The change set's changes as readable lines, e.g.
///   "  + NodeInstance (AWS::EC2::Instance)"
///   "  ~ NodeRole (AWS::IAM::Role) [Properties]"
///   "  ! NodeInstance (AWS::EC2::Instance) REPLACE [Properties: InstanceType]"
///   "  - OldAlarm (AWS::CloudWatch::Alarm)"
std::vector<std::string> summarize(const aws::ChangeSet& change_set);

/// The Adds of a stack that does not exist yet, from its template.
std::vector<std::string> summarize_new_stack(const nlohmann::json& template_json);

/// True when CloudFormation refused the change set because nothing changes.
bool is_empty_change_set(const aws::ChangeSet& change_set);

/// Resources the change set replaces or removes (e.g. to lift termination protection first).
std::vector<aws::ResourceChange> replaced_or_removed(const aws::ChangeSet& change_set);

/// Changes that replace or remove a node (an instance, its data volume, or
/// the Auto Scaling group, which AutoScalingReplacingUpdate replaces on any
/// change): one line each, e.g. "NodeInstance (AWS::EC2::Instance) is replaced".
/// A replaced signer stops signing until the new node is up: deploy asks first.
std::vector<std::string> node_replacements(const aws::ChangeSet& change_set);

/// Security changes that widen access, as CDK's --require-approval broadening
/// sees them: IAM statements and managed policies added to a role/policy,
/// security group ingress rules added. `old_template` is null for a new stack.
std::vector<std::string> broadening_changes(const nlohmann::json& old_template,
                                            const nlohmann::json& new_template);

enum class Approval { never, broadening, any_change };
/// Parses never / broadening / any-change.
std::optional<Approval> parse_approval(std::string_view s);

}  // namespace snr::deploy
