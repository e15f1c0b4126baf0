// snr upgrade's single-node orchestration against fake steps: the target version, the
// happy path, every failure and rollback path, the resumed run and the sandbox.

#include "deploy/upgrade.h"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/config_fixtures.h"
#include "util/error.h"

namespace snr::deploy {
namespace {

using snr::testing::kMinimalEnv;
using snr::testing::valid_config;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class Latest final : public ReleaseSource {
 public:
  std::string latest_tag() override { return "4.0.9"; }
};

TEST(UpgradeTarget, DefaultsToTheEnvAndRefusesAContradiction) {
  Latest gh;
  auto pinned = valid_config(std::string(kMinimalEnv) + "STACKS_VERSION=4.0.2\n");
  EXPECT_EQ(upgrade_target(pinned, std::nullopt, gh).tag, "4.0.2");
  EXPECT_EQ(upgrade_target(pinned, "4.0.2", gh).tag, "4.0.2");
  try {
    upgrade_target(pinned, "4.0.3", gh);
    FAIL() << "a contradicting --to was accepted";
  } catch (const UserError& e) {
    EXPECT_THAT(e.what(), HasSubstr("--to"));
    EXPECT_THAT(e.what(), HasSubstr("set STACKS_VERSION=4.0.3"));
  }
  auto latest = valid_config(kMinimalEnv);
  EXPECT_EQ(upgrade_target(latest, std::nullopt, gh).tag, "4.0.9");
  EXPECT_EQ(upgrade_target(latest, "4.0.3", gh).tag, "4.0.3");
  EXPECT_THROW(upgrade_target(latest, "four", gh), UserError);
}

/// Records every step; answers as told.
class FakeSteps final : public UpgradeSteps {
 public:
  UpgradeNode node_{"stacks-single-node-follower", "i-0123", "vol-0456", "4.0.1"};
  std::string agent_out =
      R"({"from":"4.0.1","to":"4.0.2","outcome":"upgraded","downtime_seconds":42,)"
      R"("new_version_started":true,"reason":""})";
  int agent_exit = 0;
  bool snapshot_fails = false, update_fails = false, agent_unreachable = false;
  bool restore_automated = true, observable = true;
  std::vector<std::string> calls;

