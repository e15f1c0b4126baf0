#include "agent/run/version_tag.h"

#include "aws/ec2.h"
#include "contract/names.h"

namespace snr::agent {

void tag_running_version(aws::Ec2Client& ec2, const std::string& instance_id,
                         const std::string& server_version) {
  // EC2 tag values hold at most 256 characters.
  ec2.create_tags({instance_id},
                  {{std::string(contract::kStacksVersionTag), server_version.substr(0, 256)}});
}

}  // namespace snr::agent
