#include "aws/autoscaling.h"

#include "aws/xml.h"

namespace snr::aws {

namespace {

void add_lifecycle(Params& p, const LifecycleActionRequest& r) {
  p.emplace_back("LifecycleHookName", r.hook_name);
  p.emplace_back("AutoScalingGroupName", r.group_name);
  if (!r.instance_id.empty()) p.emplace_back("InstanceId", r.instance_id);
  if (!r.token.empty()) p.emplace_back("LifecycleActionToken", r.token);
}

}  // namespace

AutoScalingClient::AutoScalingClient(const AwsContext& context)
    : query_(context, Service::autoscaling) {}

std::vector<AutoScalingGroup> AutoScalingClient::describe_auto_scaling_groups(
    const std::vector<std::string>& names) {
  Params p;
  add_list(p, "AutoScalingGroupNames", names);
  std::vector<AutoScalingGroup> out;
  query_.paginate("DescribeAutoScalingGroups", p, [&](pugi::xml_node r) {
    for (pugi::xml_node m : xml::items(r.child("AutoScalingGroups"))) {
      AutoScalingGroup g;
      g.name = xml::text(m, "AutoScalingGroupName");
      g.arn = xml::text(m, "AutoScalingGroupARN");
      g.min_size = xml::integer(m, "MinSize");
      g.max_size = xml::integer(m, "MaxSize");
      g.desired_capacity = xml::integer(m, "DesiredCapacity");
      for (pugi::xml_node i : xml::items(m.child("Instances"))) {
        g.instances.push_back({xml::text(i, "InstanceId"), xml::text(i, "AvailabilityZone"),
                               xml::text(i, "LifecycleState"), xml::text(i, "HealthStatus"),
                               xml::text(i, "InstanceType")});
      }
      g.target_group_arns = xml::item_texts(m.child("TargetGroupARNs"));
      g.availability_zones = xml::item_texts(m.child("AvailabilityZones"));
      g.vpc_zone_identifier = xml::text(m, "VPCZoneIdentifier");
      g.status = xml::text(m, "Status");
      for (pugi::xml_node t : xml::items(m.child("Tags"))) {
        g.tags.push_back({xml::text(t, "Key"), xml::text(t, "Value")});
      }
      out.push_back(std::move(g));
    }
    return true;
  });
  return out;
}

std::vector<AutoScalingInstanceDetails> AutoScalingClient::describe_auto_scaling_instances(
    const std::vector<std::string>& instance_ids) {
  Params p;
  add_list(p, "InstanceIds", instance_ids);
  std::vector<AutoScalingInstanceDetails> out;
  query_.paginate("DescribeAutoScalingInstances", p, [&](pugi::xml_node r) {
    for (pugi::xml_node m : xml::items(r.child("AutoScalingInstances"))) {
      out.push_back({xml::text(m, "InstanceId"), xml::text(m, "AutoScalingGroupName"),
                     xml::text(m, "AvailabilityZone"), xml::text(m, "LifecycleState"),
                     xml::text(m, "HealthStatus")});
    }
    return true;
  });
  return out;
}

void AutoScalingClient::complete_lifecycle_action(const LifecycleActionRequest& request,
                                                  LifecycleActionResult result) {
  Params p;
  add_lifecycle(p, request);
  p.emplace_back("LifecycleActionResult",
                 result == LifecycleActionResult::proceed ? "CONTINUE" : "ABANDON");
  query_.call("CompleteLifecycleAction", p);
}

void AutoScalingClient::suspend_processes(const std::string& group,
                                          const std::vector<std::string>& processes) {
  Params p{{"AutoScalingGroupName", group}};
  add_list(p, "ScalingProcesses", processes);
  query_.call("SuspendProcesses", p);
}

void AutoScalingClient::resume_processes(const std::string& group,
                                         const std::vector<std::string>& processes) {
  Params p{{"AutoScalingGroupName", group}};
  add_list(p, "ScalingProcesses", processes);
  query_.call("ResumeProcesses", p);
}

void AutoScalingClient::record_lifecycle_action_heartbeat(const LifecycleActionRequest& request) {
  Params p;
  add_lifecycle(p, request);
  query_.call("RecordLifecycleActionHeartbeat", p);
}

}  // namespace snr::aws
