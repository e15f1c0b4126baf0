// `snr status --json` against CloudWatch in moto, with the metrics published by the
// agent's own code (derive_measurements → to_datums → BufferedPublisher → CloudWatchSink,
// and the restore's RestoreMetricsSink): the percent, rate and ETA come out as computed by
// hand from the samples.

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include "agent/clock.h"
#include "agent/run/health.h"
#include "agent/run/metrics.h"
#include "agent/run/publisher.h"
#include "agent/run/restore_metrics.h"
#include "aws/cloudwatch.h"
#include "contract/names.h"
#include "support/moto_server.h"
#include "support/run_snr.h"
#include "support/subprocess.h"

namespace snr::cli {
namespace {

using namespace std::chrono_literals;
using snr::testing::RunResult;

const auto* const kMoto = snr::testing::add_shared_moto();
const std::string kSamples = std::string(SNR_SOURCE_DIR) + "/sample-configs/";

std::map<std::string, std::string> aws_env() {
  return {{"AWS_ACCESS_KEY_ID", "testing"},
          {"AWS_SECRET_ACCESS_KEY", "testing"},
          {"AWS_REGION", "us-east-1"},
          {"AWS_ACCOUNT_ID", "123456789012"},
          {"AWS_CONFIG_FILE", "/dev/null"},
          {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
          {"AWS_EC2_METADATA_DISABLED", "true"},
          {"AWS_ENDPOINT_URL", snr::testing::shared_moto().url()}};
}

/// A clock the publisher reads (it only compares for backoff).
struct At final : agent::Clock {
  agent::SystemTime t;
  agent::SystemTime now() const override { return t; }
};

/// An instance and a single-node stack whose nodeinstanceid output names it.
std::string deploy_fake_single_node(const std::string& version) {
  auto& moto = snr::testing::shared_moto();
  auto run =
      moto.aws({"ec2", "run-instances", "--image-id", "ami-12c6146b", "--count", "1",
                "--instance-type", "m5.large", "--tag-specifications",
                "ResourceType=instance,Tags=[{Key=snr:stacks-version,Value=" + version + "}]"});
  const std::string id = run["Instances"][0]["InstanceId"];
  nlohmann::json tpl = {{"Resources", {{"Topic", {{"Type", "AWS::SNS::Topic"}}}}},
                        {"Outputs", {{"nodeinstanceid", {{"Value", id}}}}}};
  moto.aws({"cloudformation", "create-stack", "--stack-name", "stacks-single-node-follower",
            "--template-body", tpl.dump()});
  return id;
}

TEST(StatusProgress, JsonFromTheAgentsPublishedMetrics) {
  const std::string id = deploy_fake_single_node("stacks-node 3.3.0.0.1");
  aws::CloudWatchClient* raw = new aws::CloudWatchClient(snr::testing::shared_moto().context());
  agent::CloudWatchSink sink(std::unique_ptr<aws::CloudWatchClient>(raw), "Stacks/Node");
  At clock;
  agent::BufferedPublisher publisher(sink, clock);
  const std::vector<aws::Dimension> dims = {{"InstanceId", id}};

  // Eleven samples a minute apart, the newest at least 55 s old (never in the future of
  // status's window, whatever second the test starts in): the node climbs 60 blocks a
  // minute (1000 → 1600), the best peer 2 a minute (7000 → 7020).
  const auto start =
      std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now()) - 11min + 5s;
  for (int k = 0; k <= 10; ++k) {
    agent::NodeSample s;
    s.at = start + std::chrono::minutes(k);
    s.rpc_up = true;
    s.info = agent::NodeInfo{static_cast<std::uint64_t>(1000 + 60 * k),
                             static_cast<std::uint64_t>(880000 + k),
                             true,
                             "stacks-node 3.3.0.0.1",
                             1,
                             "ab"};
    s.peer_health = agent::PeerHealth{static_cast<std::uint64_t>(6000 - 58 * k),
                                      static_cast<std::uint64_t>(7000 + 2 * k),
                                      static_cast<std::uint64_t>(1000 + 60 * k), "203.0.113.7"};
    s.bitcoin = agent::BitcoinTip{900000, 900000, false};
    auto verdict = agent::judge(s, 0s, agent::HealthThresholds{});
    publisher.add(
        agent::to_datums(agent::derive_measurements(s, 0s, verdict), s.at, {{"InstanceId"}}, dims));
  }
  // A restore that ran meanwhile: 2 GB of 10 GB at 50 MB/s.
  clock.t = start + 10min;
  agent::RestoreMetricsSink restore(publisher, clock, {{"InstanceId"}}, dims);
  agent::restore::RestoreProgress p;
  p.phase = agent::restore::RestorePhase::downloading;
  p.downloaded_bytes = 2'000'000'000;
  p.total_bytes = 10'000'000'000;
  p.bytes_per_second = 50'000'000;
  restore.on_progress(p);  // adds and flushes everything queued
  ASSERT_EQ(publisher.pending(), 0u);

  RunResult r = snr::testing::run_snr(
      {"status", "stacks-single-node", "--json", "--env", kSamples + ".env-sample-follower"},
      aws_env());
  ASSERT_EQ(r.code, 0) << r.err << r.out;
  auto j = nlohmann::json::parse(r.out);
  const auto& stack = j["stacks"][0];
  EXPECT_EQ(stack["id"], "stacks-single-node");
  EXPECT_EQ(stack["status"], "CREATE_COMPLETE");
  ASSERT_EQ(stack["nodes"].size(), 1u) << r.out;
  const auto& n = stack["nodes"][0];
  EXPECT_EQ(n["instance_id"], id);
  EXPECT_EQ(n["health"], "behind-bitcoin");  // burn 880010 against bitcoind's 900000
  EXPECT_EQ(n["sync_state"], "syncing");
  EXPECT_EQ(n["stacks_tip_height"], 1600);
  EXPECT_EQ(n["network_tip_height"], 7020);
  EXPECT_NEAR(n["percent_synced"].get<double>(), 1600.0 / 7020.0 * 100, 1e-9);
  EXPECT_NEAR(n["blocks_per_minute"].get<double>(), 60, 1e-9);
  EXPECT_NEAR(n["network_blocks_per_minute"].get<double>(), 2, 1e-9);
  EXPECT_NEAR(n["eta_seconds"].get<double>(), 5420.0 / 58.0 * 60.0, 1e-6);
  EXPECT_EQ(n["burn_block_height"], 880010);
  EXPECT_EQ(n["bitcoin_tip_height"], 900000);
  EXPECT_EQ(n["stacks_version"], "stacks-node 3.3.0.0.1");
  // Mainnet Epoch 4.0 (Bitcoin block 960230) needs 4.0.1: 80220 blocks to go from 880010.
  EXPECT_THAT(n["version_warning"].get<std::string>(),
              ::testing::HasSubstr("below 4.0.1, the minimum for Epoch 4.0, needed before "
                                   "Bitcoin block 960230 (in 80220 blocks)"));
  ASSERT_TRUE(n["restore"].is_object()) << r.out;
  EXPECT_NEAR(n["restore"]["percent"].get<double>(), 20, 1e-9);
  EXPECT_NEAR(n["restore"]["eta_seconds"].get<double>(), 160, 1e-9);

  // The text form says the same for people.
  RunResult text = snr::testing::run_snr(
      {"status", "stacks-single-node", "--env", kSamples + ".env-sample-follower"}, aws_env());
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_THAT(text.out, ::testing::HasSubstr("sync: Stacks tip 1600 / network 7020 (22.8%), "
                                             "60.0 blocks/min, syncing, ETA 1h33m"));
  EXPECT_THAT(text.out, ::testing::HasSubstr("restore: 1.9 GiB / 9.3 GiB (20.0%)"));
  std::cout << text.out;
}

TEST(StatusProgress, SignerShowsWhoHoldsTheLease) {
  auto& moto = snr::testing::shared_moto();
  // The common stack's asset-bucket export, the signer's stack and instance, the lease object.
  moto.aws({"s3api", "create-bucket", "--bucket", "snr-assets-it"});
  nlohmann::json common = {{"Resources", {{"Topic", {{"Type", "AWS::SNS::Topic"}}}}},
                           {"Outputs",
                            {{"AssetBucketName",
                              {{"Value", "snr-assets-it"},
                               {"Export", {{"Name", "StacksNodesCommon-AssetBucketName"}}}}}}}};
  moto.aws({"cloudformation", "create-stack", "--stack-name", "stacks-nodes-common",
            "--template-body", common.dump()});
  auto run = moto.aws({"ec2", "run-instances", "--image-id", "ami-12c6146b", "--count", "1",
                       "--instance-type", "m5.large"});
  const std::string id = run["Instances"][0]["InstanceId"];
  nlohmann::json tpl = {{"Resources", {{"Topic", {{"Type", "AWS::SNS::Topic"}}}}},
                        {"Outputs", {{"nodeinstanceid", {{"Value", id}}}}}};
  moto.aws({"cloudformation", "create-stack", "--stack-name", "stacks-single-node-signer",
            "--template-body", tpl.dump()});
  const std::string key = contract::signer_lease_key(
      contract::secret_name("stacks-single-node-signer", contract::kSignerKeySecret));
  const std::string dir = snr::testing::make_temp_dir("snr-lease");
  {
    std::ofstream f(dir + "/lease.json");
    f << nlohmann::json{{"instance_id", id}, {"stack_name", "stacks-single-node-signer"}}.dump();
  }
  moto.aws({"s3api", "put-object", "--bucket", "snr-assets-it", "--key", key, "--body",
            dir + "/lease.json"});

  RunResult r = snr::testing::run_snr(
      {"status", "stacks-single-node", "--json", "--env", kSamples + ".env-sample-signer"},
      aws_env());
  ASSERT_EQ(r.code, 0) << r.err << r.out;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["stacks"][0]["nodes"].size(), 1u) << r.out;
  EXPECT_EQ(j["stacks"][0]["nodes"][0]["signer_lease_holder"], true) << r.out;
  EXPECT_EQ(j["stacks"][0]["nodes"][0]["sync_state"], "no-data");  // nothing published for it
}

TEST(StatusProgress, HaListsEveryInstanceOfTheGroup) {
  auto& moto = snr::testing::shared_moto();
  nlohmann::json tpl = {
      {"Resources",
       {{"NodeLaunchTemplate",
         {{"Type", "AWS::EC2::LaunchTemplate"},
          {"Properties",
           {{"LaunchTemplateData", {{"ImageId", "ami-12c6146b"}, {"InstanceType", "m5.large"}}}}}}},
        {"NodeGroup",
         {{"Type", "AWS::AutoScaling::AutoScalingGroup"},
          {"Properties",
           {{"MinSize", "2"},
            {"MaxSize", "2"},
            {"DesiredCapacity", "2"},
            {"AvailabilityZones", {"us-east-1a"}},
            {"LaunchTemplate",
             {{"LaunchTemplateId", {{"Ref", "NodeLaunchTemplate"}}},
              {"Version", {{"Fn::GetAtt", {"NodeLaunchTemplate", "LatestVersionNumber"}}}}}}}}}}}}};
  moto.aws({"cloudformation", "create-stack", "--stack-name", "stacks-ha-nodes-follower",
            "--template-body", tpl.dump()});
  RunResult r = snr::testing::run_snr(
      {"status", "stacks-ha-nodes", "--json", "--env", kSamples + ".env-sample-follower-ha"},
      aws_env());
  ASSERT_EQ(r.code, 0) << r.err << r.out;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["stacks"][0]["nodes"].size(), 2u) << r.out;
  for (const auto& n : j["stacks"][0]["nodes"]) {
    EXPECT_EQ(n["state"], "running") << r.out;
    EXPECT_EQ(n["sync_state"], "no-data");
    EXPECT_TRUE(n["signer_lease_holder"].is_null());  // followers hold no lease
  }
}

