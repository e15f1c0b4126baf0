// The README's main job, for real: `snr sandbox start`, deploy the sample
// follower (single node, then HA) into moto_server, the blueprint README's jq
// lines on the outputs file, a re-deploy without changes, a diff, the
// refusal to delete the common stack while others import it, and a destroy
// that leaves nothing behind — checked with the real `aws` CLI, which knows
// nothing of snr. What moto does not implement is asserted on the templates
// (tests/unit/infra) instead.

#include <set>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include "support/moto_iam.h"
#include "support/run_snr.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"

namespace snr::deploy {
namespace {

using nlohmann::json;
using snr::testing::run_snr;
using snr::testing::RunResult;
using snr::testing::TempDir;
using ::testing::HasSubstr;

const std::string kSamples = std::string(SNR_SOURCE_DIR) + "/sample-configs/";

class SandboxFlow : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = {{"AWS_ACCOUNT_ID", "123456789012"},
            {"XDG_STATE_HOME", (dir_ / "state").string()},
            {"HOME", dir_.path().string()}};
    RunResult start =
        snr({"sandbox", "start", "--env", kSamples + ".env-sample-follower"}, start_env_);
    ASSERT_EQ(start.code, 0) << start.err;
    json state = json::parse(snr::testing::read_file(dir_ / "state/snr/sandbox.json"));
    endpoint_ = state["endpoint"];
    pid_ = state["pid"];
  }
  void TearDown() override {
    RunResult stop = snr({"sandbox", "stop"});
    EXPECT_EQ(stop.code, 0) << stop.err;
    EXPECT_THAT(stop.out, HasSubstr("sandbox stopped"));
  }

  RunResult snr(std::vector<std::string> args, std::map<std::string, std::string> extra = {}) {
    auto env = env_;
    for (auto& [k, v] : extra)
      env[k] = v;
    return run_snr(std::move(args), env, dir_.path());
  }

