#include "infra/constructs.h"

#include "contract/names.h"
#include "infra/names.h"
#include "node/types.h"

namespace snr::infra {

using namespace cfn;

Json standard_tags() {
  return tags({{std::string(contract::kProjectTagKey), std::string(contract::kProjectTagValue)},
               {std::string(contract::kStackTagKey), pseudo::stack_name()}});
}

Json statement(const std::string& sid, const std::vector<std::string>& actions, Json resources,
               Json condition, const std::string& effect) {
  Json s{{"Sid", sid}, {"Effect", effect}, {"Resource", std::move(resources)}};
  s["Action"] = actions.size() == 1 ? Json(actions[0]) : Json(actions);
  if (!condition.is_null()) s["Condition"] = std::move(condition);
  return s;
}

Json policy_document(Json statements) {
  return Json{{"Version", "2012-10-17"}, {"Statement", std::move(statements)}};
}

Json arn(const std::string& service, const std::string& resource, bool regional) {
  return sub("arn:${AWS::Partition}:" + service + ":" + (regional ? "${AWS::Region}" : "") +
             ":${AWS::AccountId}:" + resource);
}

void add_secure_bucket(Template& t, const std::string& bucket_id, const std::string& policy_id,
                       const SecureBucketProps& p) {
  Json props{{"BucketEncryption",
              {{"ServerSideEncryptionConfiguration",
                Json::array({{{"ServerSideEncryptionByDefault", {{"SSEAlgorithm", "AES256"}}}}})}}},
             {"PublicAccessBlockConfiguration",
              {{"BlockPublicAcls", true},
               {"BlockPublicPolicy", true},
               {"IgnorePublicAcls", true},
               {"RestrictPublicBuckets", true}}},
             {"OwnershipControls",
              {{"Rules", Json::array({{{"ObjectOwnership", "BucketOwnerEnforced"}}})}}},
             {"Tags", standard_tags()}};
  if (p.versioned) props["VersioningConfiguration"] = {{"Status", "Enabled"}};
  if (!p.access_log_bucket.is_null())
    props["LoggingConfiguration"] = {{"DestinationBucketName", p.access_log_bucket},
                                     {"LogFilePrefix", p.access_log_prefix}};
  if (!p.lifecycle_rules.empty()) props["LifecycleConfiguration"] = {{"Rules", p.lifecycle_rules}};
  Resource& bucket = t.add_resource(bucket_id, "AWS::S3::Bucket", std::move(props));
  if (!p.no_access_log_reason.empty()) bucket.suppress("AwsSolutions-S1", p.no_access_log_reason);

  Json statements = Json::array();
  Json deny = statement("DenyInsecureTransport", {"s3:*"},
                        Json::array({get_att(bucket_id, "Arn"), sub("${" + bucket_id + ".Arn}/*")}),
                        Json{{"Bool", {{"aws:SecureTransport", "false"}}}}, "Deny");
  deny["Principal"] = {{"AWS", "*"}};
  statements.push_back(std::move(deny));
  for (const auto& s : p.extra_statements)
    statements.push_back(s);
  t.add_resource(
      policy_id, "AWS::S3::BucketPolicy",
      {{"Bucket", cfn::ref(bucket_id)}, {"PolicyDocument", policy_document(statements)}});
}

void add_node_security_group(Template& t, const std::string& id, const NodeSecurityGroupProps& p) {
  auto rule = [](const char* proto, std::uint16_t port, const char* source_key, Json source,
                 const std::string& description) {
    return Json{{"IpProtocol", proto},
                {"FromPort", port},
                {"ToPort", port},
                {source_key, std::move(source)},
                {"Description", description}};
  };
  // stacks-node's P2P is TCP only. CIDRs are literals, which rule checkers
  // (cdk-nag EC23) can evaluate; the deployer checks the VPC's.
  Json ingress = Json::array({
      rule("tcp", p.p2p_port, "CidrIp", "0.0.0.0/0", "Stacks P2P from anywhere"),
  });
  if (p.rpc_public) {
    ingress.push_back(rule("tcp", p.rpc_port, "CidrIp", "0.0.0.0/0",
                           "Stacks RPC from anywhere (STACKS_RPC_PUBLIC): serves Nakamoto blocks "
                           "to peers"));
  }
  if (p.load_balancer_group.empty()) {
    if (!p.rpc_public)
      ingress.push_back(rule("tcp", p.rpc_port, "CidrIp", std::string(kDefaultVpcCidr),
                             "Stacks RPC from the VPC only"));
  } else {
    Json alb = get_att(p.load_balancer_group, "GroupId");
    ingress.push_back(
        rule("tcp", p.rpc_port, "SourceSecurityGroupId", alb, "Stacks RPC from the load balancer"));
    ingress.push_back(rule("tcp", p.health_port, "SourceSecurityGroupId", alb,
                           "Sync-aware health check from the load balancer"));
  }
  Json egress = Json::array({{{"IpProtocol", "-1"},
                              {"CidrIp", "0.0.0.0/0"},
                              {"Description", "Bitcoin and Stacks peers, AWS APIs, archives"}}});
  t.add_resource(id, "AWS::EC2::SecurityGroup",
                 {{"GroupDescription", "Stacks node: P2P public, RPC private, no SSH (use SSM)"},
                  {"VpcId", cfn::ref(params::kVpcId)},
                  {"SecurityGroupIngress", std::move(ingress)},
                  {"SecurityGroupEgress", std::move(egress)},
                  {"Tags", standard_tags()}})
      .suppress("AwsSolutions-EC23",
                p.rpc_public
                    ? "Stacks P2P and, by STACKS_RPC_PUBLIC=true, RPC accept peers from the whole "
                      "internet (Nakamoto blocks are served over RPC); no SSH."
                    : "Stacks P2P port (tcp) must accept peers from the whole internet; it is "
                      "the only world-open port (RPC is VPC-only, no SSH).");
}

void add_node_role(Template& t, const std::string& role_id, const std::string& profile_id,
                   const NodeRoleProps& p) {
  Json assume = policy_document(Json::array({{{"Effect", "Allow"},
                                              {"Principal", {{"Service", "ec2.amazonaws.com"}}},
                                              {"Action", "sts:AssumeRole"}}}));
  Json props{{"AssumeRolePolicyDocument", std::move(assume)},
             {"Description", sub("Stacks node instances of ${AWS::StackName}")},
             {"ManagedPolicyArns",
              Json::array({import_value(std::string(exports::kNodeBasePolicy))})},
             {"Tags", standard_tags()}};
  if (!p.statements.empty())
    props["Policies"] =
        Json::array({{{"PolicyName", "node"}, {"PolicyDocument", policy_document(p.statements)}}});
  Resource& role = t.add_resource(role_id, "AWS::IAM::Role", std::move(props));
  for (const auto& [finding, reason] : p.wildcards)
    role.suppress("AwsSolutions-IAM5", reason, {finding});
  t.add_resource(profile_id, "AWS::IAM::InstanceProfile",
                 {{"Roles", Json::array({cfn::ref(role_id)})}});
}

Json data_volume_properties(const config::DataVolume& v, const std::string& size_key) {
  Json j{{size_key, v.size_gib}, {"VolumeType", node::to_string(v.type)}, {"Encrypted", true}};
  if (v.type != node::VolumeType::gp2 && v.iops > 0) j["Iops"] = v.iops;
  if (v.type == node::VolumeType::gp3 && v.throughput_mibps > 0)
    j["Throughput"] = v.throughput_mibps;
  return j;
}

void add_launch_template(Template& t, const std::string& id, const LaunchTemplateProps& p) {
  Json mappings = Json::array({{{"DeviceName", "/dev/xvda"},
                                {"Ebs",
                                 {{"VolumeType", "gp3"},
                                  {"VolumeSize", 30},
                                  {"Encrypted", true},
                                  {"DeleteOnTermination", true}}}}});
  if (p.data_volume) {
    Json ebs = data_volume_properties(*p.data_volume, "VolumeSize");
    ebs["DeleteOnTermination"] = true;
    if (!p.data_snapshot.is_null()) ebs["SnapshotId"] = p.data_snapshot;
    mappings.push_back({{"DeviceName", "/dev/sdf"}, {"Ebs", std::move(ebs)}});
  }
  Json metadata{
      {"HttpTokens", "required"}, {"HttpEndpoint", "enabled"}, {"HttpPutResponseHopLimit", 1}};
  if (p.instance_tags_in_metadata) metadata["InstanceMetadataTags"] = "enabled";
  Json instance_tags = standard_tags();
  for (const auto& tag : p.instance_tags)
    instance_tags.push_back(tag);
  Json data{{"ImageId", cfn::ref(params::kImageId)},
            {"InstanceType", p.instance_type},
            {"IamInstanceProfile", {{"Arn", get_att(p.profile_id, "Arn")}}},
            {"SecurityGroupIds", Json::array({get_att(p.security_group_id, "GroupId")})},
            {"MetadataOptions", std::move(metadata)},
            {"BlockDeviceMappings", std::move(mappings)},
            {"Monitoring", {{"Enabled", true}}},
            {"EbsOptimized", true},
            {"UserData", p.user_data},
            {"TagSpecifications",
             Json::array({{{"ResourceType", "instance"}, {"Tags", instance_tags}},
                          {{"ResourceType", "volume"}, {"Tags", standard_tags()}}})}};
  t.add_resource(
      id, "AWS::EC2::LaunchTemplate",
      {{"LaunchTemplateData", std::move(data)},
       {"TagSpecifications",
        Json::array({{{"ResourceType", "launch-template"}, {"Tags", standard_tags()}}})}});
}

void add_alarm_topic(Template& t, const std::string& topic_id, const std::string& policy_id,
                     const std::string& subscription_id, const std::string& email) {
  t.add_resource(topic_id, "AWS::SNS::Topic",
                 {{"DisplayName", sub("snr alarms ${AWS::StackName}")},
                  {"KmsMasterKeyId", import_value(std::string(exports::kAlarmTopicKey))},
                  {"Tags", standard_tags()}});
  Json deny = statement("DenyInsecurePublish", {"sns:Publish"}, cfn::ref(topic_id),
                        Json{{"Bool", {{"aws:SecureTransport", "false"}}}}, "Deny");
  deny["Principal"] = {{"AWS", "*"}};
  Json allow = statement("AllowCloudWatchAlarms", {"sns:Publish"}, cfn::ref(topic_id),
                         Json{{"StringEquals", {{"aws:SourceAccount", pseudo::account_id()}}}});
  allow["Principal"] = {{"Service", "cloudwatch.amazonaws.com"}};
  t.add_resource(policy_id, "AWS::SNS::TopicPolicy",
                 {{"Topics", Json::array({cfn::ref(topic_id)})},
                  {"PolicyDocument", policy_document(Json::array({deny, allow}))}});
  if (!email.empty())
    t.add_resource(subscription_id, "AWS::SNS::Subscription",
                   {{"TopicArn", cfn::ref(topic_id)}, {"Protocol", "email"}, {"Endpoint", email}});
}

void add_alarm(Template& t, const std::string& id, const std::string& topic_id,
               const AlarmProps& p) {
  Json dims = Json::array();
  for (const auto& [name, value] : p.dimensions)
    dims.push_back({{"Name", name}, {"Value", value}});
  Json actions = Json::array({cfn::ref(topic_id)});
  for (const auto& a : p.extra_actions)
    actions.push_back(a);
  t.add_resource(id, "AWS::CloudWatch::Alarm",
                 {{"AlarmDescription", p.description},
                  {"Namespace", p.namespace_name},
                  {"MetricName", p.metric},
                  {"Dimensions", std::move(dims)},
                  {"Statistic", p.statistic},
                  {"Period", p.period},
                  {"EvaluationPeriods", p.evaluation_periods},
                  {"DatapointsToAlarm", p.datapoints},
                  {"Threshold", p.threshold},
                  {"ComparisonOperator", p.comparison},
                  {"TreatMissingData", p.treat_missing_data},
                  {"ActionsEnabled", true},
                  {"AlarmActions", std::move(actions)},
                  {"OKActions", Json::array({cfn::ref(topic_id)})}});
}

void add_log_group(Template& t, const std::string& id, std::uint32_t retention_days) {
  t.add_resource(id, "AWS::Logs::LogGroup",
                 {{"LogGroupName", sub("/snr/${AWS::StackName}")},
                  {"RetentionInDays", retention_days},
                  {"Tags", standard_tags()}});
}

void add_dashboard(Template& t, const std::string& id, const Json& body, Json variables) {
  t.add_resource(id, "AWS::CloudWatch::Dashboard",
                 {{"DashboardName", sub("${AWS::StackName}-${AWS::Region}")},
                  {"DashboardBody", sub(body.dump(), std::move(variables))}});
}

}  // namespace snr::infra
