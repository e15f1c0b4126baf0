// The sync judgement end to end: `AgentRunner` samples a fixture stacks-node serving
// 4.0.2-shaped bodies (tests/fixtures/node-rpc/states) and its bitcoind, and GET /health
// (real HTTP) and the HA lifecycle gate answer for each state.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include "agent/clock.h"
#include "agent/run/readiness.h"
#include "agent/run/runner.h"
#include "support/fake_stacks_node.h"
#include "support/temp_dir.h"

namespace snr::agent {
namespace {

using snr::testing::FakeStacksNode;
using std::chrono::minutes;
using std::chrono::seconds;
using ::testing::HasSubstr;

class TestClock final : public Clock {
 public:
  SystemTime now() const override { return now_; }
  void advance(std::chrono::seconds d) { now_ += d; }

 private:
  SystemTime now_ = std::chrono::system_clock::now();
};

class RecordingSignaler final : public Signaler {
 public:
  std::vector<std::string> calls;
  void signal_resource(const std::string&, const std::string&, const std::string&,
                       bool success) override {
    calls.push_back(success ? "SUCCESS" : "FAILURE");
  }
  void complete_lifecycle_action(const std::string&, const std::string&, const std::string&,
                                 bool proceed) override {
    calls.push_back(proceed ? "CONTINUE" : "ABANDON");
  }
  void record_heartbeat(const std::string&, const std::string&, const std::string&) override {
    calls.push_back("heartbeat");
  }
  bool continued() const {
    return std::find(calls.begin(), calls.end(), "CONTINUE") != calls.end();
  }
};

struct Health {
  int status = 0;
  nlohmann::json body;
};

Health get_health(std::uint16_t port) {
  httplib::Client c("127.0.0.1", port);
  auto r = c.Get("/health");
  if (!r) return {};
  return {r->status, nlohmann::json::parse(r->body)};
}

RunOptions options(const FakeStacksNode& node, bool bitcoind = true) {
  RunOptions o;
  o.node_rpc_url = node.url();
  if (bitcoind) {
    o.bitcoin_rpc_url = node.bitcoin_url();
    o.bitcoin_rpc_user = "stacks";
    o.bitcoin_rpc_password = "foundation";
  }
  return o;
}

ReadinessState ha_state() {
  ReadinessState s;
  s.kind = "ha";
  s.instance_id = "i-0sync";
  s.stack_name = "stacks-ha-nodes-follower";
  s.logical_id = "NodeGroup";
  s.autoscaling_group = "grp";
  s.lifecycle_hook = "snr-sync-gate";
  s.lifecycle = StepState::pending;
  return s;
}

TEST(SyncHealth, EachStateGetsItsAnswerFromHealthAndTheLifecycleGate) {
  FakeStacksNode node;
  node.start();
  TestClock clock;
  snr::testing::TempDir dir;
  RecordingSignaler sig;
  Readiness::arm(dir / "readiness.json", ha_state(), clock);
  auto readiness = Readiness::load(dir / "readiness.json", sig, clock, {});
  HealthServer server("127.0.0.1", 0);
  AgentRunner runner(options(node), clock, nullptr, &*readiness, &server, {});
  server.start();
  const auto port = server.port();

  // Just restored: 4.0.2 says is_fully_synced and 0 behind; the Bitcoin reference says no.
  node.serve_state("fresh-restore");
  for (int i = 0; i < 10; ++i) {
    runner.cycle();
    clock.advance(minutes(1));
  }
  auto h = get_health(port);
  EXPECT_EQ(h.status, 503);
  EXPECT_EQ(h.body["status"], "behind-bitcoin") << h.body.dump();
  EXPECT_EQ(h.body["bitcoin_tip_height"], 964400);
  EXPECT_EQ(node.bitcoin_authorization(), "Basic c3RhY2tzOmZvdW5kYXRpb24=");  // stacks:foundation
  EXPECT_FALSE(sig.continued());

  node.serve_state("downloading");
  runner.cycle();
  h = get_health(port);
  EXPECT_EQ(h.status, 503);
  EXPECT_EQ(h.body["status"], "behind-peers");
  EXPECT_FALSE(sig.continued());

  // Synced: /health answers 200 at once; the gate waits for 5 samples over 5 minutes.
  node.serve_state("synced");
  for (int i = 0; i < 5; ++i) {
    clock.advance(minutes(1));
    node.advance(5, 0, 0, 5);
    runner.cycle();
    h = get_health(port);
    EXPECT_EQ(h.status, 200) << h.body.dump();
    EXPECT_EQ(h.body["in_service"], false) << i;
    EXPECT_FALSE(sig.continued()) << i;
  }
  clock.advance(minutes(1));
  node.advance(5, 1, 1, 5);
  runner.cycle();
  EXPECT_EQ(get_health(port).body["in_service"], true);
  EXPECT_TRUE(sig.continued());
  httplib::Client c("127.0.0.1", port);
  auto m = c.Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_THAT(m->body, HasSubstr("stacks_node_synced 1\n"));

  // A bogus peer (99,999,999,999) is ignored; the Bitcoin reference says synced.
  node.serve_state("bogus-peer");
  runner.cycle();
  h = get_health(port);
  EXPECT_EQ(h.status, 200) << h.body.dump();
  EXPECT_EQ(h.body["peer_ignored"], true);

  // The whole network stalls: nothing moves for over an hour. Keep serving, say so.
  node.serve_state("stalled-network");
  for (int i = 0; i < 7; ++i) {
    runner.cycle();
    clock.advance(minutes(11));
  }
  runner.cycle();
  h = get_health(port);
  EXPECT_EQ(h.status, 200) << h.body.dump();
  EXPECT_EQ(h.body["status"], "network-stalled");
  m = c.Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_THAT(m->body, HasSubstr("stacks_network_stalled 1\n"));
  // The peers move on and this node does not: it is this node that stalled.
  node.advance(0, 0, 0, 3);
  runner.cycle();
  h = get_health(port);
  EXPECT_EQ(h.status, 503);
  EXPECT_EQ(h.body["status"], "stalled");

  // Numbers no node can mean: a bad answer, not a height.
  node.serve_state("bad-numbers");
  runner.cycle();
  h = get_health(port);
  EXPECT_EQ(h.status, 503);
  EXPECT_EQ(h.body["status"], "node-down");
  EXPECT_THAT(h.body["reason"].get<std::string>(), HasSubstr("stacks_tip_height"));
  server.stop();
}

TEST(SyncHealth, WithoutBitcoindAFreshRestoreIsUnknownAndNeverEntersService) {
  FakeStacksNode node;
  node.start();
  node.serve_state("fresh-restore");
  TestClock clock;
  snr::testing::TempDir dir;
  RecordingSignaler sig;
  Readiness::arm(dir / "readiness.json", ha_state(), clock);
  auto readiness = Readiness::load(dir / "readiness.json", sig, clock, {});
  HealthServer server("127.0.0.1", 0);
  AgentRunner runner(options(node, false), clock, nullptr, &*readiness, &server, {});
  server.start();
  for (int i = 0; i < 20; ++i) {
    runner.cycle();
    clock.advance(minutes(1));
  }
  auto h = get_health(server.port());
  EXPECT_EQ(h.status, 503);
  EXPECT_EQ(h.body["status"], "unknown") << h.body.dump();
  EXPECT_FALSE(sig.continued());
  server.stop();
}

}  // namespace
}  // namespace snr::agent
