// `snr snapshot create|list` on the sandbox follower (moto_server), checked with
// the real `aws` CLI: tagged snapshots, retention deleting the oldest, the SSM
// commands sent, and the emulator's quirk said plainly: no agent runs there, so
// the snapshot is marked crash-consistent (snr:consistent=false), never a fake
// success. Then `destroy` keeps the snapshots, `--delete-snapshots` removes them.

#include <fstream>
#include <map>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

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

std::map<std::string, std::string> tags_of(const json& snapshot) {
  std::map<std::string, std::string> out;
  for (const auto& t : snapshot["Tags"]) out[t["Key"]] = t["Value"];
  return out;
}

class SnapshotSandbox : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = {{"AWS_ACCOUNT_ID", "123456789012"},
            {"XDG_STATE_HOME", (dir_ / "state").string()},
            {"HOME", dir_.path().string()}};
    // The sample follower, keeping two snapshots.
    std::ifstream in(kSamples + ".env-sample-follower");
    std::ofstream out(dir_ / "follower.env");
    out << in.rdbuf() << "\nSTACKS_SNAPSHOT_RETAIN=2\n";
    out.close();
    env_file_ = (dir_ / "follower.env").string();
    RunResult start = snr({"sandbox", "start", "--env", env_file_});
    ASSERT_EQ(start.code, 0) << start.err;
    json state = json::parse(snr::testing::read_file(dir_ / "state/snr/sandbox.json"));
    endpoint_ = state["endpoint"];
  }
  void TearDown() override { snr({"sandbox", "stop"}); }

  RunResult snr(std::vector<std::string> args) { return run_snr(std::move(args), env_, dir_.path()); }

  json aws(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"aws",       "--endpoint-url", endpoint_, "--region",
                                     "us-west-2", "--output",       "json"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = snr::testing::run_command(
        argv, snr::testing::environment_with({{"AWS_ACCESS_KEY_ID", "x"},
                                              {"AWS_SECRET_ACCESS_KEY", "x"},
                                              {"AWS_CONFIG_FILE", "/dev/null"},
                                              {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"}}));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out.empty() ? json::object() : json::parse(r.out);
  }

  json snapshots() {
    return aws({"ec2", "describe-snapshots", "--owner-ids", "self", "--filters",
                "Name=tag:snr-stack,Values=stacks-single-node-follower"})["Snapshots"];
  }

  TempDir dir_;
  std::map<std::string, std::string> env_;
  std::string env_file_;
  std::string endpoint_;
};

TEST_F(SnapshotSandbox, CreateTagsListRetainAndDestroyKeepsThenDeletes) {
  RunResult d = snr({"deploy", "stacks-common", "stacks-single-node", "--sandbox", "--env",
                     env_file_, "--outputs-file", "out.json"});
  ASSERT_EQ(d.code, 0) << d.err;
  json outputs = json::parse(snr::testing::read_file(dir_ / "out.json"));
  const std::string volume = outputs["stacks-single-node"]["datavolumeid"];
  const std::string instance = outputs["stacks-single-node"]["nodeinstanceid"];

  // A bad stack id is exit 2 before anything happens.
  RunResult bad = snr({"snapshot", "create", "stacks-common", "--sandbox", "--env", env_file_});
  EXPECT_EQ(bad.code, 2) << bad.err;

  RunResult first = snr({"snapshot", "create", "stacks-single-node", "--sandbox", "--env", env_file_});
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_THAT(first.err, HasSubstr("commands are accepted but never run"));
  EXPECT_THAT(first.out, HasSubstr("crash-consistent only"));
  json s1 = snapshots();
  ASSERT_EQ(s1.size(), 1u);
  const std::string oldest = s1[0]["SnapshotId"];
  EXPECT_EQ(s1[0]["VolumeId"], volume);
  auto t = tags_of(s1[0]);
  EXPECT_EQ(t["snr-stack"], "stacks-single-node-follower");
  EXPECT_EQ(t["Project"], "snr");
  EXPECT_EQ(t["snr:network"], "mainnet");
  EXPECT_EQ(t["snr:stacks-version"], "4.0.2");
  EXPECT_EQ(t["snr:consistent"], "false");  // no agent ran: never a fake success
  EXPECT_EQ(t["snr:tip-height"], "unknown");
  EXPECT_EQ(t["snr:instance"], instance);

  // The agent commands were sent (and recorded by moto), prepare then done.
  json commands = aws({"ssm", "list-commands"})["Commands"];
  std::vector<std::string> lines;
  for (const auto& c : commands) lines.push_back(c["Parameters"]["commands"][0]);
  EXPECT_THAT(lines, ::testing::UnorderedElementsAre(
                         "/usr/local/bin/snr agent 'snapshot-prepare'",
                         "/usr/local/bin/snr agent 'snapshot-done'"));
  EXPECT_EQ(commands[0]["InstanceIds"][0], instance);

  // Retention: two more (a second apart: moto's start times have whole seconds).
  for (int i = 0; i < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    RunResult again =
        snr({"snapshot", "create", "stacks-single-node", "--sandbox", "--env", env_file_});
    ASSERT_EQ(again.code, 0) << again.err;
  }
  json s3 = snapshots();
  ASSERT_EQ(s3.size(), 2u);
  for (const auto& s : s3) EXPECT_NE(s["SnapshotId"], oldest);

  RunResult list = snr({"snapshot", "list", "--sandbox", "--env", env_file_});
  ASSERT_EQ(list.code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("CONSISTENT"));
  EXPECT_THAT(list.out, HasSubstr("stacks-single-node-follower"));
  RunResult as_json =
      snr({"snapshot", "list", "stacks-single-node", "--json", "--sandbox", "--env", env_file_});
  ASSERT_EQ(as_json.code, 0) << as_json.err;
  json j = json::parse(as_json.out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["consistent"], false);
  EXPECT_EQ(j[0]["volume"], volume);

  // destroy keeps them by default and says so...
  RunResult keep = snr({"destroy", "stacks-single-node", "--force", "--sandbox", "--env", env_file_});
  ASSERT_EQ(keep.code, 0) << keep.err;
  EXPECT_THAT(keep.out, HasSubstr("snapshots: kept 2"));
  EXPECT_EQ(snapshots().size(), 2u);
  // ... and --delete-snapshots removes them (the stack is already gone: nothing else to do).
  RunResult del = snr({"destroy", "stacks-single-node", "--force", "--delete-snapshots", "--sandbox",
                       "--env", env_file_});
  ASSERT_EQ(del.code, 0) << del.err;
  EXPECT_THAT(del.out, HasSubstr("snapshots: deleted 2"));
  EXPECT_EQ(snapshots().size(), 0u);
}

}  // namespace
}  // namespace snr::deploy
