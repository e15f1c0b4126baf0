#include "agent/instance_identity.h"

#include <memory>

#include "aws/imds.h"
#include "util/error.h"

namespace snr::agent {

InstanceIdentity discover_identity(const IdentityRequest& req, const util::Environment& env) {
  InstanceIdentity id;
  std::unique_ptr<aws::ImdsClient> imds;
  auto client = [&]() -> aws::ImdsClient& {
    if (!imds) {
      aws::ImdsOptions o = aws::imds_options(env);
      o.attempts = 3;
      imds = std::make_unique<aws::ImdsClient>(o);
    }
    return *imds;
  };
  auto ask = [&](const char* what, const char* flag, auto&& read) -> std::string {
    try {
      return read();
    } catch (const Failure& e) {
      throw Failure(std::string("cannot read the ") + what +
                    " from the instance metadata service (IMDSv2): " + e.what() +
                    "; off EC2, pass " + flag);
    }
  };
  id.instance_id =
      req.instance_id ? *req.instance_id
                      : ask("instance id", "--instance-id", [&] { return client().instance_id(); });
  id.region =
      req.region ? *req.region : ask("region", "--region", [&] { return client().region(); });
  if (req.autoscaling_group) {
    id.autoscaling_group = *req.autoscaling_group;
  } else if (!req.group_tag.empty()) {
    id.autoscaling_group =
        ask("Auto Scaling group name (instance tag)", "--autoscaling-group",
            [&] { return client().get("/latest/meta-data/tags/instance/" + req.group_tag); });
  }
  return id;
}

}  // namespace snr::agent
