#include "infra/operator_policy.h"

#include <algorithm>
#include <cctype>

#include "config/regions.h"
#include "contract/names.h"
#include "infra/constructs.h"
#include "infra/names.h"
#include "infra/synth.h"

namespace snr::infra {

const std::vector<OperatorCall>& operator_calls() {
  static const std::vector<OperatorCall> calls = [] {
    const std::string stack = "arn:{partition}:cloudformation:{region}:{account}:stack/{stack}/*";
    const std::string bucket = "arn:{partition}:s3:::{bucket}";
    const std::string object = bucket + "/{key}";
    const std::string secret =
        "arn:{partition}:secretsmanager:{region}:{account}:secret:snr/{stack}/x-AbCdEf";
    return std::vector<OperatorCall>{
        {"get_caller_identity", "sts:GetCallerIdentity", "*"},
        {"list_exports", "cloudformation:ListExports", "*"},
        {"list_imports", "cloudformation:ListImports", "*"},
        {"describe_stacks", "cloudformation:DescribeStacks", "*"},
        // snr status: each node's progress from the metrics its agent published.
        {"get_metric_statistics", "cloudwatch:GetMetricStatistics", "*"},
        {"describe_stack", "cloudformation:DescribeStacks", stack},
        {"describe_stack_events", "cloudformation:DescribeStackEvents", stack},
        {"list_stack_resources", "cloudformation:ListStackResources", stack},
        {"get_template", "cloudformation:GetTemplate", stack},
        {"create_stack", "cloudformation:CreateStack", stack},
        {"delete_stack", "cloudformation:DeleteStack", stack},
        {"create_change_set", "cloudformation:CreateChangeSet", stack},
        {"describe_change_set", "cloudformation:DescribeChangeSet", stack},
        {"execute_change_set", "cloudformation:ExecuteChangeSet", stack},
        {"delete_change_set", "cloudformation:DeleteChangeSet", stack},
        {"continue_update_rollback", "cloudformation:ContinueUpdateRollback", stack},
        {"update_termination_protection", "cloudformation:UpdateTerminationProtection", stack},
        {"get_parameter", "ssm:GetParameter",
         "arn:{partition}:ssm:{region}::parameter/aws/service/ami-amazon-linux-latest/x"},
        {"instance_type_zones", "ec2:DescribeInstanceTypeOfferings", "*"},
        {"describe_vpcs", "ec2:DescribeVpcs", "*"},
        {"describe_subnets", "ec2:DescribeSubnets", "*"},
        {"describe_instances", "ec2:DescribeInstances", "*"},
        {"describe_volume", "ec2:DescribeVolumes", "*"},
        {"describe_security_groups", "ec2:DescribeSecurityGroups", "*"},
        {"delete_volume", "ec2:DeleteVolume",
         "arn:{partition}:ec2:{region}:{account}:volume/vol-0123456789abcdef0"},
        {"set_termination_protection", "ec2:ModifyInstanceAttribute",
         "arn:{partition}:ec2:{region}:{account}:instance/i-0123456789abcdef0"},
        {"head_object", "s3:GetObject", object},
        {"head_object", "s3:ListBucket", bucket},
        {"get_object", "s3:GetObject", object},
        {"put_object_file", "s3:PutObject", object},
        {"list_objects_v2", "s3:ListBucket", bucket},
        {"list_object_versions", "s3:ListBucketVersions", bucket},
        {"delete_objects", "s3:DeleteObject", object},
        {"delete_objects", "s3:DeleteObjectVersion", object},
        {"list_secrets", "secretsmanager:ListSecrets", "*"},
        {"describe_secret", "secretsmanager:DescribeSecret", secret},
        {"get_secret_value", "secretsmanager:GetSecretValue", secret},
        {"put_secret_value", "secretsmanager:PutSecretValue", secret},
        {"create_secret", "secretsmanager:CreateSecret", secret},
        {"create_secret", "secretsmanager:TagResource", secret},
        {"delete_secret", "secretsmanager:DeleteSecret", secret},
        {"describe_auto_scaling_groups", "autoscaling:DescribeAutoScalingGroups", "*"},
        {"describe_target_health", "elasticloadbalancing:DescribeTargetHealth", "*"},
        // snr snapshot create|list, destroy --delete-snapshots (docs/snapshots.md).
        {"describe_volumes", "ec2:DescribeVolumes", "*"},
        {"describe_snapshots", "ec2:DescribeSnapshots", "*"},
        {"create_snapshot", "ec2:CreateSnapshot",
         "arn:{partition}:ec2:{region}:{account}:volume/vol-0123456789abcdef0"},
        {"create_snapshot", "ec2:CreateSnapshot",
         "arn:{partition}:ec2:{region}::snapshot/snap-0123456789abcdef0"},
        {"create_snapshot", "ec2:CreateTags",
         "arn:{partition}:ec2:{region}::snapshot/snap-0123456789abcdef0"},
        {"delete_snapshot", "ec2:DeleteSnapshot",
         "arn:{partition}:ec2:{region}::snapshot/snap-0123456789abcdef0"},
        {"send_command", "ssm:SendCommand",
         "arn:{partition}:ec2:{region}:{account}:instance/i-0123456789abcdef0"},
        {"send_command", "ssm:SendCommand", "arn:{partition}:ssm:{region}::document/AWS-RunShellScript"},
        {"get_command_invocation", "ssm:GetCommandInvocation", "*"},
        {"suspend_processes", "autoscaling:SuspendProcesses",
         "arn:{partition}:autoscaling:{region}:{account}:autoScalingGroup:x:"
         "autoScalingGroupName/{stack}-NodeGroup-x"},
        {"resume_processes", "autoscaling:ResumeProcesses",
         "arn:{partition}:autoscaling:{region}:{account}:autoScalingGroup:x:"
         "autoScalingGroupName/{stack}-NodeGroup-x"},
        // snr cost --live: the Price List API has no resources to scope to.
        {"get_products", "pricing:GetProducts", "*"},
    };
  }();
  return calls;
}

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return s;
}

