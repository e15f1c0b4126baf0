/// Readiness signals: only when true, never twice, not lost across a restart.

#include "agent/run/readiness.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "aws/error.h"
#include "fake_clock.h"
#include "support/temp_dir.h"

namespace snr::agent {
namespace {

using std::chrono::seconds;

class RecordingSignaler final : public Signaler {
 public:
  std::vector<std::string> calls;
  bool fail_transport = false;
  bool validation_error = false;
  void check() {
    if (fail_transport) throw aws::TransportError("connection refused", true);
    if (validation_error)
      throw aws::AwsError("Auto Scaling", "ValidationError", "No active Lifecycle Action found",
                          400);
  }
  void signal_resource(const std::string& stack, const std::string& id, const std::string& uid,
                       bool success) override {
    check();
    calls.push_back("signal " + stack + " " + id + " " + uid + (success ? " SUCCESS" : " FAILURE"));
  }
  void complete_lifecycle_action(const std::string& group, const std::string& hook,
                                 const std::string& instance, bool proceed) override {
    check();
    calls.push_back("complete " + group + " " + hook + " " + instance +
                    (proceed ? " CONTINUE" : " ABANDON"));
  }
  void record_heartbeat(const std::string& group, const std::string& hook,
                        const std::string& instance) override {
    check();
    calls.push_back("heartbeat " + group + " " + hook + " " + instance);
  }
};

ReadinessState single() {
  ReadinessState s;
  s.kind = "single-node";
  s.instance_id = "i-0abc";
  s.stack_name = "stacks-single-node-follower";
  s.logical_id = "NodeReady";
  return s;
}

ReadinessState ha() {
  ReadinessState s;
  s.kind = "ha";
  s.instance_id = "i-0def";
  s.stack_name = "stacks-ha-nodes-follower";
  s.logical_id = "NodeGroup";
  s.autoscaling_group = "grp-1";
  s.lifecycle_hook = "snr-sync-gate";
  s.heartbeat_interval = seconds(300);
  s.lifecycle = StepState::pending;
  return s;
}

TEST(Readiness, SingleNodeSignalsOnceWhenRpcAnswers) {
  snr::testing::TempDir dir;
  auto file = dir / "signal.json";
  testing::FakeClock clock;
  RecordingSignaler sig;
  Readiness::arm(file, single(), clock);
  auto r = Readiness::load(file, sig, clock, {});
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->advance(false, false));  // node not up yet: nothing
  EXPECT_TRUE(sig.calls.empty());
  EXPECT_TRUE(r->advance(true, false));  // RPC answers (not synced: irrelevant for single node)
  ASSERT_EQ(sig.calls.size(), 1u);
  EXPECT_EQ(sig.calls[0], "signal stacks-single-node-follower NodeReady i-0abc SUCCESS");
  EXPECT_FALSE(r->pending());
  EXPECT_FALSE(r->advance(true, true));
  // A restarted agent (reboot) reads the state and sends nothing again.
  auto again = Readiness::load(file, sig, clock, {});
  EXPECT_FALSE(again->pending());
  again->advance(true, true);
  EXPECT_EQ(sig.calls.size(), 1u);
  // Re-running bootstrap on the same instance does not re-arm it.
  Readiness::arm(file, single(), clock);
  Readiness::load(file, sig, clock, {})->advance(true, true);
  EXPECT_EQ(sig.calls.size(), 1u);
}

TEST(Readiness, TransientFailuresKeepTheSignalPendingAcrossRestarts) {
  snr::testing::TempDir dir;
  auto file = dir / "signal.json";
  testing::FakeClock clock;
  RecordingSignaler sig;
  Readiness::arm(file, single(), clock);
  sig.fail_transport = true;
  Readiness::load(file, sig, clock, {})->advance(true, false);
  EXPECT_TRUE(Readiness::load(file, sig, clock, {})->pending());  // survived a "reboot"
  sig.fail_transport = false;
  Readiness::load(file, sig, clock, {})->advance(true, false);
  EXPECT_EQ(sig.calls.size(), 1u);
}

TEST(Readiness, HaHeartbeatsWhileSyncingThenContinueThenSignal) {
  snr::testing::TempDir dir;
  auto file = dir / "signal.json";
  testing::FakeClock clock;
  RecordingSignaler sig;
  Readiness::arm(file, ha(), clock);
  auto r = Readiness::load(file, sig, clock, {});
  r->advance(true, false);  // first cycle: heartbeat at once
  clock.advance(seconds(30));
  r->advance(true, false);  // within the interval: nothing
  clock.advance(seconds(270));
  r->advance(false, false);  // 300 s later: heartbeat, also when the node is down
  ASSERT_EQ(sig.calls.size(), 2u);
  EXPECT_EQ(sig.calls[0], "heartbeat grp-1 snr-sync-gate i-0def");
  EXPECT_EQ(sig.calls[1], sig.calls[0]);
  // RPC up but not synced never completes the hook.
  for (int i = 0; i < 3; ++i)
    r->advance(true, false);
  EXPECT_EQ(sig.calls.size(), 2u);
  // Synced must hold for kGateSamples samples over kGateWindow (5 over 5 min) before
  // CONTINUE, which cannot be taken back: one synced sample is not enough.
  r->advance(true, true);
  EXPECT_EQ(sig.calls.size(), 2u);
  for (int i = 0; i < 3; ++i) {
    clock.advance(seconds(60));
    r->advance(true, true);
  }
  EXPECT_EQ(sig.calls.size(), 2u);  // 4 samples over 3 min
  clock.advance(seconds(60));
  r->advance(true, true);
  EXPECT_EQ(sig.calls.size(), 2u);  // 5 samples, but over 4 min
  clock.advance(seconds(60));
  r->advance(true, true);
  ASSERT_EQ(sig.calls.size(), 4u);
  EXPECT_EQ(sig.calls[2], "complete grp-1 snr-sync-gate i-0def CONTINUE");
  EXPECT_EQ(sig.calls[3], "signal stacks-ha-nodes-follower NodeGroup i-0def SUCCESS");
  r->advance(true, true);
  EXPECT_EQ(sig.calls.size(), 4u);
}

TEST(Readiness, HaGateStartsOverOnAnyUnsyncedSampleAndSurvivesARestart) {
  snr::testing::TempDir dir;
  auto file = dir / "signal.json";
  testing::FakeClock clock;
  RecordingSignaler sig;
  Readiness::arm(file, ha(), clock);
  for (int i = 0; i < 8; ++i) {                      // 8 samples over 7 min, one unsynced at 4 min
    auto r = Readiness::load(file, sig, clock, {});  // a new process each time (--once)
    r->advance(true, i != 4);
    clock.advance(seconds(60));
  }
  auto is_continue = [](const std::string& c) { return c.find("CONTINUE") != std::string::npos; };
  EXPECT_TRUE(std::none_of(sig.calls.begin(), sig.calls.end(), is_continue));
  for (int i = 0; i < 5; ++i) {  // 5 more, each from a fresh load: the streak is on disk
    Readiness::load(file, sig, clock, {})->advance(true, true);
    clock.advance(seconds(75));
  }
  EXPECT_TRUE(std::any_of(sig.calls.begin(), sig.calls.end(), is_continue));
}

TEST(Readiness, HaLifecycleGoneEndsEverythingWithoutSuccess) {
  snr::testing::TempDir dir;
  auto file = dir / "signal.json";
  testing::FakeClock clock;
  RecordingSignaler sig;
  Readiness::arm(file, ha(), clock);
  auto r = Readiness::load(file, sig, clock, {});
  sig.validation_error = true;
  r->advance(true, false);
  EXPECT_FALSE(r->pending());
  EXPECT_EQ(r->state().lifecycle, StepState::not_waiting);
  sig.validation_error = false;
  r->advance(true, true);
  EXPECT_TRUE(sig.calls.empty());
}

TEST(Readiness, BootstrapFailureSendsNegativeResultsAndNeverSuccessLater) {
  snr::testing::TempDir dir;
  auto file = dir / "signal.json";
  testing::FakeClock clock;
  RecordingSignaler sig;
  Readiness::arm(file, ha(), clock);
  auto r = Readiness::load(file, sig, clock, {});
  sig.fail_transport = true;
  r->fail("check-config rejected node.toml");
  EXPECT_TRUE(r->pending());
  sig.fail_transport = false;
  // A later `agent run` (after a reboot) delivers the failure, not a success.
  auto later = Readiness::load(file, sig, clock, {});
  later->advance(true, true);
  ASSERT_EQ(sig.calls.size(), 2u);
  EXPECT_EQ(sig.calls[0], "complete grp-1 snr-sync-gate i-0def ABANDON");
  EXPECT_EQ(sig.calls[1], "signal stacks-ha-nodes-follower NodeGroup i-0def FAILURE");
  later->advance(true, true);
  EXPECT_EQ(sig.calls.size(), 2u);
}

TEST(Readiness, NothingOwedWithoutAStateFile) {
  snr::testing::TempDir dir;
  testing::FakeClock clock;
  RecordingSignaler sig;
  EXPECT_FALSE(Readiness::load(dir / "none.json", sig, clock, {}));
}

}  // namespace
}  // namespace snr::agent