  /// The real aws CLI against the sandbox (as `key`:`secret` when given).
  json aws(const std::vector<std::string>& args, const std::string& key = "x",
           const std::string& secret = "x") {
    std::vector<std::string> argv = {"aws",       "--endpoint-url", endpoint_, "--region",
                                     "us-west-2", "--output",       "json"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = snr::testing::run_command(
        argv, snr::testing::environment_with({{"AWS_ACCESS_KEY_ID", key},
                                              {"AWS_SECRET_ACCESS_KEY", secret},
                                              {"AWS_CONFIG_FILE", "/dev/null"},
                                              {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"}}));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out.empty() ? json::object() : json::parse(r.out);
  }

  std::string jq(const std::string& filter, const std::string& file) {
    auto r = snr::testing::run_command({"jq", "-r", filter, (dir_ / file).string()},
                                       snr::testing::environment_with({}));
    return r.out;
  }

  TempDir dir_;
  std::map<std::string, std::string> start_env_;  ///< for `snr sandbox start` (and moto_server)
  std::map<std::string, std::string> env_;
  std::string endpoint_;
  int pid_ = -1;
};

TEST_F(SandboxFlow, DeployRedeployDiffAndDestroyLeavingNothing) {
  const std::string follower = kSamples + ".env-sample-follower";
  const std::string ha = kSamples + ".env-sample-follower-ha";

  // --- deploy the single node (with stacks-common) --------------------------------
  RunResult d1 = snr({"deploy", "stacks-common", "stacks-single-node", "--sandbox", "--env",
                      follower, "--outputs-file", "single-node-deploy.json"});
  ASSERT_EQ(d1.code, 0) << d1.err;
  EXPECT_THAT(d1.err, HasSubstr("local AWS emulator"));
  EXPECT_THAT(d1.err, HasSubstr("Stacks version: 4.0.2"));
  // A first deploy prints the monthly estimate (snr cost) before anything changes.
  EXPECT_THAT(d1.err, HasSubstr("Estimated cost: about "));
  EXPECT_THAT(d1.err, HasSubstr(" USD/month in us-west-2"));
  EXPECT_THAT(d1.out, HasSubstr("+ NodeInstance (AWS::EC2::Instance)"));
  // moto reports CREATE_COMPLETE while skipping alarms: snr says so.
  EXPECT_THAT(d1.err, HasSubstr("NodeNotAdvancingAlarm (AWS::CloudWatch::Alarm)"));

  // The blueprint README's jq lines.
  std::string instance = jq("..|.nodeinstanceid? | select(. != null)", "single-node-deploy.json");
  ASSERT_FALSE(instance.empty());
  instance.pop_back();
  EXPECT_EQ(jq("..|.region? | select(. != null)", "single-node-deploy.json"), "us-west-2\n");
  auto reservations = aws({"ec2", "describe-instances", "--instance-ids", instance});
  EXPECT_EQ(reservations["Reservations"][0]["Instances"][0]["State"]["Name"], "running");
  EXPECT_EQ(reservations["Reservations"][0]["Instances"][0]["InstanceType"], "m5.large");

  // Exports of the common stack, imported by the node stacks.
  auto exports = aws({"cloudformation", "list-exports"});
  std::set<std::string> names;
  for (const auto& e : exports["Exports"])
    names.insert(e["Name"]);
  EXPECT_TRUE(names.count("StacksNodesCommon-AssetBucketName"));
  EXPECT_TRUE(names.count("StacksNodesCommon-NodeBasePolicyArn"));
  // The snr binary went to the asset bucket under its content hash.
  std::string bucket = jq("..|.AssetBucketName? | select(. != null)", "single-node-deploy.json");
  ASSERT_FALSE(bucket.empty());
  bucket.pop_back();
  auto objects = aws({"s3api", "list-objects-v2", "--bucket", bucket});
  ASSERT_EQ(objects["Contents"].size(), 1u);
  EXPECT_THAT(objects["Contents"][0]["Key"].get<std::string>(),
              ::testing::MatchesRegex("snr/[0-9a-f]{64}/snr-linux-x86_64"));
  // The Bitcoin RPC password is in Secrets Manager, not in any template or parameter.
  auto secret = aws({"secretsmanager", "get-secret-value", "--secret-id",
                     "snr/stacks-single-node-follower/bitcoin-rpc-password"});
  EXPECT_EQ(secret["SecretString"], "foundation");
  auto tpl = aws({"cloudformation", "get-template", "--stack-name", "stacks-single-node-follower"});
  EXPECT_THAT(tpl.dump(), ::testing::Not(HasSubstr("foundation")));

  // Security group: P2P (tcp) from anywhere, RPC from the VPC only, nothing else.
  auto sgs = aws({"ec2", "describe-security-groups", "--filters",
                  "Name=tag:aws:cloudformation:stack-name,Values=stacks-single-node-follower"});
  ASSERT_FALSE(sgs["SecurityGroups"].empty());
  std::set<std::string> rules;
  for (const auto& p : sgs["SecurityGroups"][0]["IpPermissions"]) {
    for (const auto& r : p["IpRanges"]) {
      rules.insert(p["IpProtocol"].get<std::string>() + "/" +
                   std::to_string(p["FromPort"].get<int>()) + "/" + r["CidrIp"].get<std::string>());
    }
  }
  EXPECT_EQ(rules, (std::set<std::string>{"tcp/20444/0.0.0.0/0", "tcp/20443/172.31.0.0/16"}));

  // --- HA followers ------------------------------------------------------------------
  RunResult d2 = snr({"deploy", "stacks-ha-nodes", "--sandbox", "--env", ha, "--outputs-file",
                      "ha-nodes-deploy.json"});
  ASSERT_EQ(d2.code, 0) << d2.err;
  std::string alb = jq("..|.ALBURL? | select(. != null)", "ha-nodes-deploy.json");
  EXPECT_FALSE(alb.empty());
  EXPECT_EQ(jq("..|.alburl? | select(. != null)", "ha-nodes-deploy.json"), alb);
  auto groups = aws({"autoscaling", "describe-auto-scaling-groups"});
  ASSERT_EQ(groups["AutoScalingGroups"].size(), 1u);
  EXPECT_EQ(groups["AutoScalingGroups"][0]["DesiredCapacity"], 2);
  EXPECT_EQ(groups["AutoScalingGroups"][0]["HealthCheckType"], "ELB");
  EXPECT_EQ(groups["AutoScalingGroups"][0]["HealthCheckGracePeriod"], 600);
  auto tgs = aws({"elbv2", "describe-target-groups"});
  ASSERT_EQ(tgs["TargetGroups"].size(), 1u);
  EXPECT_EQ(tgs["TargetGroups"][0]["HealthCheckPath"], "/health");
  EXPECT_EQ(tgs["TargetGroups"][0]["HealthCheckPort"], "20445");
  EXPECT_EQ(tgs["TargetGroups"][0]["Port"], 20443);
  auto lbs = aws({"elbv2", "describe-load-balancers"});
  EXPECT_EQ(lbs["LoadBalancers"][0]["Scheme"], "internal");

  // --- status, re-deploy, diff --------------------------------------------------------
  RunResult st = snr({"status", "--sandbox", "--env", ha});
  ASSERT_EQ(st.code, 0) << st.err;
  EXPECT_THAT(st.out, HasSubstr("stacks-ha-nodes (stacks-ha-nodes-follower): CREATE_COMPLETE"));
  EXPECT_THAT(st.out, HasSubstr("2 of 2 desired"));
  EXPECT_THAT(st.out, HasSubstr("instance " + instance + ": running"));

  RunResult again = snr({"deploy", "stacks-single-node", "--sandbox", "--env", follower});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_THAT(again.err, HasSubstr("no changes"));
  EXPECT_THAT(again.err, ::testing::Not(HasSubstr("Estimated cost")));  // not a first deploy
  EXPECT_THAT(again.err, HasSubstr("kept: the stack runs 4.0.2"));
  EXPECT_THAT(again.err, ::testing::Not(HasSubstr("CREATE_IN_PROGRESS")));

  RunResult diff = snr({"diff", "stacks-single-node", "--sandbox", "--env", follower},
                       {{"STACKS_DATA_VOL_SIZE", "3000"}, {"STACKS_DATA_VOL_IOPS", "16000"}});
  ASSERT_EQ(diff.code, 0) << diff.err;
  EXPECT_THAT(diff.out, HasSubstr("~ DataVolume (AWS::EC2::Volume)"));
  EXPECT_THAT(diff.out, HasSubstr("stacks-nodes-common: no changes"));
  // diff changed nothing.
  auto sets =
      aws({"cloudformation", "list-change-sets", "--stack-name", "stacks-single-node-follower"});
  EXPECT_TRUE(sets["Summaries"].empty());

  // --- destroy ----------------------------------------------------------------------
  RunResult refused = snr({"destroy", "stacks-common", "--force", "--sandbox", "--env", follower});
  EXPECT_EQ(refused.code, 1);
  EXPECT_THAT(refused.err, HasSubstr("stacks-single-node-follower"));
  EXPECT_THAT(refused.err, HasSubstr("stacks-ha-nodes-follower"));
  EXPECT_EQ(aws({"cloudformation", "describe-stacks", "--stack-name",
                 "stacks-nodes-common"})["Stacks"][0]["StackStatus"],
            "CREATE_COMPLETE");

  RunResult no_tty = snr({"destroy", "--all", "--sandbox", "--env", follower});
  EXPECT_EQ(no_tty.code, 2);
  EXPECT_THAT(no_tty.err, HasSubstr("--force"));

  RunResult gone = snr({"destroy", "--all", "--force", "--sandbox", "--env", ha});
  ASSERT_EQ(gone.code, 0) << gone.err;
  EXPECT_TRUE(aws({"cloudformation", "describe-stacks"})["Stacks"].empty());
  EXPECT_TRUE(aws({"s3api", "list-buckets"})["Buckets"].empty());
  EXPECT_TRUE(aws({"secretsmanager", "list-secrets"})["SecretList"].empty());
  auto params = aws({"ssm", "describe-parameters", "--parameter-filters",
                     "Key=Name,Option=BeginsWith,Values=/snr/"});
  EXPECT_TRUE(params["Parameters"].empty());
  auto volumes = aws({"ec2", "describe-volumes", "--filters", "Name=status,Values=available"});
  EXPECT_TRUE(volumes["Volumes"].empty());
  auto groups_after = aws({"autoscaling", "describe-auto-scaling-groups"});
  EXPECT_TRUE(groups_after["AutoScalingGroups"].empty());
}

// snr upgrade stacks-ha-nodes: the new version reaches the stack parameter, the settings
// document and a new launch template version (the nodes' snr:configured-version tag), which is
// what makes the group's replacing update run; checked with the aws CLI. The sandbox says
// that the sync gate was not observed (no agent runs in moto).
TEST_F(SandboxFlow, UpgradeHaMovesTheVersionIntoANewLaunchTemplateVersion) {
  const std::string base =
      "AWS_REGION=us-west-2\nSTACKS_NODE_CONFIGURATION=follower\nSTACKS_NETWORK=mainnet\n"
      "STACKS_HA_NUMBER_OF_NODES=2\n";
  const auto old_env = dir_.write("old.env", base + "STACKS_VERSION=4.0.1\n");
  const auto new_env = dir_.write("new.env", base + "STACKS_VERSION=4.0.2\n");
  RunResult d = snr({"deploy", "stacks-ha-nodes", "--sandbox", "--env", old_env.string()});
  ASSERT_EQ(d.code, 0) << d.err;

  RunResult refused = snr({"upgrade", "stacks-ha-nodes", "--sandbox", "--env", old_env.string(),
                           "--to", "4.0.2"});
  EXPECT_EQ(refused.code, 2) << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("set STACKS_VERSION=4.0.2"));

  RunResult u = snr({"upgrade", "stacks-ha-nodes", "--sandbox", "--env", new_env.string()});
  ASSERT_EQ(u.code, 0) << u.err;
  EXPECT_THAT(u.out, HasSubstr("upgraded to Stacks 4.0.2"));
  EXPECT_THAT(u.out, HasSubstr("the sync gate was not observed"));

  json stack = aws({"cloudformation", "describe-stacks", "--stack-name",
                    "stacks-ha-nodes-follower"})["Stacks"][0];
  std::string version;
  for (const auto& p : stack["Parameters"])
    if (p["ParameterKey"] == "StacksVersion") version = p["ParameterValue"];
  EXPECT_EQ(version, "4.0.2");
  json settings = json::parse(aws({"ssm", "get-parameter", "--name",
                                   "/snr/stacks-ha-nodes-follower/settings"})["Parameter"]["Value"]
                                  .get<std::string>());
  EXPECT_EQ(settings["stacks_version"], "4.0.2");
  std::string lt;
  json resources = aws({"cloudformation", "list-stack-resources", "--stack-name",
                        "stacks-ha-nodes-follower"});
  for (const auto& r : resources["StackResourceSummaries"])
    if (r["LogicalResourceId"] == "NodeLaunchTemplate") lt = r["PhysicalResourceId"];
  ASSERT_FALSE(lt.empty()) << resources.dump();
  json versions = aws({"ec2", "describe-launch-template-versions", "--launch-template-id", lt});
  std::set<std::string> tagged;
  for (const auto& v : versions["LaunchTemplateVersions"])
    for (const auto& spec : v["LaunchTemplateData"]["TagSpecifications"])
      for (const auto& t : spec["Tags"])
        if (t["Key"] == "snr:configured-version") tagged.insert(t["Value"].get<std::string>());
  EXPECT_EQ(tagged, (std::set<std::string>{"4.0.1", "4.0.2"}));
}

// snr upgrade stacks-single-node in the sandbox, as far as moto goes: the pre-upgrade
// snapshot, the stack's new version (same instance), the SSM command sent; and the result
// says "not-observed" (no agent runs in moto), never "upgraded". Checked with the aws CLI.
TEST_F(SandboxFlow, UpgradeSingleNodeUpdatesTheStackAndSendsTheCommand) {
  const std::string base = "AWS_REGION=us-west-2\nSTACKS_NODE_CONFIGURATION=follower\n";
  const auto old_env = dir_.write("old.env", base + "STACKS_VERSION=4.0.1\n");
  const auto new_env = dir_.write("new.env", base + "STACKS_VERSION=4.0.2\n");
  RunResult d = snr({"deploy", "stacks-single-node", "--sandbox", "--env", old_env.string()});
  ASSERT_EQ(d.code, 0) << d.err;
  auto instance_of = [&] {
    // Held in a variable: a range-for over a temporary's member would dangle.
    json resources = aws({"cloudformation", "list-stack-resources", "--stack-name",
                          "stacks-single-node-follower"});
    for (const auto& r : resources["StackResourceSummaries"])
      if (r["LogicalResourceId"] == "NodeInstance") return r["PhysicalResourceId"].get<std::string>();
    return std::string();
  };
  const std::string instance = instance_of();
  ASSERT_FALSE(instance.empty());

  RunResult u = snr({"upgrade", "stacks-single-node", "--sandbox", "--env", new_env.string(),
                     "--json"});
  ASSERT_EQ(u.code, 0) << u.err;
  json r = json::parse(u.out);
  EXPECT_EQ(r["outcome"], "not-observed");
  EXPECT_THAT(r["reason"].get<std::string>(), HasSubstr("no snr agent runs"));
  EXPECT_EQ(r["from"], "4.0.1");
  EXPECT_EQ(r["to"], "4.0.2");
  EXPECT_EQ(r["instance"], instance);

  json stack = aws({"cloudformation", "describe-stacks", "--stack-name",
                    "stacks-single-node-follower"})["Stacks"][0];
  std::string version;
  for (const auto& p : stack["Parameters"])
    if (p["ParameterKey"] == "StacksVersion") version = p["ParameterValue"];
  EXPECT_EQ(version, "4.0.2");
  EXPECT_EQ(instance_of(), instance);  // updated in place, not replaced
  json settings = json::parse(aws({"ssm", "get-parameter", "--name",
                                   "/snr/stacks-single-node-follower/settings"})["Parameter"]
                                  ["Value"]
                                      .get<std::string>());
  EXPECT_EQ(settings["stacks_version"], "4.0.2");

  json snaps = aws({"ec2", "describe-snapshots", "--snapshot-ids", r["snapshot"].get<std::string>()});
  ASSERT_EQ(snaps["Snapshots"].size(), 1u);
  json commands = aws({"ssm", "list-commands"});
  bool sent = false;
  for (const auto& c : commands["Commands"]) {
    const std::string line = c["Parameters"]["commands"][0];
    if (line.find("'upgrade' '--to' '4.0.2'") != std::string::npos &&
        c["InstanceIds"][0] == instance)
      sent = true;
  }
  EXPECT_TRUE(sent) << commands.dump();
}

TEST_F(SandboxFlow, SignerIdentityInStatusAndOutputsAndItsKeyOutlivesDestroy) {
  const std::string signer = kSamples + ".env-sample-signer";
  RunResult d = snr({"deploy", "stacks-single-node", "--sandbox", "--env", signer, "--outputs-file",
                     "signer.json"});
  ASSERT_EQ(d.code, 0) << d.err;
  EXPECT_THAT(d.err, HasSubstr("signer key: not created yet"));
  EXPECT_EQ(jq("..|.signerkeysecret? | select(. != null)", "signer.json"),
            "snr/stacks-single-node-signer/signer-key\n");
  RunResult before = snr({"status", "stacks-single-node", "--sandbox", "--env", signer});
  EXPECT_THAT(before.out, HasSubstr("signer: key not created yet"));

  // What the node's agent does at first boot (key_provisioning.cpp): a secret
  // tagged with the public facts.
  aws({"secretsmanager", "create-secret", "--name", "snr/stacks-single-node-signer/signer-key",
       "--secret-string",
       "{\"private_key\": \"2de4e77aab89c0c2570bb8bb90824f5cf2a5204a975905fee450ff9dad0fcf2801\"}",
       "--tags", "Key=snr:public-key,Value=03abc",
       "Key=snr:address,Value=SP1286C62P3TAWVQV2VM2CEGTRBQZSZ6MHMS9RW05"});
  RunResult after = snr({"status", "stacks-single-node", "--sandbox", "--env", signer});
  EXPECT_THAT(after.out, HasSubstr("signer address: SP1286C62P3TAWVQV2VM2CEGTRBQZSZ6MHMS9RW05"));
  EXPECT_THAT(after.out, ::testing::Not(HasSubstr("2de4e77a")));
  RunResult again = snr({"deploy", "stacks-single-node", "--sandbox", "--env", signer,
                         "--outputs-file", "signer.json"});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(jq("..|.signeraddress? | select(. != null)", "signer.json"),
            "SP1286C62P3TAWVQV2VM2CEGTRBQZSZ6MHMS9RW05\n");

  RunResult gone = snr({"destroy", "--all", "--force", "--sandbox", "--env", signer});
  ASSERT_EQ(gone.code, 0) << gone.err;
  EXPECT_THAT(gone.err, HasSubstr("kept secret snr/stacks-single-node-signer/signer-key"));
  auto kept = aws({"secretsmanager", "list-secrets"});
  ASSERT_EQ(kept["SecretList"].size(), 1u);
  EXPECT_EQ(kept["SecretList"][0]["Name"], "snr/stacks-single-node-signer/signer-key");
  RunResult keys = snr(
      {"destroy", "stacks-single-node", "--force", "--delete-keys", "--sandbox", "--env", signer});
  ASSERT_EQ(keys.code, 0) << keys.err;
  EXPECT_THAT(keys.err, HasSubstr("recoverable for 30 days"));
}

// The operator funds the miner's Bitcoin address; status shows it once the
// agent has created the seed (tagged with its public key, key_provisioning.cpp).
TEST_F(SandboxFlow, MinerStatusShowsTheBitcoinAddressToFund) {
  const std::string miner = kSamples + ".env-sample-miner";
  RunResult d = snr({"deploy", "stacks-single-node", "--sandbox", "--env", miner});
  ASSERT_EQ(d.code, 0) << d.err;
  RunResult before = snr({"status", "stacks-single-node", "--sandbox", "--env", miner});
  EXPECT_THAT(before.out, HasSubstr("miner: key not created yet"));
  // Private key 1: its compressed public key is the generator point.
  aws({"secretsmanager", "create-secret", "--name", "snr/stacks-single-node-miner/miner-seed",
       "--secret-string",
       "{\"private_key\": \"000000000000000000000000000000000000000000000000000000000000000101\"}",
       "--tags",
       "Key=snr:public-key,Value="
       "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"});
  RunResult after = snr({"status", "stacks-single-node", "--sandbox", "--env", miner});
  EXPECT_THAT(after.out, HasSubstr("miner Bitcoin address: 1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH"));
  EXPECT_THAT(after.out, HasSubstr("wallet stacks-miner"));
  RunResult gone = snr(
      {"destroy", "stacks-single-node", "--force", "--delete-keys", "--sandbox", "--env", miner});
  ASSERT_EQ(gone.code, 0) << gone.err;
}

// A busy machine: the recorded sandbox answers late. Commands wait for it; they
// never start a fresh, empty emulator behind the user's back (which once made
// `destroy --all --sandbox` report "destroyed" while every stack remained).
TEST_F(SandboxFlow, ASlowSandboxIsWaitedForNeverReplaced) {
  const std::string follower = kSamples + ".env-sample-follower";
  ASSERT_EQ(::kill(pid_, SIGSTOP), 0);
  std::thread resume([pid = pid_] {
    std::this_thread::sleep_for(std::chrono::seconds(3));
    ::kill(pid, SIGCONT);
  });
  RunResult st = snr({"status", "--sandbox", "--env", follower});
  resume.join();
  EXPECT_EQ(st.code, 0) << st.err;
  EXPECT_THAT(st.err, HasSubstr(endpoint_));
  EXPECT_THAT(st.err, ::testing::Not(HasSubstr("started for this command only")));

  // One that stays silent past the wait: the command fails and says why.
  ASSERT_EQ(::kill(pid_, SIGSTOP), 0);
  RunResult stuck = snr({"destroy", "--all", "--force", "--sandbox", "--env", follower},
                        {{"SNR_SANDBOX_WAIT_SECONDS", "2"}});
  ::kill(pid_, SIGCONT);
  EXPECT_EQ(stuck.code, 1) << stuck.err;
  EXPECT_THAT(stuck.err, HasSubstr("did not answer for 2 s"));
  EXPECT_THAT(stuck.err, ::testing::Not(HasSubstr("started for this command only")));

  // A bad wait is refused before anything runs: exit 2, naming the variable and what is allowed.
  for (const char* bad : {"abc", "0", "-5", "3601"}) {
    RunResult r =
        snr({"status", "--sandbox", "--env", follower}, {{"SNR_SANDBOX_WAIT_SECONDS", bad}});
    EXPECT_EQ(r.code, 2) << bad << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr("SNR_SANDBOX_WAIT_SECONDS"));
    EXPECT_THAT(r.err, HasSubstr("from 1 to 3600"));
    EXPECT_THAT(r.err, ::testing::Not(HasSubstr("SANDBOX: talking to")));
  }
}

TEST_F(SandboxFlow, RefusesAnArmDeploymentWithoutAnArmBinary) {
  RunResult r =
      snr({"deploy", "stacks-single-node", "--sandbox", "--env", kSamples + ".env-sample-follower"},
          {{"STACKS_CPU_TYPE", "ARM_64"}, {"STACKS_INSTANCE_TYPE", "m7g.xlarge"}});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("--snr-binary"));
  EXPECT_THAT(r.err, HasSubstr("aarch64"));
}

// `snr iam-policy` is enough: the sandbox runs moto with IAM enforcement, and
// deploy, status, diff and destroy run as a user that holds only that policy.
// moto matches a non-S3 action's Resource against "*" and skips conditions it
// cannot evaluate, so the document is projected: S3 statements keep their
// resources, any other gets "*". Resources and conditions are proven by the
// evaluator in tests/unit/infra/operator_policy_test.cpp.
class SandboxFlowUnderIam : public SandboxFlow {
 protected:
  void SetUp() override {
    start_env_ = {{"INITIAL_NO_AUTH_ACTION_COUNT", "3"}};
    SandboxFlow::SetUp();
    // The three requests moto lets through make an administrator.
    aws({"iam", "create-user", "--user-name", "admin"});
    aws({"iam", "put-user-policy", "--user-name", "admin", "--policy-name", "admin",
         "--policy-document",
         R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})"});
    auto k = aws({"iam", "create-access-key", "--user-name", "admin"});
    admin_key_ = k["AccessKey"]["AccessKeyId"];
    admin_secret_ = k["AccessKey"]["SecretAccessKey"];
  }
  json as_admin(const std::vector<std::string>& args) {
    return aws(args, admin_key_, admin_secret_);
  }
  std::string admin_key_, admin_secret_;

  /// A user of the sandbox with `policy` (projected for moto); its keys as env for snr.
  std::map<std::string, std::string> user(const std::string& name, json policy) {
    policy = snr::testing::project_for_moto(policy);
    as_admin({"iam", "create-user", "--user-name", name});
    as_admin({"iam", "put-user-policy", "--user-name", name, "--policy-name", "snr",
              "--policy-document", policy.dump()});
    auto k = as_admin({"iam", "create-access-key", "--user-name", name});
    return {{"SNR_SANDBOX_ACCESS_KEY_ID", k["AccessKey"]["AccessKeyId"]},
            {"SNR_SANDBOX_SECRET_ACCESS_KEY", k["AccessKey"]["SecretAccessKey"]}};
  }
};

TEST_F(SandboxFlowUnderIam, DeployStatusDiffDestroyWithOnlyTheIamPolicy) {
  const std::string follower = kSamples + ".env-sample-follower";
  RunResult printed = snr({"iam-policy", "--env", follower});
  ASSERT_EQ(printed.code, 0) << printed.err;
  // The parts in one user policy: moto does not limit its size.
  json whole{{"Version", "2012-10-17"}, {"Statement", json::array()}};
  for (const auto& part : json::parse(printed.out))
    for (const auto& st : part["Statement"])
      whole["Statement"].push_back(st);
  auto op = user("operator", whole);
  auto k = op;  // for the checks below with the aws CLI
  auto as_op = [&](const std::vector<std::string>& args) {
    return aws(args, k["SNR_SANDBOX_ACCESS_KEY_ID"], k["SNR_SANDBOX_SECRET_ACCESS_KEY"]);
  };

  RunResult d = snr({"deploy", "--all", "--sandbox", "--env", follower}, op);
  ASSERT_EQ(d.code, 0) << d.err;
  EXPECT_THAT(d.err, ::testing::Not(HasSubstr("AccessDenied")));
  RunResult st = snr({"status", "--sandbox", "--env", follower}, op);
  EXPECT_EQ(st.code, 0) << st.err;
  EXPECT_THAT(st.out + st.err, ::testing::Not(HasSubstr("AccessDenied")));
  EXPECT_THAT(st.out, HasSubstr("CREATE_COMPLETE"));
  RunResult diff = snr({"diff", "--all", "--sandbox", "--env", follower},
                       [&] {
                         auto e = op;
                         e["STACKS_DATA_VOL_SIZE"] = "3000";
                         return e;
                       }());
  EXPECT_EQ(diff.code, 0) << diff.err;
  EXPECT_THAT(diff.out + diff.err, ::testing::Not(HasSubstr("AccessDenied")));
  // snr upgrade with only the policy: snapshot, stack update, SSM command (the sample's
  // STACKS_VERSION is latest, so --to is accepted).
  RunResult up = snr({"upgrade", "stacks-single-node", "--sandbox", "--env", follower, "--to",
                      "4.0.1", "--json"},
                     op);
  EXPECT_EQ(up.code, 0) << up.err;
  EXPECT_THAT(up.out + up.err, ::testing::Not(HasSubstr("AccessDenied")));
  EXPECT_THAT(up.out, HasSubstr("\"outcome\": \"not-observed\""));
  RunResult gone = snr({"destroy", "--all", "--force", "--sandbox", "--env", follower}, op);
  ASSERT_EQ(gone.code, 0) << gone.err;
  EXPECT_TRUE(as_op({"cloudformation", "describe-stacks"})["Stacks"].empty());

  // The enforcement is on: a user without the policy is refused at the first call.
  auto none = user("nobody", json{{"Version", "2012-10-17"},
                                  {"Statement", json::array({{{"Effect", "Allow"},
                                                              {"Action", "sts:GetCallerIdentity"},
                                                              {"Resource", "*"}}})}});
  RunResult refused = snr({"deploy", "--all", "--sandbox", "--env", follower}, none);
  EXPECT_NE(refused.code, 0);
  EXPECT_THAT(refused.err, ::testing::AnyOf(HasSubstr("AccessDenied"), HasSubstr("not authorized")));
}

}  // namespace
}  // namespace snr::deploy