Json list(const std::vector<std::string>& v) {
  Json out = Json::array();
  for (const auto& s : v)
    out.push_back(s);
  return out;
}

}  // namespace

Json operator_policy(const config::Config& c) {
  const std::string p(config::partition_of(c.region));
  const std::string r = c.region;
  const std::string common = stack_name(kCommonStackId, c);
  std::vector<std::string> stacks;  // every stack of this configuration
  std::vector<std::string> nodes;   // the node stacks
  for (const auto& id : applicable_stack_ids(c)) {
    stacks.push_back(stack_name(id, c));
    if (id != kCommonStackId) nodes.push_back(stack_name(id, c));
  }
  auto each = [&](const std::vector<std::string>& names, const std::string& pattern) {
    std::vector<std::string> out;
    for (const auto& n : names) {
      std::string s = pattern;
      for (std::size_t at; (at = s.find("{stack}")) != std::string::npos;)
        s.replace(at, 7, n);
      out.push_back(s);
    }
    return list(out);
  };
  const std::string acct = "*";
  const std::string tag = "aws:ResourceTag/" + std::string(contract::kStackTagKey);
  const Json tagged{{"StringEquals", {{tag, list(stacks)}}}};
  const std::string bucket = "arn:" + p + ":s3:::" + lower(common) + "-*";

  Json st = Json::array();
  // snr's own calls.
  st.push_back(statement(
      "SnrReadsAccountWide",
      {"sts:GetCallerIdentity", "cloudformation:ListExports", "cloudformation:ListImports",
       "cloudformation:DescribeStacks", "cloudformation:ValidateTemplate", "ec2:DescribeVpcs",
       "ec2:DescribeSubnets", "ec2:DescribeInstances", "ec2:DescribeVolumes",
       "ec2:DescribeInstanceTypeOfferings", "ec2:DescribeSecurityGroups",
       "secretsmanager:ListSecrets", "autoscaling:DescribeAutoScalingGroups",
       "elasticloadbalancing:DescribeTargetHealth", "ec2:DescribeSnapshots",
       "ssm:GetCommandInvocation", "pricing:GetProducts"},
      "*"));
  st.push_back(statement(
      "SnrStacks",
      {"cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:DeleteStack",
       "cloudformation:DescribeStacks", "cloudformation:DescribeStackEvents",
       "cloudformation:DescribeStackResource", "cloudformation:DescribeStackResources",
       "cloudformation:ListStackResources", "cloudformation:GetTemplate",
       "cloudformation:GetTemplateSummary", "cloudformation:CreateChangeSet",
       "cloudformation:DescribeChangeSet", "cloudformation:ExecuteChangeSet",
       "cloudformation:DeleteChangeSet", "cloudformation:ListChangeSets",
       "cloudformation:ContinueUpdateRollback", "cloudformation:CancelUpdateStack",
       "cloudformation:UpdateTerminationProtection", "cloudformation:TagResource"},
      each(stacks, "arn:" + p + ":cloudformation:" + r + ":" + acct + ":stack/{stack}/*")));
  st.push_back(
      statement("SnrAssetAndLogBuckets",
                {"s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion",
                 "s3:GetObjectVersion", "s3:ListBucket", "s3:ListBucketVersions"},
                list({bucket, bucket + "/*"})));
  st.push_back(statement(
      "SnrSecretsOfTheseStacks",
      {"secretsmanager:CreateSecret", "secretsmanager:DescribeSecret",
       "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue",
       "secretsmanager:DeleteSecret", "secretsmanager:TagResource"},
      each(nodes, "arn:" + p + ":secretsmanager:" + r + ":" + acct + ":secret:snr/{stack}/*")));
  std::vector<std::string> given;
  if (c.needs_signer_wiring() && !c.signer_secret_arn.empty()) given.push_back(c.signer_secret_arn);
  if (c.is_miner() && !c.miner_secret_arn.empty()) given.push_back(c.miner_secret_arn);
  if (!given.empty())
    st.push_back(
        statement("SnrStatusReadsGivenKeyTags", {"secretsmanager:DescribeSecret"}, list(given)));
  st.push_back(statement("SnrTerminationProtectionAndLeftoverVolumes",
                         {"ec2:ModifyInstanceAttribute", "ec2:DeleteVolume"}, "*", tagged));
  // Snapshots (snr snapshot create): only of the node stacks' volumes, only tagged for
  // them at creation, deleted only when theirs; the agent reached only on their instances.
  const std::string stack_tag = std::string(contract::kStackTagKey);
  const Json node_resource{{"StringEquals", {{"aws:ResourceTag/" + stack_tag, list(nodes)}}}};
  const Json node_request{{"StringEquals", {{"aws:RequestTag/" + stack_tag, list(nodes)}}}};
  st.push_back(statement("SnrSnapshotTheseStacksVolumes", {"ec2:CreateSnapshot"},
                         "arn:" + p + ":ec2:" + r + ":" + acct + ":volume/*", node_resource));
  st.push_back(statement("SnrSnapshotsTaggedForTheseStacks", {"ec2:CreateSnapshot"},
                         "arn:" + p + ":ec2:" + r + "::snapshot/*", node_request));
  st.push_back(statement(
      "SnrTagSnapshotsAtCreation", {"ec2:CreateTags"}, "arn:" + p + ":ec2:" + r + "::snapshot/*",
      Json{{"StringEquals",
            {{"aws:RequestTag/" + stack_tag, list(nodes)}, {"ec2:CreateAction", "CreateSnapshot"}}}}));
  st.push_back(statement("SnrDeleteTheseStacksSnapshots", {"ec2:DeleteSnapshot"},
                         "arn:" + p + ":ec2:" + r + "::snapshot/*", node_resource));
  st.push_back(statement("SnrRunTheAgentOnTheseStacksInstances", {"ssm:SendCommand"},
                         "arn:" + p + ":ec2:" + r + ":" + acct + ":instance/*", node_resource));
  st.push_back(statement("SnrRunShellScriptDocument", {"ssm:SendCommand"},
                         "arn:" + p + ":ssm:" + r + "::document/AWS-RunShellScript"));

  // What CloudFormation does with the operator's credentials (no service role).
  const std::string iam = "arn:" + p + ":iam::" + acct + ":";
  st.push_back(
      statement("CfnNodeRoles",
                {"iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:TagRole", "iam:UntagRole",
                 "iam:UpdateRoleDescription", "iam:PutRolePolicy", "iam:GetRolePolicy",
                 "iam:DeleteRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy",
                 "iam:ListRolePolicies", "iam:ListAttachedRolePolicies",
                 "iam:CreateInstanceProfile", "iam:DeleteInstanceProfile", "iam:GetInstanceProfile",
                 "iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile"},
                [&] {
                  Json out = each(nodes, iam + "role/{stack}-*");
                  for (const auto& e : each(nodes, iam + "instance-profile/{stack}-*"))
                    out.push_back(e);
                  return out;
                }()));
  st.push_back(statement("PassOnlyTheNodeRolesToEc2", {"iam:PassRole"},
                         each(nodes, iam + "role/{stack}-*"),
                         Json{{"StringEquals", {{"iam:PassedToService", "ec2.amazonaws.com"}}}}));
  st.push_back(
      statement("CfnNodeBasePolicy",
                {"iam:CreatePolicy", "iam:DeletePolicy", "iam:GetPolicy", "iam:GetPolicyVersion",
                 "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:ListPolicyVersions"},
                iam + "policy/" + common + "-*"));
  st.push_back(statement("ServiceLinkedRolesOnFirstUse", {"iam:CreateServiceLinkedRole"},
                         iam + "role/aws-service-role/*",
                         Json{{"StringEquals",
                               {{"iam:AWSServiceName", list({"autoscaling.amazonaws.com",
                                                             "elasticloadbalancing.amazonaws.com",
                                                             "events.amazonaws.com"})}}}}));
  st.push_back(statement(
      "CfnBuckets",
      {"s3:CreateBucket", "s3:DeleteBucket", "s3:GetBucket*", "s3:PutBucket*",
       "s3:DeleteBucketPolicy", "s3:GetEncryptionConfiguration", "s3:PutEncryptionConfiguration",
       "s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration"},
      bucket));
  st.push_back(statement("CfnAlarmTopicKey", {"kms:CreateKey", "kms:ListAliases"}, "*"));
  st.push_back(statement(
      "CfnAlarmTopicKeyManage",
      {"kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:EnableKeyRotation",
       "kms:GetKeyRotationStatus", "kms:ScheduleKeyDeletion", "kms:TagResource",
       "kms:UntagResource", "kms:ListResourceTags", "kms:GenerateDataKey*", "kms:Decrypt"},
      "arn:" + p + ":kms:" + r + ":" + acct + ":key/*"));
  st.push_back(statement(
      "CfnTopics",
      {"sns:CreateTopic", "sns:DeleteTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes",
       "sns:Subscribe", "sns:Unsubscribe", "sns:TagResource", "sns:UntagResource",
       "sns:ListSubscriptionsByTopic", "sns:GetSubscriptionAttributes", "sns:ListTagsForResource"},
      each(nodes, "arn:" + p + ":sns:" + r + ":" + acct + ":{stack}-*")));
  st.push_back(
      statement("CfnSettingsParameters",
                {"ssm:PutParameter", "ssm:DeleteParameter", "ssm:GetParameter", "ssm:GetParameters",
                 "ssm:AddTagsToResource", "ssm:RemoveTagsFromResource", "ssm:ListTagsForResource"},
                each(nodes, "arn:" + p + ":ssm:" + r + ":" + acct + ":parameter/snr/{stack}/*")));
  st.push_back(statement("CfnResolvesTheAmi", {"ssm:GetParameters", "ssm:GetParameter"},
                         "arn:" + p + ":ssm:" + r + "::parameter/aws/service/*"));
  st.push_back(statement("CfnDescribesParameters", {"ssm:DescribeParameters"}, "*"));
  st.push_back(
      statement("CfnNodeInstances",
                {"ec2:RunInstances", "ec2:CreateLaunchTemplate", "ec2:CreateLaunchTemplateVersion",
                 "ec2:CreateVolume", "ec2:CreateSecurityGroup", "ec2:CreateTags", "ec2:Describe*",
                 "ec2:GetLaunchTemplateData", "ec2:MonitorInstances"},
                "*"));
  st.push_back(statement(
      "CfnChangesOnlyTheseStacksResources",
      {"ec2:TerminateInstances", "ec2:StopInstances", "ec2:DeleteLaunchTemplate",
       "ec2:DeleteLaunchTemplateVersions", "ec2:ModifyLaunchTemplate", "ec2:DeleteSecurityGroup",
       "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress",
       "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress",
       "ec2:UpdateSecurityGroupRuleDescriptionsIngress",
       "ec2:UpdateSecurityGroupRuleDescriptionsEgress", "ec2:ModifyVolume", "ec2:DeleteTags",
       "ec2:AttachVolume", "ec2:DetachVolume"},
      "*",
      Json{{"StringEquals", {{"aws:ResourceTag/aws:cloudformation:stack-name", list(stacks)}}}}));
  st.push_back(
      statement("CfnLogGroups",
                {"logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy",
                 "logs:DeleteRetentionPolicy", "logs:TagResource", "logs:UntagResource",
                 "logs:TagLogGroup", "logs:ListTagsForResource", "logs:ListTagsLogGroup"},
                each(nodes, "arn:" + p + ":logs:" + r + ":" + acct + ":log-group:/snr/{stack}*")));
  st.push_back(statement("CfnDescribesLogGroups", {"logs:DescribeLogGroups"}, "*"));
  st.push_back(statement(
      "CfnAlarmsAndDashboard",
      {"cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:TagResource",
       "cloudwatch:UntagResource", "cloudwatch:PutDashboard", "cloudwatch:DeleteDashboards",
       "cloudwatch:GetDashboard"},
      [&] {
        Json out = each(nodes, "arn:" + p + ":cloudwatch:" + r + ":" + acct + ":alarm:{stack}-*");
        const std::string dashboards = "arn:" + p + ":cloudwatch::" + acct + ":dashboard/{stack}-*";
        for (const auto& e : each(nodes, dashboards))
          out.push_back(e);
        return out;
      }()));
  st.push_back(statement("CfnDescribesAlarms", {"cloudwatch:DescribeAlarms"}, "*"));
  // `snr status` reads the nodes' metrics (GetMetricStatistics has no resource-level
  // permissions).
  st.push_back(statement("StatusReadsNodeMetrics", {"cloudwatch:GetMetricStatistics"}, "*"));
  const bool ha =
      std::find(stacks.begin(), stacks.end(), stack_name(kHaStackId, c)) != stacks.end();
  if (ha) {
    const std::string ha_stack = stack_name(kHaStackId, c);
    st.push_back(statement("CfnDescribesGroupsAndBalancers",
                           {"autoscaling:Describe*", "elasticloadbalancing:Describe*"}, "*"));
    st.push_back(statement(
        "CfnNodeGroup",
        {"autoscaling:CreateAutoScalingGroup", "autoscaling:UpdateAutoScalingGroup",
         "autoscaling:DeleteAutoScalingGroup", "autoscaling:PutLifecycleHook",
         "autoscaling:DeleteLifecycleHook", "autoscaling:CreateOrUpdateTags",
         "autoscaling:DeleteTags", "autoscaling:PutNotificationConfiguration",
         "autoscaling:DeleteNotificationConfiguration", "autoscaling:SetInstanceProtection",
         "autoscaling:TerminateInstanceInAutoScalingGroup",
         // snr snapshot create: the group does not replace a node stopped for its snapshot.
         "autoscaling:SuspendProcesses", "autoscaling:ResumeProcesses"},
        "arn:" + p + ":autoscaling:" + r + ":" + acct +
            ":autoScalingGroup:*:autoScalingGroupName/" + ha_stack + "-*"));
    // Load balancer and target group names are at most 32 characters and
    // CloudFormation shortens the stack name in them: scoped by region only.
    st.push_back(statement(
        "CfnLoadBalancer",
        {"elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:DeleteLoadBalancer",
         "elasticloadbalancing:ModifyLoadBalancerAttributes",
         "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:CreateTargetGroup",
         "elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:ModifyTargetGroup",
         "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:CreateListener",
         "elasticloadbalancing:DeleteListener", "elasticloadbalancing:ModifyListener",
         "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"},
        "arn:" + p + ":elasticloadbalancing:" + r + ":" + acct + ":*"));
  }
  return policy_document(st);
}

std::size_t policy_chars(const Json& document) {
  return document.dump().size();
}

std::vector<Json> operator_policy_parts(const config::Config& c) {
  std::vector<Json> parts;
  const Json whole = operator_policy(c);
  Json current = policy_document(Json::array());
  for (const auto& s : whole.at("Statement")) {
    Json next = current;
    next["Statement"].push_back(s);
    if (policy_chars(next) > kManagedPolicyMaxChars && !current["Statement"].empty()) {
      parts.push_back(std::move(current));
      current = policy_document(Json::array({s}));
    } else {
      current = std::move(next);
    }
  }
  if (!current["Statement"].empty()) parts.push_back(std::move(current));
  return parts;
}

}  // namespace snr::infra
