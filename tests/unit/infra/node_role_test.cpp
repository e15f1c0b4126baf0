// The node role against the call table (infra/node_calls.h): every call each
// kind of node makes is allowed by the synthesized policies, as the IAM
// evaluator (infra/iam_policy.h) judges it; calls outside the deployment are
// denied; every AWS client call under src/agent/ is in the table; docs/iam.md
// carries the table.

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cfn/nag.h"
#include "infra/names.h"
#include "infra/node_calls.h"
#include "infra/stacks.h"
#include "aws_client_scan.h"
#include "infra_fixtures.h"

namespace snr::infra::iam {
namespace {

using snr::testing::kFollowerEnv;
using snr::testing::kMinerEnv;
using snr::testing::kSignerEnv;
using snr::testing::valid_config;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

const std::string kGivenSigner =
    "STACKS_SIGNER_SECRET_ARN=arn:aws:secretsmanager:us-west-2:111122223333:secret:"
    "team/signer-AbCdEf\n";
const std::string kGivenMiner =
    "STACKS_MINER_SECRET_ARN=arn:aws:secretsmanager:us-west-2:111122223333:secret:"
    "team/miner-GhIjKl\n";

struct Deployment {
  std::string name;
  std::string env;
  contract::DeploymentKind kind;
};

std::vector<Deployment> deployments() {
  using K = contract::DeploymentKind;
  return {{"follower/single", kFollowerEnv, K::single_node},
          {"follower/ha", kFollowerEnv, K::ha},
          {"signer/single (key generated)", kSignerEnv, K::single_node},
          {"signer/single (key given)", kSignerEnv + kGivenSigner, K::single_node},
          {"miner/single (keys generated)", kMinerEnv, K::single_node},
          {"miner/single (keys given)", kMinerEnv + kGivenSigner + kGivenMiner, K::single_node}};
}

struct Role {
  Scene scene;
  std::vector<Json> documents;
  std::vector<std::string> unknown_managed;
};

Role role_of(const Deployment& d) {
  auto c = valid_config(d.env);
  Role r;
  r.scene = scene_for(c, d.kind);
  Json common = build_common_stack(c).to_json();
  Json node = d.kind == contract::DeploymentKind::ha ? build_ha_stack(c).to_json()
                                                     : build_single_node_stack(c).to_json();
  r.documents = node_role_documents(common, node, r.scene, r.unknown_managed);
  return r;
}

Request request(const Role& r, std::string action, std::string resource,
                std::map<std::string, std::vector<std::string>> ctx = {}) {
  ctx["aws:PrincipalTag/snr-stack"] = {r.scene.names.at("stack")};
  return Request{std::move(action), std::move(resource), std::move(ctx)};
}

TEST(NodeRole, AttachesNoAwsManagedPolicy) {
  for (const auto& d : deployments()) {
    Role r = role_of(d);
    EXPECT_THAT(r.unknown_managed, IsEmpty()) << d.name;
  }
}

TEST(NodeRole, AllowsEveryCallOfTheTable) {
  for (const auto& d : deployments()) {
    Role r = role_of(d);
    std::size_t checked = 0;
    for (const auto& call : call_table()) {
      for (const auto& req : requests(call, r.scene)) {
        ++checked;
        Decision got = evaluate(r.documents, req);
        EXPECT_EQ(got, Decision::allow)
            << d.name << ": " << call.where << " " << call.method << " -> " << req.action << " on "
            << req.resource << ": " << to_string(got);
      }
    }
    EXPECT_GT(checked, 15u) << d.name;
  }
}

TEST(NodeRole, DeniesWhatBelongsToOthers) {
  const std::string acct = "111122223333";
  for (const auto& d : deployments()) {
    Role r = role_of(d);
    const std::string region = r.scene.names.at("region");
    const std::string stack = r.scene.names.at("stack");
    auto denied = [&](const Request& q) {
      EXPECT_NE(evaluate(r.documents, q), Decision::allow)
          << d.name << ": " << q.action << " on " << q.resource;
    };
    const std::string sm = "arn:aws:secretsmanager:" + region + ":" + acct + ":secret:";
    // Another stack's secrets, and any secret of the account.
    denied(request(r, "secretsmanager:GetSecretValue", sm + "snr/other-stack/signer-key-AbCdEf"));
    denied(request(r, "secretsmanager:GetSecretValue", sm + "prod/db-password-AbCdEf"));
    denied(request(r, "secretsmanager:CreateSecret", sm + "snr/other-stack/x-AbCdEf"));
    denied(request(r, "secretsmanager:PutSecretValue", sm + "snr/" + stack + "/signer-key-AbCdEf"));
    denied(request(r, "secretsmanager:DeleteSecret", sm + "snr/" + stack + "/signer-key-AbCdEf"));
    // Tags beyond snr's own keys, and tagging another stack's secret.
    denied(request(r, "secretsmanager:TagResource", sm + "snr/" + stack + "/signer-key-AbCdEf",
                   {{"aws:TagKeys", {"snr:address", "Owner"}}, {"aws:RequestTag/Owner", {"x"}}}));
    denied(request(r, "secretsmanager:TagResource", sm + "snr/other/signer-key-AbCdEf",
                   {{"aws:TagKeys", {"snr:address"}}, {"aws:RequestTag/snr:address", {"SP1"}}}));
    // Other parameters: another stack's settings, any SecureString, GetParameters on *.
    const std::string ps = "arn:aws:ssm:" + region + ":" + acct + ":parameter/";
    denied(request(r, "ssm:GetParameter", ps + "snr/other-stack/settings"));
    denied(request(r, "ssm:GetParameter", ps + "prod/db-password"));
    denied(request(r, "ssm:GetParameters", ps + "prod/db-password"));
    denied(request(r, "ssm:GetParametersByPath", ps + "prod"));
    // The bucket: no writes beside the lease, no listing beyond the lease key.
    const std::string bucket = "arn:aws:s3:::" + r.scene.names.at("bucket");
    denied(request(r, "s3:PutObject", bucket + "/" + r.scene.names.at("asset_key")));
    denied(request(r, "s3:GetObject", bucket + "/leases/signer/other.json"));
    denied(request(r, "s3:ListBucket", bucket, {{"s3:prefix", {"snr/"}}}));
    denied(request(r, "s3:ListBucket", bucket));
    // KMS only through Secrets Manager.
    denied(request(r, "kms:Decrypt", "arn:aws:kms:" + region + ":" + acct + ":key/k"));
    denied(request(r, "kms:Decrypt", "arn:aws:kms:" + region + ":" + acct + ":key/k",
                   {{"kms:ViaService", {"s3." + region + ".amazonaws.com"}}}));
    // Another stack's volume; metrics in another namespace.
    denied(request(r, "ec2:AttachVolume",
                   "arn:aws:ec2:" + region + ":" + acct + ":volume/vol-1",
                   {{"aws:ResourceTag/snr-stack", {"other-stack"}}}));
    denied(request(r, "cloudwatch:PutMetricData", "*", {{"cloudwatch:namespace", {"AWS/EC2"}}}));
    // The version tag: another stack's instance, another tag key, or no key at all.
    const std::string instance = "arn:aws:ec2:" + region + ":" + acct + ":instance/i-0abc";
    denied(request(r, "ec2:CreateTags", instance,
                   {{"aws:ResourceTag/snr-stack", {"other-stack"}},
                    {"aws:TagKeys", {"snr:stacks-version"}}}));
    denied(request(r, "ec2:CreateTags", instance,
                   {{"aws:ResourceTag/snr-stack", {stack}},
                    {"aws:TagKeys", {"snr:stacks-version", "snr-stack"}}}));
    denied(request(r, "ec2:CreateTags", instance, {{"aws:ResourceTag/snr-stack", {stack}}}));
    denied(request(r, "ec2:CreateTags", "arn:aws:ec2:" + region + ":" + acct + ":volume/vol-1",
                   {{"aws:ResourceTag/snr-stack", {stack}},
                    {"aws:TagKeys", {"snr:stacks-version"}}}));
    denied(request(r, "cloudformation:SignalResource",
                   "arn:aws:cloudformation:" + region + ":" + acct + ":stack/other/1"));
  }
}

// IAM quotas: a role's inline policies hold 10,240 characters together, a
// managed policy 6,144 (white space not counted).
TEST(NodeRole, FitsIamSizeQuotas) {
  for (const auto& d : deployments()) {
    Role r = role_of(d);
    ASSERT_GE(r.documents.size(), 2u) << d.name;
    std::size_t inline_chars = 0;
    for (std::size_t i = 0; i + 1 < r.documents.size(); ++i)
      inline_chars += r.documents[i].dump().size();
    EXPECT_LE(inline_chars, 10240u) << d.name;
    EXPECT_LE(r.documents.back().dump().size(), 6144u) << d.name;  // NodeBasePolicy
  }
}

TEST(NodeRole, TagResourceOnlyWithSnrKeys) {
  Role r = role_of(deployments()[2]);  // signer, key generated
  Json all = Json::array();
  for (const auto& d : r.documents)
    for (const auto& s : d["Statement"])
      all.push_back(s);
  bool found = false;
  for (const auto& s : all) {
    if (s.dump().find("secretsmanager:TagResource") == std::string::npos) continue;
    found = true;
    EXPECT_THAT(s.dump(), HasSubstr("ForAllValues:StringEquals")) << s.dump();
    EXPECT_THAT(s.dump(), HasSubstr("aws:TagKeys")) << s.dump();
  }
  EXPECT_TRUE(found);
}

// --- the table covers the code ------------------------------------------------

using snr::testing::aws_client_methods;
using snr::testing::read_source;

TEST(CallTable, ListsEveryAwsClientCallOfTheAgent) {
  auto methods = aws_client_methods();
  ASSERT_THAT(methods, ::testing::Contains("describe_instances"));
  ASSERT_THAT(methods, ::testing::Contains("create_secret"));
  const std::filesystem::path src = std::string(SNR_SOURCE_DIR) + "/src";
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(src / "agent"))
    if (e.path().extension() == ".cpp" || e.path().extension() == ".h") files.push_back(e.path());
  for (const auto& e : std::filesystem::directory_iterator(src / "cli"))
    if (e.path().filename().string().rfind("agent_", 0) == 0) files.push_back(e.path());
  std::size_t calls = 0;
  for (const auto& f : files) {
    const std::string rel = std::filesystem::relative(f, src).string();
    const std::string text = read_source(f);
    for (const auto& m : methods) {
      if (!snr::testing::calls(text, m)) continue;
      ++calls;
      bool listed = false;
      for (const auto& c : call_table())
        if (c.method == m && c.where.find(rel) != std::string::npos) listed = true;
      EXPECT_TRUE(listed) << rel << " calls " << m
                          << "(): add it to the call table (src/infra/node_calls.cpp), the node "
                             "role, and docs/iam.md";
    }
  }
  EXPECT_GT(calls, 10u);
}

TEST(CallTable, DocsCarryIt) {
  const std::string doc = read_source(std::string(SNR_SOURCE_DIR) + "/docs/iam.md");
  EXPECT_THAT(doc, HasSubstr(call_table_markdown()))
      << "docs/iam.md is out of date; the table is:\n"
      << call_table_markdown();
}

}  // namespace
}  // namespace snr::infra::iam
