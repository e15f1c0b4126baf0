#pragma once
/// Who this instance is: instance id, region and (HA) its Auto Scaling group,
/// from flags where given, else from the instance metadata service (IMDSv2).

#include <optional>
#include <string>

#include "util/env.h"

namespace snr::agent {

struct InstanceIdentity {
  std::string instance_id;
  std::string region;
  std::string autoscaling_group;  ///< "" unless asked for
};

struct IdentityRequest {
  std::optional<std::string> instance_id;  ///< --instance-id
  std::optional<std::string> region;       ///< --region
  /// Instance tag holding the group name (HA: "aws:autoscaling:groupName",
  /// readable when the launch template enables instance tags in metadata);
  /// empty: not needed.
  std::string group_tag;
  std::optional<std::string> autoscaling_group;  ///< --autoscaling-group
};

/// Asks IMDS (endpoint per AWS_EC2_METADATA_SERVICE_ENDPOINT) only for what
/// the request does not give. Throws snr::Failure naming what could not be read.
InstanceIdentity discover_identity(const IdentityRequest& request,
                                   const util::Environment& env = util::process_environment());

}  // namespace snr::agent
