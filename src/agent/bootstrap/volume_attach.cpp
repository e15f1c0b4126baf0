#include "agent/bootstrap/volume_attach.h"

#include <fmt/format.h>

#include "aws/ec2.h"
#include "aws/error.h"
#include "util/error.h"

namespace snr::agent {

void attach_data_volume(aws::Ec2Client& ec2, const std::string& volume_id,
                        const std::string& instance_id, const std::string& device,
                        std::chrono::milliseconds timeout, std::chrono::milliseconds step,
                        const Sleeper& sleep, const LogFn& log) {
  std::chrono::milliseconds waited{0};
  std::string last_holder;
  for (;;) {
    auto v = ec2.describe_volume(volume_id);
    if (!v) throw Failure("the data volume " + volume_id + " does not exist");
    std::string holder;
    for (const auto& a : v->attachments) {
      if (a.state == "detached") continue;
      if (a.instance_id == instance_id) return;  // attaching or attached to us
      holder = a.instance_id;
    }
    if (holder.empty() && v->state == "available") {
      try {
        ec2.attach_volume(volume_id, instance_id, device);
        if (log) log(fmt::format("attaching {} to {} at {}", volume_id, instance_id, device));
        return;
      } catch (const aws::AwsError& e) {
        // Lost a race with the old instance's detach, or the volume changed state: wait.
        if (e.code() != "VolumeInUse" && e.code() != "IncorrectState") throw;
      }
    } else if (holder != last_holder && log) {
      log(fmt::format("{} is still attached to {}: waiting for it to be released", volume_id,
                      holder.empty() ? v->state : holder));
      last_holder = holder;
    }
    if (waited >= timeout)
      throw Failure(fmt::format("the data volume {} did not become available within {} s ({})",
                                volume_id, timeout.count() / 1000,
                                holder.empty() ? v->state : "attached to " + holder));
    sleep(step);
    waited += step;
  }
}

}  // namespace snr::agent
