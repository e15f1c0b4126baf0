#include "deploy/change_summary.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace snr::deploy {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

aws::ResourceChange change(std::string action, std::string id, std::string type,
                           std::string replacement = "", std::vector<std::string> scope = {}) {
  aws::ResourceChange c;
  c.action = std::move(action);
  c.logical_id = std::move(id);
  c.resource_type = std::move(type);
  c.replacement = std::move(replacement);
  c.scope = std::move(scope);
  return c;
}

TEST(ChangeSummary, OneLinePerResourceWithWhatHappens) {
  aws::ChangeSet cs;
  cs.changes.push_back(change("Add", "NewAlarm", "AWS::CloudWatch::Alarm"));
  auto modify = change("Modify", "NodeRole", "AWS::IAM::Role", "False", {"Properties"});
  modify.details.push_back({"Static", "DirectModification", "", "Properties", "Policies", "Never"});
  cs.changes.push_back(modify);
  auto replace = change("Modify", "NodeInstance", "AWS::EC2::Instance", "True", {"Properties"});
  replace.physical_id = "i-0123";
  replace.details.push_back(
      {"Static", "DirectModification", "", "Properties", "InstanceType", "Always"});
  cs.changes.push_back(replace);
  cs.changes.push_back(change("Modify", "Vol", "AWS::EC2::Volume", "Conditional", {"Properties"}));
  cs.changes.push_back(change("Remove", "OldTopic", "AWS::SNS::Topic"));
  EXPECT_THAT(
      summarize(cs),
      ElementsAre("  + NewAlarm (AWS::CloudWatch::Alarm)",
                  "  ~ NodeRole (AWS::IAM::Role) [Properties: Policies]",
                  "  ! NodeInstance (AWS::EC2::Instance) REPLACE [Properties: InstanceType]",
                  "  ! Vol (AWS::EC2::Volume) MAY REPLACE [Properties]",
                  "  - OldTopic (AWS::SNS::Topic)"));
  auto risky = replaced_or_removed(cs);
  ASSERT_EQ(risky.size(), 3u);
  EXPECT_EQ(risky[0].logical_id, "NodeInstance");
  EXPECT_EQ(risky[2].logical_id, "OldTopic");
}

TEST(ChangeSummary, EmptyChangeSetsAreRecognised) {
  aws::ChangeSet cs;
  cs.status = "FAILED";
  cs.status_reason =
      "The submitted information didn't contain changes. Submit different information to create "
      "a change set.";
  EXPECT_TRUE(is_empty_change_set(cs));
  cs.status_reason = "No updates are to be performed.";
  EXPECT_TRUE(is_empty_change_set(cs));
  cs.status_reason = "Template format error: Unresolved resource dependencies";
  EXPECT_FALSE(is_empty_change_set(cs));
  cs.status = "CREATE_COMPLETE";
  EXPECT_FALSE(is_empty_change_set(cs));
}

json role_with(json statements) {
  return {
      {"Resources",
       {{"Role",
         {{"Type", "AWS::IAM::Role"},
          {"Properties",
           {{"Policies", json::array({{{"PolicyName", "p"},
                                       {"PolicyDocument", {{"Statement", statements}}}}})}}}}}}}};
}

TEST(ChangeSummary, BroadeningIsNewGrantsOnly) {
  json read = {{"Effect", "Allow"}, {"Action", "s3:GetObject"}, {"Resource", "arn:x"}};
  json write = {{"Effect", "Allow"}, {"Action", "s3:PutObject"}, {"Resource", "arn:x"}};
  json deny = {{"Effect", "Deny"}, {"Action", "*"}, {"Resource", "*"}};
  EXPECT_TRUE(broadening_changes(role_with({read}), role_with({read})).empty());
  EXPECT_TRUE(broadening_changes(role_with({read, write}), role_with({read})).empty());  // narrower
  EXPECT_TRUE(broadening_changes(role_with({read}), role_with({read, deny})).empty());
  auto wider = broadening_changes(role_with({read}), role_with({read, write}));
  ASSERT_EQ(wider.size(), 1u);
  EXPECT_THAT(wider[0], HasSubstr("s3:PutObject"));
  // A new stack: every grant is new.
  EXPECT_EQ(broadening_changes(nullptr, role_with({read, write})).size(), 2u);

  json sg_old = {{"Resources",
                  {{"Sg",
                    {{"Type", "AWS::EC2::SecurityGroup"},
                     {"Properties",
                      {{"SecurityGroupIngress",
                        json::array({{{"IpProtocol", "tcp"}, {"FromPort", 20444}}})}}}}}}}};
  json sg_new = sg_old;
  sg_new["Resources"]["Sg"]["Properties"]["SecurityGroupIngress"].push_back(
      {{"IpProtocol", "tcp"}, {"FromPort", 22}, {"CidrIp", "0.0.0.0/0"}});
  auto ingress = broadening_changes(sg_old, sg_new);
  ASSERT_EQ(ingress.size(), 1u);
  EXPECT_THAT(ingress[0], HasSubstr("\"FromPort\":22"));
}

TEST(ChangeSummary, ApprovalLevels) {
  EXPECT_EQ(parse_approval("never"), Approval::never);
  EXPECT_EQ(parse_approval("broadening"), Approval::broadening);
  EXPECT_EQ(parse_approval("any-change"), Approval::any_change);
  EXPECT_FALSE(parse_approval("always"));
}

}  // namespace
}  // namespace snr::deploy
