#include <map>

#include "contract/metrics.h"
#include "contract/names.h"
#include "infra/constructs.h"
#include "infra/names.h"
#include "infra/stacks.h"

namespace snr::infra {

using namespace cfn;
using namespace common_ids;

std::string elb_log_delivery_account(const std::string& region) {
  static const std::map<std::string, std::string> kAccounts = {
      {"us-east-1", "127311923021"},      {"us-east-2", "033677994240"},
      {"us-west-1", "027434742980"},      {"us-west-2", "797873946194"},
      {"af-south-1", "098369216593"},     {"ap-east-1", "754344448648"},
      {"ap-southeast-3", "589379963580"}, {"ap-south-1", "718504428378"},
      {"ap-northeast-3", "383597477331"}, {"ap-northeast-2", "600734575887"},
      {"ap-southeast-1", "114774131450"}, {"ap-southeast-2", "783225319266"},
      {"ap-northeast-1", "582318560864"}, {"ca-central-1", "985666609251"},
      {"eu-central-1", "054676820928"},   {"eu-west-1", "156460612806"},
      {"eu-west-2", "652711504416"},      {"eu-south-1", "635631232127"},
      {"eu-west-3", "009996457667"},      {"eu-north-1", "897822967062"},
      {"me-south-1", "076674570225"},     {"sa-east-1", "507241528517"},
      {"us-gov-west-1", "048591011584"},  {"us-gov-east-1", "190560391635"},
      {"cn-north-1", "638102146993"},     {"cn-northwest-1", "037604701340"}};
  auto it = kAccounts.find(region);
  return it == kAccounts.end() ? "" : it->second;
}

namespace {

/// Statements letting S3 server access logging and ALB access logging write
/// into the access-log bucket (and nothing else).
Json log_delivery_statements(const std::string& region) {
  Json out = Json::array();
  // aws:SourceArn of the asset bucket would make the asset bucket (which
  // waits for this policy) and this policy depend on each other.
  Json s3 = statement("S3ServerAccessLogs", {"s3:PutObject"},
                      sub("${" + std::string(kAccessLogBucket) + ".Arn}/s3/*"),
                      Json{{"StringEquals", {{"aws:SourceAccount", pseudo::account_id()}}}});
  s3["Principal"] = {{"Service", "logging.s3.amazonaws.com"}};
  out.push_back(std::move(s3));
  Json alb_objects = sub("${" + std::string(kAccessLogBucket) + ".Arn}/alb/*");
  Json service = statement("AlbAccessLogs", {"s3:PutObject"}, alb_objects);
  service["Principal"] = {{"Service", "logdelivery.elasticloadbalancing.amazonaws.com"}};
  out.push_back(std::move(service));
  if (std::string account = elb_log_delivery_account(region); !account.empty()) {
    Json legacy = statement("AlbAccessLogsRegionalAccount", {"s3:PutObject"}, alb_objects);
    legacy["Principal"] = {{"AWS", sub("arn:${AWS::Partition}:iam::" + account + ":root")}};
    out.push_back(std::move(legacy));
  }
  return out;
}

Json alarm_key_policy() {
  Json admin = statement("AccountAdministers", {"kms:*"}, "*");
  admin["Principal"] = {{"AWS", sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")}};
  Json cloudwatch =
      statement("CloudWatchAlarmsPublish", {"kms:Decrypt", "kms:GenerateDataKey*"}, "*",
                Json{{"StringEquals", {{"aws:SourceAccount", pseudo::account_id()}}}});
  cloudwatch["Principal"] = {{"Service", "cloudwatch.amazonaws.com"}};
  // Auto Scaling notifications and other in-account publishers go through SNS.
  Json via_sns =
      statement("AccountPrincipalsPublishThroughSns", {"kms:Decrypt", "kms:GenerateDataKey*"}, "*",
                Json{{"StringEquals",
                      {{"kms:CallerAccount", pseudo::account_id()},
                       {"kms:ViaService", sub("sns.${AWS::Region}.amazonaws.com")}}}});
  via_sns["Principal"] = {{"AWS", "*"}};
  return policy_document(Json::array({admin, cloudwatch, via_sns}));
}

/// Permissions every node needs that cannot name a resource, each narrowed by
/// a condition. Node stacks attach this to their own role.
Json base_policy_statements() {
  namespace m = contract::metrics;
  return Json::array({
      statement(
          "PublishNodeMetrics", {"cloudwatch:PutMetricData"}, "*",
          Json{{"StringEquals",
                {{"cloudwatch:namespace",
                  Json::array({std::string(m::kNamespace), std::string(m::kCwAgentNamespace)})}}}}),
      // Volumes and tags (CloudWatch agent, volume attach); instances (has the
      // signer lease's holder gone?). None has resource-level permissions.
      statement("DescribeInstancesVolumesAndTags",
                {"ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeTags"}, "*"),
      // Session Manager (there is no SSH), and nothing else of
      // AmazonSSMManagedInstanceCore (which reads every parameter of the account).
      statement("SessionManager",
                {"ssm:UpdateInstanceInformation", "ssmmessages:CreateControlChannel",
                 "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel",
                 "ssmmessages:OpenDataChannel", "ec2messages:AcknowledgeMessage",
                 "ec2messages:DeleteMessage", "ec2messages:FailMessage",
                 "ec2messages:GetEndpoint", "ec2messages:GetMessages", "ec2messages:SendReply"},
                "*"),
      // The single node's agent attaches its data volume to its own instance
      // (both carry the stack's tag), also after an instance replacement.
      statement("AttachOwnStackVolumes", {"ec2:AttachVolume"}, "*",
                Json{{"StringEquals",
                      {{"aws:ResourceTag/" + std::string(contract::kStackTagKey),
                        "${aws:PrincipalTag/" + std::string(contract::kStackTagKey) + "}"}}}}),
      // The agent records its running stacks-node version on its instance (`snr status`
      // reads it): instances of its own stack only, and that one tag key only.
      statement("TagOwnStackInstancesWithTheirVersion", {"ec2:CreateTags"},
                sub("arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*"),
                Json{{"StringEquals",
                      {{"aws:ResourceTag/" + std::string(contract::kStackTagKey),
                        "${aws:PrincipalTag/" + std::string(contract::kStackTagKey) + "}"}}},
                     {"ForAllValues:StringEquals",
                      {{"aws:TagKeys", Json::array({std::string(contract::kStacksVersionTag)})}}},
                     {"Null", {{"aws:TagKeys", "false"}}}}),
      statement(
          "CompleteOwnLifecycleActions",
          {"autoscaling:CompleteLifecycleAction", "autoscaling:RecordLifecycleActionHeartbeat"},
          "*",
          Json{{"StringEquals",
                {{"aws:ResourceTag/" + std::string(contract::kStackTagKey),
                  "${aws:PrincipalTag/" + std::string(contract::kStackTagKey) + "}"}}}}),
  });
}

}  // namespace

Template build_common_stack(const config::Config& c) {
  Template t(
      "snr: resources shared by every Stacks node stack of this account and region (asset and "
      "access-log buckets, alarm topic key, node base policy)");

  add_secure_bucket(
      t, kAccessLogBucket, kAccessLogBucketPolicy,
      {.versioned = false,
       .access_log_bucket = nullptr,
       .access_log_prefix = "",
       .lifecycle_rules =
           Json::array({{{"Id", "ExpireLogs"}, {"Status", "Enabled"}, {"ExpirationInDays", 365}}}),
       .extra_statements = log_delivery_statements(c.region),
       .no_access_log_reason = "This bucket is the access-log destination of the asset bucket and "
                               "the load balancers; logging its own access would loop."});
  // No Retain: `snr destroy` empties this bucket and deletes it with the stack.

  add_secure_bucket(t, kAssetBucket, kAssetBucketPolicy,
                    {.versioned = true,
                     .access_log_bucket = cfn::ref(kAccessLogBucket),
                     .access_log_prefix = "s3/asset-bucket/",
                     .lifecycle_rules =
                         Json::array({{{"Id", "ExpireOldVersions"},
                                       {"Status", "Enabled"},
                                       {"NoncurrentVersionExpiration", {{"NoncurrentDays", 30}}}}}),
                     .extra_statements = Json::array(),
                     .no_access_log_reason = ""});
  t.resource(kAssetBucket).depends(kAccessLogBucketPolicy);

  t.add_resource(kAlarmTopicKey, "AWS::KMS::Key",
                 {{"Description", "snr: encrypts the alarm topics of the Stacks node stacks"},
                  {"EnableKeyRotation", true},
                  {"KeyPolicy", alarm_key_policy()},
                  // `snr destroy` leaves nothing behind: a KMS key can only be
                  // scheduled for deletion, so use the shortest window. (No Tags:
                  // moto's CloudFormation cannot create a tagged key.)
                  {"PendingWindowInDays", 7}});

  t.add_resource(kNodeBasePolicy, "AWS::IAM::ManagedPolicy",
                 {{"Description",
                   "snr: what every Stacks node may do that names no resource (each scoped by a "
                   "condition)"},
                  {"PolicyDocument", policy_document(base_policy_statements())}})
      .suppress("AwsSolutions-IAM5",
                "PutMetricData, the Describe calls and the Session Manager channels have no "
                "resource-level scope (metrics are narrowed to our namespaces); volume attachment and lifecycle actions are "
                "narrowed to resources tagged with the calling role's own snr-stack tag; the "
                "version tag to instances of the role's own stack and that one tag key.",
                {"Resource::*",
                 "Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:instance/*"});

  auto out = [&](const char* id, Json value, std::string_view export_name, const char* what) {
    t.add_output(id, {std::move(value), what, std::string(export_name), ""});
  };
  out("AssetBucketName", cfn::ref(kAssetBucket), exports::kAssetBucket,
      "Bucket the deployer uploads the snr binaries to");
  out("AccessLogBucketName", cfn::ref(kAccessLogBucket), exports::kAccessLogBucket,
      "Bucket of the S3 and load balancer access logs");
  out("AlarmTopicKeyArn", get_att(kAlarmTopicKey, "Arn"), exports::kAlarmTopicKey,
      "KMS key of the alarm topics");
  out("NodeBasePolicyArn", cfn::ref(kNodeBasePolicy), exports::kNodeBasePolicy,
      "Managed policy every node role attaches");
  return t;
}

}  // namespace snr::infra
