#pragma once
/// Amazon EC2 Auto Scaling (Query protocol): groups, instances and
/// lifecycle hooks.

#include <cstdint>
#include <string>
#include <vector>

#include "aws/client.h"
#include "aws/query.h"
#include "aws/types.h"

namespace snr::aws {

struct AutoScalingGroupInstance {
  std::string instance_id;
  std::string availability_zone;
  std::string lifecycle_state;  ///< InService, Pending:Wait, Terminating:Wait, ...
  std::string health_status;    ///< Healthy / Unhealthy
  std::string instance_type;
};

struct AutoScalingGroup {
  std::string name;
  std::string arn;
  std::int64_t min_size = 0;
  std::int64_t max_size = 0;
  std::int64_t desired_capacity = 0;
  std::vector<AutoScalingGroupInstance> instances;
  std::vector<std::string> target_group_arns;
  std::vector<std::string> availability_zones;
  std::string vpc_zone_identifier;  ///< comma-separated subnet ids
  std::string status;               ///< set while the group is being deleted
  Tags tags;
};

struct AutoScalingInstanceDetails {
  std::string instance_id;
  std::string group_name;
  std::string availability_zone;
  std::string lifecycle_state;
  std::string health_status;
};

enum class LifecycleActionResult { proceed, abandon };  ///< CONTINUE / ABANDON

struct LifecycleActionRequest {
  std::string hook_name;
  std::string group_name;
  std::string instance_id;
  std::string token;  ///< optional when instance_id is given
};

class AutoScalingClient {
 public:
  explicit AutoScalingClient(const AwsContext& context);

  /// The named groups, or all groups when `names` is empty (all pages).
  std::vector<AutoScalingGroup> describe_auto_scaling_groups(
      const std::vector<std::string>& names = {});
  /// The given instances, or all instances in groups (all pages).
  std::vector<AutoScalingInstanceDetails> describe_auto_scaling_instances(
      const std::vector<std::string>& instance_ids = {});
  void complete_lifecycle_action(const LifecycleActionRequest& request,
                                 LifecycleActionResult result);
  void record_lifecycle_action_heartbeat(const LifecycleActionRequest& request);
  /// SuspendProcesses / ResumeProcesses of `group` (e.g. HealthCheck, ReplaceUnhealthy).
  void suspend_processes(const std::string& group, const std::vector<std::string>& processes);
  void resume_processes(const std::string& group, const std::vector<std::string>& processes);

 private:
  QueryClient query_;
};

}  // namespace snr::aws