TEST(StatusProgress, WatchRepeatsPlainBlocksIntoAFileUntilCtrlC) {
  const std::string dir = snr::testing::make_temp_dir("snr-watch");
  const std::string log = dir + "/out.txt";
  snr::testing::BackgroundProcess p({SNR_BINARY, "status", "stacks-common", "--watch", "1", "--env",
                                     kSamples + ".env-sample-follower"},
                                    aws_env(), log);
  auto read = [&] {
    std::ifstream f(log);
    return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  };
  auto blocks = [&] {
    std::string t = read();
    std::size_t n = 0;
    for (auto pos = t.find("--- "); pos != std::string::npos; pos = t.find("--- ", pos + 1))
      ++n;
    return n;
  };
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (blocks() < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  ASSERT_GE(blocks(), 2u) << read();
  const std::string text = read();
  EXPECT_EQ(text.find("\x1b["), std::string::npos);  // no ANSI codes into a file
  EXPECT_NE(text.find("stacks-common (stacks-nodes-common)"), std::string::npos) << text;
  ::kill(p.pid(), SIGINT);  // Ctrl-C: the loop ends at its next check (every 100 ms)
  const auto stop_by = std::chrono::steady_clock::now() + 5s;
  while (p.running() && std::chrono::steady_clock::now() < stop_by)
    std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(p.running());
}

TEST(StatusProgress, WatchRefusesABadInterval) {
  RunResult bad = snr::testing::run_snr(
      {"status", "--watch", "0", "--env", kSamples + ".env-sample-follower"}, aws_env());
  EXPECT_EQ(bad.code, 2);
  EXPECT_THAT(bad.err, ::testing::HasSubstr("--watch"));
}

}  // namespace
}  // namespace snr::cli
