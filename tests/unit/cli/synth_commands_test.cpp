#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/infra/infra_fixtures.h"

namespace snr::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string snr() {
  return std::string(SNR_BINARY);
}

/// Writes `env` as DIR/.env and runs `snr ARGS` in DIR.
ShellResult run_in(const TempDir& dir, const std::string& env, const std::string& args) {
  std::ofstream(dir.path() / ".env") << env;
  return run("cd " + dir.path().string() + " && env -u AWS_REGION -u AWS_ACCOUNT_ID " + snr() +
             " " + args);
}

std::vector<std::string> files_in(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  if (!std::filesystem::exists(dir)) return out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(SynthCli, WritesThreeTemplatesAndAManifest) {
  TempDir dir;
  auto r = run_in(dir, kFollowerEnv, "synth");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(files_in(dir.path() / "snr.out"),
              ElementsAre("manifest.json", "stacks-common.template.json",
                          "stacks-ha-nodes.template.json", "stacks-single-node.template.json"));
  auto m = nlohmann::json::parse(read_file((dir.path() / "snr.out/manifest.json").string()));
  ASSERT_EQ(m["stacks"].size(), 3u);
  EXPECT_EQ(m["stacks"][0]["stack_name"], "stacks-nodes-common");
  EXPECT_EQ(m["stacks"][1]["stack_name"], "stacks-single-node-follower");
  EXPECT_EQ(m["stacks"][2]["stack_name"], "stacks-ha-nodes-follower");
  EXPECT_EQ(m["stacks"][2]["depends_on"], nlohmann::json::array({"stacks-common"}));
  std::set<std::string> sources;
  for (const auto& p : m["stacks"][1]["parameters"])
    sources.insert(p["source"]);
  for (const char* s : {"default-vpc.id", "default-vpc.subnets", "placement.zone", "ami.pinned",
                        "stacks-version", "asset.snr.key", "asset.snr.sha256"})
    EXPECT_TRUE(sources.count(s)) << s;
  std::string body = read_file((dir.path() / "snr.out/stacks-ha-nodes.template.json").string());
  EXPECT_EQ(m["stacks"][2]["template_sha256"].get<std::string>().size(), 64u);
}

TEST(SynthCli, RepeatRunsAreByteIdentical) {
  TempDir a, b;
  ASSERT_EQ(run_in(a, kFollowerEnv, "synth --out out").exit_code, 0);
  ASSERT_EQ(run_in(b, kFollowerEnv, "synth --out out").exit_code, 0);
  for (const auto& f : files_in(a.path() / "out")) {
    std::string x = read_file((a.path() / "out" / f).string());
    EXPECT_FALSE(x.empty());
    EXPECT_EQ(x, read_file((b.path() / "out" / f).string())) << f;
  }
  ASSERT_EQ(run_in(a, kFollowerEnv, "synth --out out2").exit_code, 0);
  EXPECT_EQ(read_file((a.path() / "out/stacks-single-node.template.json").string()),
            read_file((a.path() / "out2/stacks-single-node.template.json").string()));
}

TEST(SynthCli, SignerSkipsHaAndRefusesItWhenAsked) {
  TempDir dir;
  auto r = run_in(dir, kSignerEnv, "synth");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("skipped stacks-ha-nodes"));
  EXPECT_THAT(files_in(dir.path() / "snr.out"),
              ElementsAre("manifest.json", "stacks-common.template.json",
                          "stacks-single-node.template.json"));
  TempDir other;
  r = run_in(other, kSignerEnv, "synth stacks-ha-nodes");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("STACKS_NODE_CONFIGURATION"));
  EXPECT_FALSE(std::filesystem::exists(other.path() / "snr.out"));
}

TEST(SynthCli, SelectedStacksOnly) {
  TempDir dir;
  auto r = run_in(dir, kFollowerEnv, "synth stacks-common --out o");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(files_in(dir.path() / "o"),
              ElementsAre("manifest.json", "stacks-common.template.json"));
  r = run_in(dir, kFollowerEnv, "synth stacks-nope --out p");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.output, HasSubstr("stacks-nope"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "p"));
}

TEST(SynthCli, InvalidConfigWritesNothing) {
  TempDir dir;
  auto r = run_in(dir, kFollowerEnv + "STACKS_RPC_PORT=99999\n", "synth");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("STACKS_RPC_PORT"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "snr.out"));
}

