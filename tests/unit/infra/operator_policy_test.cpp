// `snr iam-policy`: the operator policy allows every call snr makes on the
// operator's machine on these stacks' resources (judged by the IAM evaluator),
// passes only the node roles and only to EC2, and nothing of other stacks; a
// scan checks that every AWS client call of the deployer is in operator_calls().

#include "infra/operator_policy.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "infra/iam_policy.h"
#include "infra/names.h"
#include "infra/synth.h"
#include "aws_client_scan.h"
#include "infra_fixtures.h"

namespace snr::infra {
namespace {

using cfn::Json;
using iam::Decision;
using iam::Request;
using snr::testing::kFollowerEnv;
using snr::testing::kMinerEnv;
using snr::testing::kSignerEnv;
using snr::testing::valid_config;

const std::string kAcct = "111122223333";

std::string fill(std::string s, const std::map<std::string, std::string>& names) {
  for (const auto& [k, v] : names)
    for (std::size_t at; (at = s.find("{" + k + "}")) != std::string::npos;)
      s.replace(at, k.size() + 2, v);
  return s;
}

Decision eval(const Json& policy, const std::string& action, const std::string& resource,
              std::map<std::string, std::vector<std::string>> ctx = {}) {
  return iam::evaluate({policy}, Request{action, resource, std::move(ctx)});
}

TEST(OperatorPolicy, AllowsEverySnrCallOnEveryStackOfTheConfig) {
  for (const auto& env : {kFollowerEnv, kSignerEnv, kMinerEnv}) {
    auto c = valid_config(env);
    Json policy = operator_policy(c);
    const std::string common = stack_name(kCommonStackId, c);
    for (const auto& id : applicable_stack_ids(c)) {
      std::map<std::string, std::string> names{
          {"partition", "aws"},
          {"region", c.region},
          {"account", kAcct},
          {"stack", stack_name(id, c)},
          {"bucket", common + "-assetbucket-1q2w3e4r5t6y"},
          {"key", "snr/" + std::string(64, 'a') + "/snr-linux-x86_64"}};
      for (const auto& call : operator_calls()) {
        if (call.action.rfind("secretsmanager:", 0) == 0 && id == kCommonStackId) continue;
        std::map<std::string, std::vector<std::string>> ctx;
        if (call.action == "ec2:DeleteVolume" || call.action == "ec2:ModifyInstanceAttribute")
          ctx["aws:ResourceTag/snr-stack"] = {stack_name(id, c)};
        const bool snapshot_call = call.method == "create_snapshot" ||
                                   call.method == "delete_snapshot" ||
                                   call.method == "send_command";
        if (snapshot_call && id == kCommonStackId) continue;  // only node stacks have nodes
        if (snapshot_call) {
          ctx["aws:ResourceTag/snr-stack"] = {stack_name(id, c)};
          ctx["aws:RequestTag/snr-stack"] = {stack_name(id, c)};
          ctx["ec2:CreateAction"] = {"CreateSnapshot"};
        }
        EXPECT_EQ(eval(policy, call.action, fill(call.resource, names), ctx), Decision::allow)
            << id << ": " << call.method << " -> " << call.action << " on "
            << fill(call.resource, names);
      }
    }
  }
}

TEST(OperatorPolicy, PassesOnlyTheNodeRolesOnlyToEc2) {
  auto c = valid_config(kSignerEnv);
  Json policy = operator_policy(c);
  const std::string node = stack_name(kSingleNodeStackId, c);
  const std::string role = "arn:aws:iam::" + kAcct + ":role/" + node + "-NodeRole-1A2B3C4D5E6F";
  EXPECT_EQ(eval(policy, "iam:PassRole", role, {{"iam:PassedToService", {"ec2.amazonaws.com"}}}),
            Decision::allow);
  EXPECT_NE(
      eval(policy, "iam:PassRole", role, {{"iam:PassedToService", {"lambda.amazonaws.com"}}}),
      Decision::allow);
  EXPECT_NE(eval(policy, "iam:PassRole", "arn:aws:iam::" + kAcct + ":role/Admin",
                 {{"iam:PassedToService", {"ec2.amazonaws.com"}}}),
            Decision::allow);
  EXPECT_NE(eval(policy, "iam:CreateRole", "arn:aws:iam::" + kAcct + ":role/Admin"),
            Decision::allow);
  EXPECT_NE(eval(policy, "iam:AttachRolePolicy", "arn:aws:iam::" + kAcct + ":role/Admin"),
            Decision::allow);
  EXPECT_NE(eval(policy, "iam:CreateUser", "arn:aws:iam::" + kAcct + ":user/x"), Decision::allow);
  EXPECT_EQ(eval(policy, "iam:CreateServiceLinkedRole",
                 "arn:aws:iam::" + kAcct +
                     ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
                 {{"iam:AWSServiceName", {"autoscaling.amazonaws.com"}}}),
            Decision::allow);
  EXPECT_NE(eval(policy, "iam:CreateServiceLinkedRole",
                 "arn:aws:iam::" + kAcct + ":role/aws-service-role/x",
                 {{"iam:AWSServiceName", {"rds.amazonaws.com"}}}),
            Decision::allow);
}

TEST(OperatorPolicy, NothingOfOtherStacks) {
  auto c = valid_config(kFollowerEnv);
  Json policy = operator_policy(c);
  const std::string r = c.region;
  auto denied = [&](const std::string& action, const std::string& resource,
                    std::map<std::string, std::vector<std::string>> ctx = {}) {
    EXPECT_NE(eval(policy, action, resource, ctx), Decision::allow) << action << " " << resource;
  };
  denied("cloudformation:DeleteStack", "arn:aws:cloudformation:" + r + ":" + kAcct +
                                           ":stack/prod-database/1");
  denied("secretsmanager:GetSecretValue",
         "arn:aws:secretsmanager:" + r + ":" + kAcct + ":secret:prod/db-AbCdEf");
  denied("s3:GetObject", "arn:aws:s3:::prod-data/x");
  denied("s3:DeleteBucket", "arn:aws:s3:::prod-data");
  denied("ec2:TerminateInstances", "arn:aws:ec2:" + r + ":" + kAcct + ":instance/i-1",
         {{"aws:ResourceTag/aws:cloudformation:stack-name", {"prod"}}});
  denied("ec2:ModifyInstanceAttribute", "arn:aws:ec2:" + r + ":" + kAcct + ":instance/i-1",
         {{"aws:ResourceTag/snr-stack", {"prod"}}});
  denied("ssm:GetParameter", "arn:aws:ssm:" + r + ":" + kAcct + ":parameter/prod/db");
  denied("ssm:PutParameter", "arn:aws:ssm:" + r + ":" + kAcct + ":parameter/prod/db");
}

TEST(OperatorPolicy, PartsFitTheManagedPolicyLimitAndHoldEveryStatement) {
  for (const auto& env : {kFollowerEnv, kSignerEnv, kMinerEnv}) {
    auto c = valid_config(env);
    Json whole = operator_policy(c);
    Json joined = Json::array();
    for (const auto& part : operator_policy_parts(c)) {
      EXPECT_LE(policy_chars(part), kManagedPolicyMaxChars);
      EXPECT_EQ(part["Version"], "2012-10-17");
      for (const auto& s : part["Statement"])
        joined.push_back(s);
    }
    EXPECT_EQ(joined, whole["Statement"]);
  }
}

TEST(OperatorPolicy, FollowerHasTheHaStatementsSignerNot) {
  auto has = [](const Json& p, const std::string& sid) {
    for (const auto& s : p["Statement"])
      if (s["Sid"] == sid) return true;
    return false;
  };
  EXPECT_TRUE(has(operator_policy(valid_config(kFollowerEnv)), "CfnNodeGroup"));
  EXPECT_FALSE(has(operator_policy(valid_config(kSignerEnv)), "CfnNodeGroup"));
}

TEST(OperatorPolicy, SnapshotsAndCommandsOnlyForTheseNodeStacks) {
  auto c = valid_config(kFollowerEnv);
  Json policy = operator_policy(c);
  const std::string node = stack_name(kSingleNodeStackId, c);
  const std::string snap = "arn:aws:ec2:" + c.region + "::snapshot/snap-1";
  const std::string vol = "arn:aws:ec2:" + c.region + ":" + kAcct + ":volume/vol-1";
  const std::string inst = "arn:aws:ec2:" + c.region + ":" + kAcct + ":instance/i-1";
  EXPECT_EQ(eval(policy, "ec2:CreateSnapshot", vol, {{"aws:ResourceTag/snr-stack", {node}}}),
            Decision::allow);
  EXPECT_NE(eval(policy, "ec2:CreateSnapshot", vol, {{"aws:ResourceTag/snr-stack", {"other"}}}),
            Decision::allow);
  EXPECT_NE(eval(policy, "ec2:CreateSnapshot", snap, {}), Decision::allow);  // untagged
  // (ec2:CreateTags outside CreateSnapshot is not asserted: CfnNodeInstances already grants
  // it on "*" for CloudFormation's resources.)
  EXPECT_NE(eval(policy, "ec2:DeleteSnapshot", snap, {{"aws:ResourceTag/snr-stack", {"other"}}}),
            Decision::allow);
  EXPECT_NE(eval(policy, "ec2:DeleteSnapshot", snap,
                 {{"aws:ResourceTag/snr-stack", {stack_name(kCommonStackId, c)}}}),
            Decision::allow);
  EXPECT_NE(eval(policy, "ssm:SendCommand", inst, {{"aws:ResourceTag/snr-stack", {"other"}}}),
            Decision::allow);
  EXPECT_NE(eval(policy, "ssm:SendCommand",
                 "arn:aws:ssm:" + c.region + "::document/AWS-RunPowerShellScript"),
            Decision::allow);
}

TEST(OperatorCalls, ListEveryAwsClientCallOfTheDeployer) {
  const auto methods = snr::testing::aws_client_methods();
  const std::filesystem::path src = std::string(SNR_SOURCE_DIR) + "/src";
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(src / "deploy"))
    files.push_back(e.path());
  for (const auto& e : std::filesystem::directory_iterator(src / "cli"))
    if (e.path().filename().string().rfind("deploy_", 0) == 0) files.push_back(e.path());
  std::size_t calls = 0;
  for (const auto& f : files) {
    const std::string text = snr::testing::read_source(f);
    for (const auto& m : methods) {
      if (!snr::testing::calls(text, m)) continue;
      ++calls;
      bool listed = false;
      for (const auto& c : operator_calls())
        listed = listed || c.method == m;
      EXPECT_TRUE(listed) << f.filename() << " calls " << m
                          << "(): add it to operator_calls() and operator_policy() "
                             "(src/infra/operator_policy.cpp)";
    }
  }
  EXPECT_GT(calls, 20u);
}

}  // namespace
}  // namespace snr::infra
