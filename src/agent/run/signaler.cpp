#include "agent/run/signaler.h"

#include "aws/autoscaling.h"
#include "aws/cloudformation.h"

namespace snr::agent {

AwsSignaler::AwsSignaler(const aws::AwsContext& context)
    : cfn_(std::make_unique<aws::CloudFormationClient>(context)),
      asg_(std::make_unique<aws::AutoScalingClient>(context)) {}

AwsSignaler::~AwsSignaler() = default;

void AwsSignaler::signal_resource(const std::string& stack_name, const std::string& logical_id,
                                  const std::string& unique_id, bool success) {
  cfn_->signal_resource(
      stack_name, logical_id, unique_id,
      success ? aws::ResourceSignalStatus::success : aws::ResourceSignalStatus::failure);
}

void AwsSignaler::complete_lifecycle_action(const std::string& group, const std::string& hook,
                                            const std::string& instance_id, bool proceed) {
  asg_->complete_lifecycle_action(
      {hook, group, instance_id, ""},
      proceed ? aws::LifecycleActionResult::proceed : aws::LifecycleActionResult::abandon);
}

void AwsSignaler::record_heartbeat(const std::string& group, const std::string& hook,
                                   const std::string& instance_id) {
  asg_->record_lifecycle_action_heartbeat({hook, group, instance_id, ""});
}

}  // namespace snr::agent
