#pragma once
/// The running stacks-node version made visible to the operator: the agent tags its own
/// instance `snr:stacks-version` (contract/names.h) with /v2/info's server_version, at run
/// start and whenever it changes (an upgrade). `snr status` reads it from DescribeInstances,
/// which it calls anyway, and warns below the next epoch's minimum (node/epochs.h). A tag,
/// not a metric dimension: a version is text, and a dimension would start a new metric per
/// release (and split every alarm's series).

#include <string>

namespace snr::aws {
class Ec2Client;
}

namespace snr::agent {

/// CreateTags on `instance_id` with the one key (the node role allows no other). Throws
/// aws::AwsError / snr::Failure.
void tag_running_version(aws::Ec2Client& ec2, const std::string& instance_id,
                         const std::string& server_version);

}  // namespace snr::agent
