// `snr snapshot create`'s per-node flow with fake steps (prepare → CreateSnapshot →
// done, and done on every failure path), its tags, retention and the list output.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "deploy/snapshots.h"
#include "util/error.h"

namespace snr::deploy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string tag_value(const aws::Tags& tags, const std::string& key) {
  for (const auto& t : tags)
    if (t.key == key) return t.value;
  return "<absent>";
}

struct FakeSnapshotSteps {
  std::vector<std::string> calls;
  aws::Tags tags;
  bool prepare_fails = false;
  bool create_fails = false;
  std::string prepare_stdout = R"({"stacks_version":"3.1.0.0.7","tip_height":900,"burn_height":870000})";
  SnapshotSteps steps() {
    SnapshotSteps s;
    s.run_agent = [this](const std::string& i, const std::vector<std::string>& args) {
      std::string line = i;
      for (const auto& a : args) line += " " + a;
      calls.push_back(line);
      AgentCommandResult r;
      r.command_id = "cmd";
      r.exit_code = 0;
      if (args[0] == "snapshot-prepare") {
        if (prepare_fails) {
          r.exit_code = 1;
          r.standard_error = "stacks-node did not stop";
        }
        r.standard_output = "stopping\n" + prepare_stdout + "\n";
      }
      return r;
    };
    s.send_only = [this](const std::string& i, const std::vector<std::string>& args) {
      calls.push_back("sent " + i + " " + args[0]);
    };
    s.create_snapshot = [this](const std::string& v, const std::string&, const aws::Tags& t) {
      calls.push_back("create " + v);
      if (create_fails) throw Failure("SnapshotLimitExceeded");
      tags = t;
      aws::Snapshot snap;
      snap.id = "snap-1";
      snap.volume_id = v;
      snap.state = "pending";
      snap.tags = t;
      return snap;
    };
    return s;
  }
};

NodeSnapshotOptions node_options() {
  NodeSnapshotOptions o;
  o.stack_name = "stacks-single-node-follower";
  o.stack_id = "stacks-single-node";
  o.network = config::Network::mainnet;
  o.configured_version = "3.1.0.0.5";
  return o;
}

TEST(SnapshotNode, PrepareThenSnapshotThenDoneWithTheAgentsHeights) {
  FakeSnapshotSteps f;
  std::ostringstream err;
  NodeSnapshotResult r = snapshot_node({"i-1", "vol-1"}, node_options(), f.steps(), err);
  EXPECT_THAT(f.calls, ElementsAre("i-1 snapshot-prepare", "create vol-1", "i-1 snapshot-done"));
  EXPECT_TRUE(r.consistent);
  EXPECT_EQ(tag_value(f.tags, "snr-stack"), "stacks-single-node-follower");
  EXPECT_EQ(tag_value(f.tags, "Project"), "snr");
  EXPECT_EQ(tag_value(f.tags, "snr:network"), "mainnet");
  EXPECT_EQ(tag_value(f.tags, "snr:stacks-version"), "3.1.0.0.7");  // the running one
  EXPECT_EQ(tag_value(f.tags, "snr:tip-height"), "900");
  EXPECT_EQ(tag_value(f.tags, "snr:burn-height"), "870000");
  EXPECT_EQ(tag_value(f.tags, "snr:consistent"), "true");
  EXPECT_EQ(tag_value(f.tags, "snr:made-by"), "snr-snapshot-create");
  EXPECT_EQ(tag_value(f.tags, "snr:instance"), "i-1");
}

TEST(SnapshotNode, HaWaitsForHealthInSnapshotDone) {
  FakeSnapshotSteps f;
  std::ostringstream err;
  NodeSnapshotOptions o = node_options();
  o.wait_healthy = std::chrono::seconds(900);
  snapshot_node({"i-1", "vol-1"}, o, f.steps(), err);
  EXPECT_EQ(f.calls.back(), "i-1 snapshot-done --wait-healthy 900");
}

TEST(SnapshotNode, AFailedSnapshotStillRestartsTheNode) {
  FakeSnapshotSteps f;
  f.create_fails = true;
  std::ostringstream err;
  try {
    snapshot_node({"i-1", "vol-1"}, node_options(), f.steps(), err);
    FAIL() << "no throw";
  } catch (const Failure& e) {
    EXPECT_THAT(e.what(), HasSubstr("CreateSnapshot of vol-1 failed: SnapshotLimitExceeded"));
    EXPECT_THAT(e.what(), HasSubstr("the node was restarted"));
  }
  EXPECT_THAT(f.calls, ElementsAre("i-1 snapshot-prepare", "create vol-1", "i-1 snapshot-done"));
}