TEST(SynthCli, OutThatIsAFileIsBadInput) {
  // Review F11: "cannot create afile: Not a directory", exit 1.
  TempDir dir;
  std::ofstream(dir.path() / "afile") << "keep me\n";
  auto r = run_in(dir, kFollowerEnv, "synth --out afile");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("--out"));
  EXPECT_THAT(r.output, HasSubstr("not a directory"));
  std::ifstream in(dir.path() / "afile");
  std::string kept;
  std::getline(in, kept);
  EXPECT_EQ(kept, "keep me");
}

TEST(SynthCli, ListAndNag) {
  TempDir dir;
  auto r = run_in(dir, kFollowerEnv, "list");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output,
            "stacks-common\tstacks-nodes-common\nstacks-single-node\tstacks-single-node-follower\n"
            "stacks-ha-nodes\tstacks-ha-nodes-follower\n");
  r = run_in(dir, kFollowerEnv, "nag");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("total: 0 error(s), 5 suppressed"));
  EXPECT_THAT(r.output, HasSubstr("suppressed AwsSolutions-EC23 NodeSecurityGroup"));
}

/// cfn-lint over every valid role x network x stack (and an ARM, io2, e-mail
/// and new-region variant), in one run: no error, no warning.
TEST(SynthCli, CfnLintIsCleanAcrossTheMatrix) {
  TempDir dir;
  struct Variant {
    std::string name;
    std::string env;
  };
  std::vector<Variant> variants;
  for (const auto& [role, env] : {std::pair{"follower", kFollowerEnv},
                                  std::pair{"signer", kSignerEnv}, std::pair{"miner", kMinerEnv}})
    for (const char* net : {"mainnet", "testnet"})
      variants.push_back({std::string(role) + "-" + net, env + "STACKS_NETWORK=" + net + "\n"});
  variants.push_back({"arm-io2-mail", kFollowerEnv +
                                          "STACKS_CPU_TYPE=ARM_64\nSTACKS_INSTANCE_TYPE=m7g.large\n"
                                          "STACKS_DATA_VOL_TYPE=io2\nSTACKS_DATA_VOL_IOPS=20000\n"
                                          "STACKS_ALARM_EMAIL=ops@example.com\n"});
  variants.push_back({"ha-tls", kFollowerEnv + "STACKS_HA_ALB_CERTIFICATE_ARN=arn:aws:acm:"
                                               "us-west-2:123456789012:certificate/0f8e2d1c\n"});
  std::string files;
  for (const auto& v : variants) {
    TempDir work;
    auto out = dir.path() / v.name;
    auto r = run_in(work, v.env, "synth --out " + out.string());
    ASSERT_EQ(r.exit_code, 0) << v.name << ": " << r.output;
    for (const auto& f : files_in(out))
      if (f.find(".template.json") != std::string::npos) files += " " + (out / f).string();
  }
  auto r = run("cfn-lint --format parseable --regions us-west-2 eu-central-2 --" + files);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "");
}

}  // namespace
}  // namespace snr::testing

namespace snr::testing {
namespace {

TEST(IamPolicyCli, PrintsTheOperatorPolicyOfTheConfig) {
  TempDir dir;
  std::ofstream(dir.path() / ".env") << kSignerEnv;
  auto r = run("cd " + dir.path().string() + " && (env -u AWS_REGION -u AWS_ACCOUNT_ID " + snr() +
               " iam-policy > policy.json)");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("create one managed policy from each"));
  auto parts = nlohmann::json::parse(read_file((dir.path() / "policy.json").string()));
  ASSERT_TRUE(parts.is_array());
  ASSERT_GE(parts.size(), 1u);
  for (const auto& doc : parts) {
    EXPECT_EQ(doc["Version"], "2012-10-17");
    EXPECT_LE(doc.dump().size(), 6144u);
  }
  std::string text = parts.dump();
  EXPECT_THAT(text, HasSubstr(":stack/stacks-single-node-signer/*"));
  EXPECT_THAT(text, HasSubstr("iam:PassRole"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("stacks-ha-nodes")));
}

TEST(IamPolicyCli, BadConfigExitsTwo) {
  TempDir dir;
  auto r = run_in(dir, "STACKS_NODE_CONFIGURATION=bogus\n", "iam-policy");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("STACKS_NODE_CONFIGURATION"));
}

}  // namespace
}  // namespace snr::testing