  UpgradeNode node() override { return node_; }
  std::string snapshot(const UpgradeNode& n) override {
    calls.push_back("snapshot " + n.volume_id);
    if (snapshot_fails) throw Failure("the agent could not freeze the node");
    return "snap-0789";
  }
  void update_stack(const std::string& v) override {
    calls.push_back("update " + v);
    if (update_fails) throw Failure("the change set replaces NodeInstance");
  }
  NodeCommandResult run_agent(const std::string& i, const std::vector<std::string>& args) override {
    std::string c = "agent " + i;
    for (const auto& a : args)
      c += " " + a;
    calls.push_back(c);
    if (agent_unreachable) throw Failure("DeliveryTimedOut");
    return {agent_exit, "progress\n" + agent_out + "\n", "stderr line"};
  }
  bool agent_observable() const override { return observable; }
  void restore_volume(const UpgradeNode& n, const std::string& s) override {
    calls.push_back("restore " + n.volume_id + " from " + s);
    if (!restore_automated) throw Failure("not automated");
  }
};

SingleNodeUpgradeResult run(FakeSteps& steps) {
  std::ostringstream err;
  return upgrade_single_node({"4.0.2", {}}, steps, err);
}

TEST(SingleNodeUpgrade, SnapshotThenStackThenAgent) {
  FakeSteps s;
  auto r = run(s);
  EXPECT_EQ(r.outcome, "upgraded");
  EXPECT_TRUE(r.succeeded());
  EXPECT_THAT(s.calls, ElementsAre("snapshot vol-0456", "update 4.0.2",
                                   "agent i-0123 upgrade --to 4.0.2"));
  EXPECT_EQ(r.snapshot_id, "snap-0789");
  EXPECT_EQ(r.downtime_seconds, 42);
  EXPECT_EQ(r.to_json().at("outcome"), "upgraded");
  EXPECT_EQ(r.to_json().at("agent").at("from"), "4.0.1");
}

TEST(SingleNodeUpgrade, NoSnapshotNoChange) {
  FakeSteps s;
  s.snapshot_fails = true;
  auto r = run(s);
  EXPECT_EQ(r.outcome, "failed");
  EXPECT_THAT(r.reason, HasSubstr("nothing was changed"));
  EXPECT_THAT(s.calls, ElementsAre("snapshot vol-0456"));
}

TEST(SingleNodeUpgrade, RefusedStackUpdateNeverReachesTheNode) {
  FakeSteps s;
  s.update_fails = true;
  auto r = run(s);
  EXPECT_EQ(r.outcome, "failed");
  EXPECT_THAT(r.reason, HasSubstr("replaces NodeInstance"));
  EXPECT_THAT(s.calls, ElementsAre("snapshot vol-0456", "update 4.0.2"));
}

TEST(SingleNodeUpgrade, GateFailureRevertsTheStackAndRestoresTheVolume) {
  FakeSteps s;
  s.agent_exit = 1;
  s.agent_out = R"({"from":"4.0.1","to":"4.0.2","outcome":"rolled-back","downtime_seconds":930,)"
                R"("new_version_started":true,"reason":"the health gate did not pass"})";
  auto r = run(s);
  EXPECT_EQ(r.outcome, "rolled-back");
  EXPECT_FALSE(r.succeeded());
  EXPECT_THAT(r.reason, HasSubstr("health gate"));
  EXPECT_THAT(s.calls, ElementsAre("snapshot vol-0456", "update 4.0.2",
                                   "agent i-0123 upgrade --to 4.0.2", "update 4.0.1",
                                   "restore vol-0456 from snap-0789"));
  EXPECT_TRUE(r.stack_reverted);
  EXPECT_TRUE(r.volume_restored);
  EXPECT_THAT(r.manual_steps, IsEmpty());
}

TEST(SingleNodeUpgrade, RestoreNotAutomatedPrintsTheExactSteps) {
  FakeSteps s;
  s.agent_exit = 1;
  s.restore_automated = false;
  s.agent_out = R"({"from":"4.0.1","outcome":"rolled-back","new_version_started":true,)"
                R"("reason":"crashed"})";
  auto r = run(s);
  EXPECT_FALSE(r.volume_restored);
  ASSERT_EQ(r.manual_steps.size(), 4u);
  EXPECT_THAT(r.manual_steps[0], HasSubstr("--snapshot-id snap-0789"));
  EXPECT_THAT(r.manual_steps[2], HasSubstr("rsync"));
  std::ostringstream out;
  print_upgrade_result(r, out);
  EXPECT_THAT(out.str(), HasSubstr("still to do by hand"));
}

TEST(SingleNodeUpgrade, RefusedByTheAgentRevertsTheStackOnly) {
  FakeSteps s;
  s.agent_exit = 1;
  s.agent_out = R"({"from":"4.0.1","outcome":"refused","new_version_started":false,)"
                R"("reason":"check-config rejected"})";
  auto r = run(s);
  EXPECT_EQ(r.outcome, "refused");
  EXPECT_THAT(s.calls, ElementsAre("snapshot vol-0456", "update 4.0.2",
                                   "agent i-0123 upgrade --to 4.0.2", "update 4.0.1"));
  EXPECT_FALSE(r.volume_restored);
}

TEST(SingleNodeUpgrade, UnreachableAgentKeepsTheStackForAResume) {
  FakeSteps s;
  s.agent_unreachable = true;
  auto r = run(s);
  EXPECT_EQ(r.outcome, "failed");
  EXPECT_THAT(r.reason, HasSubstr("again resumes"));
  EXPECT_THAT(s.calls, ElementsAre("snapshot vol-0456", "update 4.0.2",
                                   "agent i-0123 upgrade --to 4.0.2"));
}

TEST(SingleNodeUpgrade, ResumedRunSkipsSnapshotAndUpdate) {
  FakeSteps s;
  s.node_.running_version = "4.0.2";
  auto r = run(s);
  EXPECT_TRUE(r.resumed);
  EXPECT_EQ(r.outcome, "upgraded");
  EXPECT_EQ(r.from, "4.0.1");  // from the agent's record
  EXPECT_THAT(s.calls, ElementsAre("agent i-0123 upgrade --to 4.0.2"));
}

TEST(SingleNodeUpgrade, ResumedRollbackWithoutSnapshotSaysWhichOne) {
  FakeSteps s;
  s.node_.running_version = "4.0.2";
  s.agent_exit = 1;
  s.agent_out = R"({"from":"4.0.1","outcome":"rolled-back","new_version_started":true,)"
                R"("resumed":true,"reason":"gate"})";
  auto r = run(s);
  EXPECT_THAT(s.calls, ElementsAre("agent i-0123 upgrade --to 4.0.2", "update 4.0.1"));
  ASSERT_EQ(r.manual_steps.size(), 1u);
  EXPECT_THAT(r.manual_steps[0], HasSubstr("snr snapshot list"));
}

TEST(SingleNodeUpgrade, SandboxSaysTheGateWasNotObserved) {
  FakeSteps s;
  s.observable = false;
  s.agent_out = "";
  auto r = run(s);
  EXPECT_EQ(r.outcome, "not-observed");
  EXPECT_FALSE(r.succeeded());
  EXPECT_THAT(r.reason, HasSubstr("no snr agent runs"));
}

TEST(SingleNodeUpgrade, NoJsonFromTheAgentIsAFailure) {
  FakeSteps s;
  s.agent_exit = 127;
  s.agent_out = "";
  auto r = run(s);
  EXPECT_EQ(r.outcome, "failed");
  EXPECT_THAT(r.reason, HasSubstr("exited 127"));
  EXPECT_THAT(r.reason, HasSubstr("stderr line"));
}

}  // namespace
}  // namespace snr::deploy