TEST(SnapshotNode, AFailedPrepareTakesNoSnapshotAndRestarts) {
  FakeSnapshotSteps f;
  f.prepare_fails = true;
  std::ostringstream err;
  EXPECT_THROW(snapshot_node({"i-1", "vol-1"}, node_options(), f.steps(), err), Failure);
  EXPECT_THAT(f.calls, ElementsAre("i-1 snapshot-prepare", "i-1 snapshot-done"));
}

TEST(SnapshotNode, NoHeightsFromTheAgentIsAFailureNotAGuess) {
  FakeSnapshotSteps f;
  f.prepare_stdout = "ok";
  std::ostringstream err;
  EXPECT_THROW(snapshot_node({"i-1", "vol-1"}, node_options(), f.steps(), err), Failure);
  EXPECT_THAT(f.calls, ElementsAre("i-1 snapshot-prepare", "i-1 snapshot-done"));
}

TEST(SnapshotNode, WhereCommandsNeverRunTheSnapshotIsMarkedNotConsistent) {
  FakeSnapshotSteps f;
  std::ostringstream err;
  NodeSnapshotOptions o = node_options();
  o.quirks.commands_never_run = true;
  NodeSnapshotResult r = snapshot_node({"i-1", "vol-1"}, o, f.steps(), err);
  EXPECT_FALSE(r.consistent);
  EXPECT_THAT(f.calls,
              ElementsAre("sent i-1 snapshot-prepare", "create vol-1", "sent i-1 snapshot-done"));
  EXPECT_EQ(tag_value(f.tags, "snr:consistent"), "false");
  EXPECT_EQ(tag_value(f.tags, "snr:tip-height"), "unknown");
  EXPECT_EQ(tag_value(f.tags, "snr:stacks-version"), "3.1.0.0.5");
  EXPECT_THAT(err.str(), HasSubstr("crash-consistent only"));
}

TEST(PrepareOutput, RoundTripsAndRejectsOtherText) {
  PreparedNode n{"3.1.0.0.7", 5, 6};
  auto back = parse_prepare_output("log line\n" + prepare_output(n) + "\n\n");
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->tip_height, 5u);
  EXPECT_EQ(back->burn_height, 6u);
  EXPECT_EQ(back->stacks_version, "3.1.0.0.7");
  EXPECT_FALSE(parse_prepare_output("").has_value());
  EXPECT_FALSE(parse_prepare_output(R"({"tip_height":-1,"burn_height":2})").has_value());
  EXPECT_FALSE(parse_prepare_output(R"({"tip_height":1})").has_value());
}

aws::Snapshot retained_snapshot(const std::string& id, int minute, const std::string& made_by) {
  aws::Snapshot s;
  s.id = id;
  s.start_time = aws::Timestamp{} + std::chrono::minutes(minute);
  s.tags = {{"snr-stack", "s"}, {"snr:made-by", made_by}};
  return s;
}

TEST(Retention, KeepsTheNewestNOfThoseSnrCreateMade) {
  std::vector<aws::Snapshot> all{retained_snapshot("snap-a", 1, "snr-snapshot-create"),
                                 retained_snapshot("snap-d", 4, "snr-snapshot-create"),
                                 retained_snapshot("snap-dlm", 0, "dlm"),
                                 retained_snapshot("snap-b", 2, "snr-snapshot-create"),
                                 retained_snapshot("snap-c", 3, "snr-snapshot-create")};
  EXPECT_THAT(snapshots_to_delete(all, 3), ElementsAre("snap-a"));
  EXPECT_THAT(snapshots_to_delete(all, 1), ElementsAre("snap-c", "snap-b", "snap-a"));
  EXPECT_TRUE(snapshots_to_delete(all, 4).empty());
}

TEST(ListSnapshots, TableAndJson) {
  aws::Snapshot s = retained_snapshot("snap-1", 0, "snr-snapshot-create");
  s.volume_id = "vol-1";
  s.state = "completed";
  s.volume_size_gib = 100;
  s.tags = snapshot_tags("stk", "stacks-single-node", config::Network::testnet, "i-1",
                         PreparedNode{"3.1", 7, 8}, "x");
  std::ostringstream table, json;
  print_snapshots({s}, false, table);
  EXPECT_THAT(table.str(), HasSubstr("SNAPSHOT"));
  EXPECT_THAT(table.str(), HasSubstr("snap-1    stk    i-1/vol-1    1970-01-01T00:00Z  completed  100  testnet"));
  EXPECT_THAT(table.str(), HasSubstr("7/8"));
  print_snapshots({s}, true, json);
  auto j = nlohmann::json::parse(json.str());
  EXPECT_EQ(j[0]["network"], "testnet");
  EXPECT_EQ(j[0]["consistent"], true);
  EXPECT_EQ(j[0]["tip_height"], "7");
  std::ostringstream none;
  print_snapshots({}, false, none);
  EXPECT_EQ(none.str(), "no snapshots\n");
}

}  // namespace
}  // namespace snr::deploy
