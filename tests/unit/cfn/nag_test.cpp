#include "cfn/nag.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cfn/template.h"

namespace snr::cfn::nag {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

/// Unsuppressed findings as "RULE RESOURCE [id]".
std::vector<std::string> open_findings(const Template& t) {
  std::vector<std::string> out;
  for (const auto& f : check(t.to_json(), "s").findings)
    if (!f.suppressed)
      out.push_back(f.rule_id + " " + f.resource +
                    (f.finding_id.empty() ? "" : " " + f.finding_id));
  return out;
}

Json sg_rule(const char* cidr, int from, int to, const char* proto = "tcp") {
  return {{"IpProtocol", proto},
          {"FromPort", from},
          {"ToPort", to},
          {"CidrIp", cidr},
          {"Description", "d"}};
}

TEST(Nag, FlattenFollowsCdkNag) {
  EXPECT_EQ(flatten(ref("X")), "<X>");
  EXPECT_EQ(flatten(get_att("X", "Arn")), "<X.Arn>");
  EXPECT_EQ(flatten(sub("arn:${AWS::Partition}:s3:::${B}/*")), "arn:<AWS::Partition>:s3:::<B>/*");
  EXPECT_EQ(flatten(join("", Json::array({"a:", ref("P"), ":b"}))), "a:<P>:b");
  EXPECT_EQ(flatten(import_value("E")), "E");
  EXPECT_EQ(flatten("*"), "*");
}

TEST(Nag, SecurityGroupOpenToTheWorld) {
  Template t("d");
  t.add_resource("Open", "AWS::EC2::SecurityGroup",
                 {{"GroupDescription", "a group"},
                  {"SecurityGroupIngress", Json::array({sg_rule("0.0.0.0/0", 20444, 20444)})}});
  t.add_resource("Private", "AWS::EC2::SecurityGroup",
                 {{"GroupDescription", "a group"},
                  {"SecurityGroupIngress", Json::array({sg_rule("10.0.0.0/16", 20443, 20443)})}});
  t.add_resource("Ssh", "AWS::EC2::SecurityGroup",
                 {{"GroupDescription", "a group"},
                  {"SecurityGroupIngress", Json::array({sg_rule("10.0.0.0/8", 0, 1024)})}});
  t.add_resource("Range", "AWS::EC2::SecurityGroupIngress", sg_rule("0.0.0.0/0", 1000, 2000));
  t.add_resource("NoDescription", "AWS::EC2::SecurityGroup", {{"GroupDescription", ""}});
  EXPECT_THAT(open_findings(t), ElementsAre("AwsSolutions-EC23 Open", "AwsSolutions-EC23 Range",
                                            "AwsSolutions-EC27 NoDescription",
                                            "Snr-EC2NoAdminPorts Ssh", "Snr-EC2OpenRange Range"));
  t.resource("Open").suppress("AwsSolutions-EC23", "public P2P port needed");
  EXPECT_THAT(open_findings(t),
              ElementsAre("AwsSolutions-EC23 Range", "AwsSolutions-EC27 NoDescription",
                          "Snr-EC2NoAdminPorts Ssh", "Snr-EC2OpenRange Range"));
}

TEST(Nag, IamFindingsAreGranularAndSuppressedPerFinding) {
  Template t("d");
  Json doc{
      {"Version", "2012-10-17"},
      {"Statement", Json::array({{{"Effect", "Allow"}, {"Action", "s3:Get*"}, {"Resource", "*"}},
                                 {{"Effect", "Allow"},
                                  {"Action", Json::array({"logs:PutLogEvents"})},
                                  {"Resource", sub("arn:${AWS::Partition}:logs:::log-group:x:*")}},
                                 {{"Effect", "Deny"}, {"Action", "*"}, {"Resource", "*"}}})}};
  t.add_resource("Role", "AWS::IAM::Role",
                 {{"ManagedPolicyArns",
                   Json::array({sub("arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess"),
                                sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/Mine")})},
                  {"Policies", Json::array({{{"PolicyName", "p"}, {"PolicyDocument", doc}}})}});
  EXPECT_THAT(
      open_findings(t),
      ElementsAre("AwsSolutions-IAM4 Role Policy::arn:<AWS::Partition>:iam::aws:policy/"
                  "ReadOnlyAccess",
                  "AwsSolutions-IAM5 Role Action::s3:Get*", "AwsSolutions-IAM5 Role Resource::*",
                  "AwsSolutions-IAM5 Role Resource::arn:<AWS::Partition>:logs:::log-group:x:*"));
  t.resource("Role").suppress("AwsSolutions-IAM5", "only the metric wildcard is fine",
                              {"Resource::*"});
  EXPECT_THAT(
      open_findings(t),
      ElementsAre("AwsSolutions-IAM4 Role Policy::arn:<AWS::Partition>:iam::aws:policy/"
                  "ReadOnlyAccess",
                  "AwsSolutions-IAM5 Role Action::s3:Get*",
                  "AwsSolutions-IAM5 Role Resource::arn:<AWS::Partition>:logs:::log-group:x:*"));
  Report r = check(t.to_json(), "s");
  EXPECT_EQ(r.suppressed(), 1u);
  EXPECT_FALSE(r.ok());
}

TEST(Nag, RegexAppliesToAndReasonLength) {
  Template t("d");
  t.add_resource(
      "P", "AWS::IAM::ManagedPolicy",
      {{"PolicyDocument",
        {{"Statement",
          Json::array(
              {{{"Effect", "Allow"}, {"Action", "a:b"}, {"Resource", "arn:aws:s3:::x/*"}}})}}}});
  t.resource("P").metadata["cdk_nag"]["rules_to_suppress"] = Json::array(
      {{{"id", "AwsSolutions-IAM5"},
        {"reason", "short"},
        {"applies_to", Json::array({{{"regex", "/^Resource::arn:aws:s3:::x\\/.*$/"}}})}},
       {{"id", "AwsSolutions-EC23"}, {"reason", "matches nothing at all"}}});
  Report r = check(t.to_json(), "s");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_TRUE(r.findings[0].suppressed);
  EXPECT_EQ(r.suppression_errors.size(), 1u);    // reason under 10 characters
  EXPECT_EQ(r.suppression_warnings.size(), 1u);  // EC23 suppression unused
  EXPECT_FALSE(r.ok());
}

TEST(Nag, BucketRules) {
  Template t("d");
  t.add_resource("Bare", "AWS::S3::Bucket");
  t.add_resource("Good", "AWS::S3::Bucket",
                 {{"BucketEncryption", {{"ServerSideEncryptionConfiguration", Json::array()}}},
                  {"PublicAccessBlockConfiguration",
                   {{"BlockPublicAcls", true},
                    {"BlockPublicPolicy", true},
                    {"IgnorePublicAcls", true},
                    {"RestrictPublicBuckets", true}}},
                  {"LoggingConfiguration", {{"DestinationBucketName", ref("Bare")}}}});
  Json deny{{"Effect", "Deny"},
            {"Principal", {{"AWS", "*"}}},
            {"Action", "s3:*"},
            {"Condition", {{"Bool", {{"aws:SecureTransport", "false"}}}}},
            {"Resource", Json::array({get_att("Good", "Arn"), sub("${Good.Arn}/*")})}};
  t.add_resource(
      "GoodPolicy", "AWS::S3::BucketPolicy",
      {{"Bucket", ref("Good")}, {"PolicyDocument", {{"Statement", Json::array({deny})}}}});
  EXPECT_THAT(open_findings(t), ElementsAre("AwsSolutions-S1 Bare", "AwsSolutions-S10 Bare",
                                            "AwsSolutions-S2 Bare", "Snr-S3Encryption Bare"));
}

TEST(Nag, ComputeRules) {
  Template t("d");
  Json lt_data{{"MetadataOptions", {{"HttpTokens", "optional"}}},
               {"BlockDeviceMappings",
                Json::array({{{"DeviceName", "/dev/xvda"}, {"Ebs", {{"Encrypted", false}}}}})}};
  t.add_resource("Lt", "AWS::EC2::LaunchTemplate", {{"LaunchTemplateData", lt_data}});
  t.add_resource("Vm", "AWS::EC2::Instance",
                 {{"LaunchTemplate", {{"LaunchTemplateId", ref("Lt")}, {"Version", "1"}}}});
  t.add_resource("Vol", "AWS::EC2::Volume", {{"Size", 1}});
  t.add_resource("Asg", "AWS::AutoScaling::AutoScalingGroup",
                 {{"LaunchTemplate", {{"LaunchTemplateId", ref("Lt")}, {"Version", "1"}}},
                  {"TargetGroupARNs", Json::array({"arn"})},
                  {"Cooldown", "0"}});
  t.add_resource("Lb", "AWS::ElasticLoadBalancingV2::LoadBalancer",
                 {{"Scheme", "internet-facing"}});
  t.add_resource("Topic", "AWS::SNS::Topic");
  t.add_resource("Key", "AWS::KMS::Key");
  t.add_resource("Logs", "AWS::Logs::LogGroup", {{"RetentionInDays", 3}});
  t.add_resource("Alarm", "AWS::CloudWatch::Alarm", {{"ActionsEnabled", false}});
  EXPECT_THAT(open_findings(t),
              ElementsAre("AwsSolutions-AS1 Asg", "AwsSolutions-AS2 Asg", "AwsSolutions-AS3 Asg",
                          "AwsSolutions-EC26 Asg", "AwsSolutions-EC26 Lt", "AwsSolutions-EC26 Vm",
                          "AwsSolutions-EC26 Vol", "AwsSolutions-EC28 Vm", "AwsSolutions-EC29 Vm",
                          "AwsSolutions-ELB2 Lb", "AwsSolutions-KMS5 Key",
                          "AwsSolutions-SNS2 Topic", "AwsSolutions-SNS3 Topic",
                          "Snr-CWAlarmAction Alarm", "Snr-EC2IMDSv2 Asg", "Snr-EC2IMDSv2 Lt",
                          "Snr-EC2IMDSv2 Vm", "Snr-ELBInternal Lb", "Snr-LogRetention Logs"));
}

TEST(Nag, RuleListIsSortedAndHasTheAwsSolutionsIds) {
  std::vector<std::string> ids;
  for (const auto& r : rules())
    ids.push_back(r.id);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  for (const char* id :
       {"AwsSolutions-EC23", "AwsSolutions-IAM4", "AwsSolutions-IAM5", "AwsSolutions-S1",
        "AwsSolutions-S2", "AwsSolutions-S10", "AwsSolutions-EC26", "AwsSolutions-EC28",
        "AwsSolutions-EC29", "AwsSolutions-AS3", "AwsSolutions-ELB2", "AwsSolutions-SNS2",
        "AwsSolutions-SNS3", "AwsSolutions-VPC7"})
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
}

}  // namespace
}  // namespace snr::cfn::nag
