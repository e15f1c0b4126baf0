#include <algorithm>

#include "config/load.h"
#include "contract/metrics.h"
#include "contract/names.h"
#include "contract/settings_document.h"
#include "infra/constructs.h"
#include "infra/monitoring.h"
#include "infra/names.h"
#include "infra/node_parts.h"
#include "infra/stacks.h"
#include "util/error.h"

namespace snr::infra {

using namespace cfn;
using namespace ha_ids;

namespace {

/// "targetgroup/<name>/<id>", the target group's dimension value in CloudWatch:
/// what GetAtt TargetGroupFullName returns, taken from the ARN (Ref) because
/// not every CloudFormation emulator implements that attribute.
Json target_group_full_name() {
  return select(5, split(":", cfn::ref(kRpcTargetGroup)));
}

/// How long CloudFormation waits for every new node to be synced and in
/// service, on creation and on a replacing update (its maximum).
constexpr const char* kGroupReadyTimeout = "PT12H";
constexpr const char* kHasDataSnapshot = "HasDataSnapshot";

void add_load_balancer(Template& t, const config::Config& c) {
  t.add_resource(
      kLoadBalancerSecurityGroup, "AWS::EC2::SecurityGroup",
      {{"GroupDescription", "Stacks RPC load balancer: RPC from the VPC only"},
       {"VpcId", cfn::ref(params::kVpcId)},
       {"SecurityGroupIngress", Json::array({{{"IpProtocol", "tcp"},
                                              {"FromPort", c.ports.rpc},
                                              {"ToPort", c.ports.rpc},
                                              {"CidrIp", std::string(kDefaultVpcCidr)},
                                              {"Description", "Stacks RPC from the VPC"}}})},
       // Replaces the default allow-all egress; the two egress
       // resources below open exactly the node ports.
       {"SecurityGroupEgress", Json::array({{{"IpProtocol", "icmp"},
                                             {"FromPort", 252},
                                             {"ToPort", 86},
                                             {"CidrIp", "255.255.255.255/32"},
                                             {"Description", "No other egress"}}})},
       {"Tags", standard_tags()}});
  auto egress = [&](const char* id, std::uint16_t port, const char* what) {
    t.add_resource(id, "AWS::EC2::SecurityGroupEgress",
                   {{"GroupId", get_att(kLoadBalancerSecurityGroup, "GroupId")},
                    {"IpProtocol", "tcp"},
                    {"FromPort", port},
                    {"ToPort", port},
                    {"DestinationSecurityGroupId", get_att(ids::kNodeSecurityGroup, "GroupId")},
                    {"Description", what}});
  };
  egress(kLoadBalancerToNodeRpc, c.ports.rpc, "Stacks RPC to the nodes");
  egress(kLoadBalancerToNodeHealth, c.ports.health, "Sync-aware health checks to the nodes");

  t.add_resource(
      kLoadBalancer, "AWS::ElasticLoadBalancingV2::LoadBalancer",
      {{"Type", "application"},
       {"Scheme", "internal"},
       {"IpAddressType", "ipv4"},
       {"Subnets", cfn::ref(params::kSubnetIds)},
       {"SecurityGroups", Json::array({get_att(kLoadBalancerSecurityGroup, "GroupId")})},
       {"LoadBalancerAttributes",
        Json::array(
            {{{"Key", "access_logs.s3.enabled"}, {"Value", "true"}},
             {{"Key", "access_logs.s3.bucket"},
              {"Value", import_value(std::string(exports::kAccessLogBucket))}},
             {{"Key", "access_logs.s3.prefix"}, {"Value", sub("alb/${AWS::StackName}")}},
             {{"Key", "routing.http.drop_invalid_header_fields.enabled"}, {"Value", "true"}},
             {{"Key", "deletion_protection.enabled"}, {"Value", "false"}}})},
       {"Tags", standard_tags()}});

  // Targets are healthy only while the agent's /health says "synced".
  t.add_resource(kRpcTargetGroup, "AWS::ElasticLoadBalancingV2::TargetGroup",
                 {{"TargetType", "instance"},
                  {"Protocol", "HTTP"},
                  {"Port", c.ports.rpc},
                  {"VpcId", cfn::ref(params::kVpcId)},
                  {"HealthCheckEnabled", true},
                  {"HealthCheckProtocol", "HTTP"},
                  {"HealthCheckPort", std::to_string(c.ports.health)},
                  {"HealthCheckPath", std::string(contract::kHealthPath)},
                  {"Matcher", {{"HttpCode", "200"}}},
                  {"HealthCheckIntervalSeconds", 15},
                  {"HealthCheckTimeoutSeconds", 5},
                  {"HealthyThresholdCount", 2},
                  {"UnhealthyThresholdCount", 3},
                  {"TargetGroupAttributes",
                   Json::array({{{"Key", "deregistration_delay.timeout_seconds"}, {"Value", "60"}},
                                {{"Key", "stickiness.enabled"}, {"Value", "false"}}})},
                  {"Tags", standard_tags()}});

  // One listener on the RPC port: HTTPS when a certificate is configured (then
  // there is no plaintext listener at all), HTTP otherwise.
  Json listener{
      {"LoadBalancerArn", cfn::ref(kLoadBalancer)},
      {"Port", c.ports.rpc},
      {"Protocol", "HTTP"},
      {"DefaultActions",
       Json::array({{{"Type", "forward"}, {"TargetGroupArn", cfn::ref(kRpcTargetGroup)}}})}};
  if (!c.ha.alb_certificate_arn.empty()) {
    listener["Protocol"] = "HTTPS";
    listener["SslPolicy"] = std::string(kRpcTlsPolicy);
    listener["Certificates"] = Json::array({{{"CertificateArn", c.ha.alb_certificate_arn}}});
  }
  t.add_resource(kRpcListener, "AWS::ElasticLoadBalancingV2::Listener", std::move(listener));
}

void add_node_group(Template& t, const config::Config& c) {
  const std::uint32_t n = c.ha.number_of_nodes;
  const std::uint32_t heartbeat = contract::lifecycle_heartbeat_timeout_seconds(c);
  Json group_tags = Json::array(
      {{{"Key", std::string(contract::kProjectTagKey)},
        {"Value", std::string(contract::kProjectTagValue)},
        {"PropagateAtLaunch", true}},
       {{"Key", std::string(contract::kStackTagKey)},
        {"Value", pseudo::stack_name()},
        {"PropagateAtLaunch", true}},
       {{"Key", "Name"}, {"Value", pseudo::stack_name()}, {"PropagateAtLaunch", true}}});
  Resource& g = t.add_resource(
      kNodeGroup, "AWS::AutoScaling::AutoScalingGroup",
      {{"LaunchTemplate",
        {{"LaunchTemplateId", cfn::ref(ids::kNodeLaunchTemplate)},
         {"Version", get_att(ids::kNodeLaunchTemplate, "LatestVersionNumber")}}},
       {"MinSize", std::to_string(n)},
       {"MaxSize", std::to_string(2 * n)},
       {"DesiredCapacity", std::to_string(n)},
       {"VPCZoneIdentifier", cfn::ref(params::kSubnetIds)},
       {"TargetGroupARNs", Json::array({cfn::ref(kRpcTargetGroup)})},
       {"HealthCheckType", "ELB"},
       {"HealthCheckGracePeriod", c.ha.health_check_grace_period_min * 60},
       // Inline, so the hook exists before the group's first instance launches.
       {"LifecycleHookSpecificationList",
        Json::array({{{"LifecycleHookName", std::string(contract::kLaunchHookName)},
                      {"LifecycleTransition", "autoscaling:EC2_INSTANCE_LAUNCHING"},
                      {"HeartbeatTimeout", heartbeat},
                      {"DefaultResult", "ABANDON"}}})},
       {"NotificationConfigurations",
        Json::array(
            {{{"TopicARN", cfn::ref(ids::kAlarmTopic)},
              {"NotificationTypes", Json::array({"autoscaling:EC2_INSTANCE_LAUNCH",
                                                 "autoscaling:EC2_INSTANCE_LAUNCH_ERROR",
                                                 "autoscaling:EC2_INSTANCE_TERMINATE",
                                                 "autoscaling:EC2_INSTANCE_TERMINATE_ERROR"})}}})},
       {"MetricsCollection", Json::array({{{"Granularity", "1Minute"}}})},
       {"Tags", std::move(group_tags)}});
  // Creation and replacement both wait until every new node has completed the
  // sync-gated lifecycle hook and signalled (agent: SignalResource with its
  // instance id).
  g.creation_policy = {{"ResourceSignal", {{"Count", n}, {"Timeout", kGroupReadyTimeout}}},
                       {"AutoScalingCreationPolicy", {{"MinSuccessfulInstancesPercent", 100}}}};
  // A changed launch template (AMI, instance type, volume) builds a whole new
  // group next to the old one; the old synced nodes keep serving until every
  // new node is synced and in service, then CloudFormation deletes the old
  // group. On failure or timeout the new group is rolled back instead.
  g.update_policy = {
      {"AutoScalingReplacingUpdate", {{"WillReplace", true}}},
      {"AutoScalingScheduledAction", {{"IgnoreUnmodifiedGroupSizeProperties", true}}}};
  g.depends(ids::kSettingsParameter).depends(kRpcListener);
}

void add_ha_alarms(Template& t, const config::Config& c) {
  namespace m = contract::metrics;
  const Dimensions target_group = {
      {"TargetGroup", target_group_full_name()},
      {"LoadBalancer", get_att(kLoadBalancer, "LoadBalancerFullName")}};
  const std::pair<std::string, Json> group{std::string(m::kDimAutoScalingGroupName),
                                           cfn::ref(kNodeGroup)};
  add_alarm(t, "NoHealthyNodesAlarm", ids::kAlarmTopic,
            {.description = "No synced node behind the RPC load balancer",
             .namespace_name = "AWS/ApplicationELB",
             .metric = "HealthyHostCount",
             .dimensions = target_group,
             .statistic = "Minimum",
             .period = 60,
             .evaluation_periods = 3,
             .datapoints = 3,
             .threshold = 1,
             .comparison = "LessThanThreshold",
             .treat_missing_data = "breaching"});
  add_alarm(t, "HealthyNodesBelowDesiredAlarm", ids::kAlarmTopic,
            {.description = "Fewer synced nodes than " + std::to_string(c.ha.number_of_nodes) +
                            " behind the RPC load balancer for 15 minutes",
             .namespace_name = "AWS/ApplicationELB",
             .metric = "HealthyHostCount",
             .dimensions = target_group,
             .statistic = "Minimum",
             .period = 300,
             .evaluation_periods = 3,
             .datapoints = 3,
             .threshold = static_cast<double>(c.ha.number_of_nodes),
             .comparison = "LessThanThreshold",
             .treat_missing_data = "breaching"});
  add_node_alarms(t, c, NodeScope::group, {group});
}

Json ha_dashboard_body() {
  namespace m = contract::metrics;
  auto grp = [&](std::string_view ns, std::string_view metric) {
    return Json::array({std::string(ns), std::string(metric),
                        std::string(m::kDimAutoScalingGroupName), "${Group}"});
  };
  auto tg = [](const char* metric) {
    return Json::array({"AWS/ApplicationELB", metric, "TargetGroup", "${TargetGroup}",
                        "LoadBalancer", "${LoadBalancer}"});
  };
  return Json{
      {"widgets",
       Json::array(
           {dashboard_widget(0, 0, "Synced nodes behind the load balancer",
                             Json::array({tg("HealthyHostCount"), tg("UnHealthyHostCount")}),
                             "Minimum"),
            dashboard_widget(8, 0, "Stacks tip height (best node)",
                             Json::array({grp(m::kNamespace, m::kTipHeight)}), "Maximum"),
            dashboard_widget(16, 0, "Lag: blocks behind peers (worst node)",
                             Json::array({grp(m::kNamespace, m::kBlocksBehindPeers)}), "Maximum"),
            dashboard_widget(0, 6, "CPU utilization (%)",
                             Json::array({grp("AWS/EC2", "CPUUtilization")}), "Average"),
            dashboard_widget(
                8, 6, "Data volume used (%, fullest node)",
                Json::array({Json::array(
                    {std::string(m::kCwAgentNamespace), std::string(m::kDiskUsedPercent),
                     std::string(m::kDimAutoScalingGroupName), "${Group}", std::string(m::kDimPath),
                     std::string(contract::kDataMountPoint)})}),
                "Maximum"),
            dashboard_widget(
                16, 6, "RPC requests and network",
                Json::array({Json::array({"AWS/ApplicationELB", "RequestCount", "LoadBalancer",
                                          "${LoadBalancer}"}),
                             grp("AWS/EC2", "NetworkIn"), grp("AWS/EC2", "NetworkOut")}),
                "Sum")})}};
}

}  // namespace

Template build_ha_stack(const config::Config& c) {
  Diagnostics d = config::validate_for_ha(c);
  if (d.has_errors()) throw UserError(d.errors());

  Template t("snr: " + std::to_string(c.ha.number_of_nodes) + " Stacks follower nodes (" +
             std::string(node::to_string(c.network)) +
             ") behind an internal load balancer that only routes to synced nodes");
  add_node_parameters(t, c);
  {
    cfn::Parameter snap;
    snap.type = "String";
    snap.description =
        "Snapshot new nodes' data volumes start from (the newest consistent one of this stack, "
        "pinned; empty: an empty volume, then the archive)";
    snap.default_value = "";
    snap.allowed_pattern = "^(snap-[0-9a-f]{8,17})?$";
    snap.constraint_description = "an EBS snapshot id (snap-...) or empty";
    t.add_parameter(std::string(params::kDataSnapshotId), std::move(snap));
    t.add_condition(kHasDataSnapshot,
                    cfn::not_(cfn::equals(cfn::ref(params::kDataSnapshotId), "")));
  }
  add_load_balancer(t, c);
  add_node_security_group(t, ids::kNodeSecurityGroup,
                          {.p2p_port = c.ports.p2p,
                           .rpc_port = c.ports.rpc,
                           .health_port = c.ports.health,
                           .load_balancer_group = kLoadBalancerSecurityGroup,
                           .rpc_public = c.ports.rpc_public});
  add_node_role(t, ids::kNodeRole, ids::kNodeInstanceProfile,
                {.statements = node_statements(c), .wildcards = node_wildcards(c)});
  add_launch_template(
      t, ids::kNodeLaunchTemplate,
      {.instance_type = c.instance_type,
       .profile_id = ids::kNodeInstanceProfile,
       .security_group_id = ids::kNodeSecurityGroup,
       .user_data = bootstrap_user_data(kNodeGroup, std::string(contract::kLaunchHookName)),
       .data_volume = &c.data_volume,
       .data_snapshot =
           cfn::if_(kHasDataSnapshot, cfn::ref(params::kDataSnapshotId), cfn::pseudo::no_value()),
       .instance_tags_in_metadata = true,
       // A new StacksVersion is a new launch template version, so the group's replacing
       // update runs blue/green (snr upgrade stacks-ha-nodes); the settings document
       // alone would only reach nodes launched later.
       .instance_tags = Json::array({{{"Key", std::string(contract::kConfiguredVersionTag)},
                                      {"Value", cfn::ref(params::kStacksVersion)}}})});
  add_log_group(t, ids::kNodeLogGroup, c.monitoring.log_retention_days);
  add_settings_parameter(t, settings_document(c, contract::DeploymentKind::ha,
                                              std::string(kHaStackId), kNodeGroup, ""));
  add_alarm_topic(t, ids::kAlarmTopic, ids::kAlarmTopicPolicy, ids::kAlarmEmailSubscription,
                  c.monitoring.alarm_email);
  add_node_group(t, c);
  add_ha_alarms(t, c);
  add_dashboard(t, ids::kDashboard, ha_dashboard_body(),
                Json{{"Group", cfn::ref(kNodeGroup)},
                     {"TargetGroup", target_group_full_name()},
                     {"LoadBalancer", get_att(kLoadBalancer, "LoadBalancerFullName")}});

  Json dns = get_att(kLoadBalancer, "DNSName");
  t.add_output("ALBURL", {dns, "DNS name of the internal RPC load balancer", "", ""});
  t.add_output("alburl", {dns, "Same as ALBURL (the blueprint's key)", "", ""});
  const bool tls = !c.ha.alb_certificate_arn.empty();
  t.add_output("RpcUrl",
               {join("", Json::array({tls ? "https://" : "http://", dns,
                                      ":" + std::to_string(c.ports.rpc)})),
                std::string("Stacks RPC behind the load balancer (") +
                    (tls ? "HTTPS, TLS 1.3 policy; use a DNS name on the certificate"
                         : "plain HTTP, inside the VPC") +
                    ")",
                "", ""});
  t.add_output("autoscalinggroupname",
               {cfn::ref(kNodeGroup), "Auto Scaling group of the nodes", "", ""});
  add_node_outputs(t, NodeScope::group);
  return t;
}

}  // namespace snr::infra
