#pragma once
/// The change-set step `snr deploy` and `snr diff` share: the request for a
/// synthesized stack, planning it, and what of it widens access.

#include <chrono>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "aws/cloudformation.h"
#include "infra/synth.h"

namespace snr::deploy {

/// A change set CloudFormation planned (CREATE_COMPLETE) that changes something.
struct PlannedChange {
  std::string id;  ///< the change set's ARN
  aws::ChangeSet change_set;
};

/// "snr-YYYYmmddHHMMSS" (UTC, now).
std::string change_set_name();

/// The tags of every stack snr deploys: the project and the stack id.
aws::Tags stack_tags(const infra::StackArtifact& artifact);

/// The change set of `artifact` with `parameters`: its template, capabilities
/// and tags, and a fresh name.
aws::CreateChangeSetRequest change_set_request(const infra::StackArtifact& artifact,
                                               std::vector<aws::StackParameter> parameters,
                                               aws::ChangeSetType type);

/// Creates the change set and waits until CloudFormation planned it (polling
/// every `poll`, at most 2 s). nullopt when nothing changes (the change set is
/// deleted). Throws snr::Failure when CloudFormation could not plan it (it is
/// deleted as well).
std::optional<PlannedChange> plan_change(
    aws::CloudFormationClient& cfn, const aws::CreateChangeSetRequest& request,
    std::chrono::milliseconds poll,
    const std::function<void(std::chrono::milliseconds)>& sleep = nullptr);

/// The security changes that widen access from the stack's current template
/// (none when `creating`) to the artifact's.
std::vector<std::string> widened_access(aws::CloudFormationClient& cfn,
                                        const infra::StackArtifact& artifact, bool creating);

/// Prints them under "security changes that widen access:" (nothing when none).
void print_widened_access(std::ostream& out, const std::vector<std::string>& changes);

}  // namespace snr::deploy
