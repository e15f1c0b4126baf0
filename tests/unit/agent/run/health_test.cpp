/// The health judgement, the tip tracker and the metrics derived from a sample.

#include "agent/run/health.h"

#include <set>

#include <gtest/gtest.h>

#include "agent/run/metrics.h"
#include "agent/run/prometheus.h"
#include "agent/run/tip_tracker.h"
#include "contract/metrics.h"
#include "fake_clock.h"

namespace snr::agent {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

NodeSample synced_sample() {
  NodeSample s;
  s.rpc_up = true;
  s.info = NodeInfo{1000, 900000, true, "stacks-node 4.0.2", 1, "ab"};
  s.peer_health = PeerHealth{2, 1002, 1000, "203.0.113.7:20444"};
  s.peers = PeerCounts{3, 8, 10, 2};
  s.disk = DiskUsage{100, 40, 60.0};
  return s;
}

const HealthThresholds kT{10, minutes(30)};

TEST(Health, SyncedWithinAllLimits) {
  auto v = judge(synced_sample(), seconds(60), kT);
  EXPECT_TRUE(v.healthy);
  EXPECT_EQ(v.http_status(), 200);
  EXPECT_EQ(v.status, HealthStatus::synced);
}

TEST(Health, EachConditionAloneMakesIt503) {
  NodeSample down;
  down.rpc_error = "/v2/info: connection refused";
  auto v = judge(down, std::nullopt, kT);
  EXPECT_EQ(v.http_status(), 503);
  EXPECT_EQ(v.status, HealthStatus::node_down);
  EXPECT_NE(v.reason.find("connection refused"), std::string::npos);

  NodeSample syncing = synced_sample();
  syncing.info->is_fully_synced = false;
  EXPECT_EQ(judge(syncing, seconds(1), kT).status, HealthStatus::syncing);

  NodeSample behind = synced_sample();
  behind.peer_health->max_stacks_height_of_neighbors = 1011;
  EXPECT_EQ(judge(behind, seconds(1), kT).status, HealthStatus::behind_peers);
  behind.peer_health->max_stacks_height_of_neighbors = 1010;  // the limit itself is fine
  EXPECT_TRUE(judge(behind, seconds(1), kT).healthy);

  // The tip stood still while the peers' maximum moved: this node stalled.
  Progress still{seconds(30 * 60 + 1), std::nullopt, std::nullopt, seconds(60)};
  EXPECT_EQ(judge(synced_sample(), still, kT).status, HealthStatus::stalled);
  EXPECT_TRUE(judge(synced_sample(), seconds(30 * 60), kT).healthy);

  NodeSample broken = synced_sample();
  broken.peer_health.reset();
  broken.peer_health_error = "/v3/health: HTTP 500";
  EXPECT_EQ(judge(broken, seconds(1), kT).status, HealthStatus::unknown);
}

TEST(Health, StatusesKeepTheirWireSpellings) {
  // /health bodies, the health_status metric label and the log use these.
  EXPECT_EQ(to_string(HealthStatus::starting), "starting");
  EXPECT_EQ(to_string(HealthStatus::node_down), "node-down");
  EXPECT_EQ(to_string(HealthStatus::syncing), "syncing");
  EXPECT_EQ(to_string(HealthStatus::behind_peers), "behind-peers");
  EXPECT_EQ(to_string(HealthStatus::unknown), "unknown");
  EXPECT_EQ(to_string(HealthStatus::behind_bitcoin), "behind-bitcoin");
  EXPECT_EQ(to_string(HealthStatus::stalled), "stalled");
  EXPECT_EQ(to_string(HealthStatus::network_stalled), "network-stalled");
  EXPECT_EQ(to_string(HealthStatus::synced), "synced");
  EXPECT_EQ(starting_verdict().to_json(nullptr, std::nullopt)["status"], "starting");
}

TEST(Health, WithoutV3HealthNoPeerHeightIsKnown) {
  NodeSample old = synced_sample();
  old.peer_health.reset();
  old.peer_health_absent = true;
  EXPECT_EQ(judge(old, seconds(1), kT).status, HealthStatus::unknown);
}

TEST(Health, JsonBodyIsShortAndSaysWhy) {
  auto s = synced_sample();
  s.info->is_fully_synced = false;
  auto v = judge(s, seconds(5), kT);
  auto j = v.to_json(&s, seconds(5));
  EXPECT_EQ(j["status"], "syncing");
  EXPECT_EQ(j["healthy"], false);
  EXPECT_EQ(j["stacks_tip_height"], 1000);
  EXPECT_EQ(j["tip_age_seconds"], 5);
  EXPECT_LT(j.dump().size(), 400u);
}

TEST(TipTracker, AgeCountsFromTheLastChange) {
  testing::FakeClock clock;
  TipTracker t;
  EXPECT_FALSE(t.age(clock.now()));
  t.observe(10, clock.now());
  clock.advance(seconds(100));
  t.observe(10, clock.now());
  EXPECT_EQ(t.age(clock.now()), seconds(100));
  t.observe(11, clock.now());
  EXPECT_EQ(t.age(clock.now()), seconds(0));
  clock.advance(seconds(7));
  EXPECT_EQ(t.age(clock.now()), seconds(7));
  t.observe(9, clock.now());  // reorg / restore: a change too
  EXPECT_EQ(t.age(clock.now()), seconds(0));
}

double value_of(const std::vector<Measurement>& ms, std::string_view name) {
  for (const auto& m : ms)
    if (m.name == name) return m.value;
  ADD_FAILURE() << "no measurement " << name;
  return -1;
}

bool has(const std::vector<Measurement>& ms, std::string_view name) {
  for (const auto& m : ms)
    if (m.name == name) return true;
  return false;
}

TEST(Metrics, DerivedFromASyncedSample) {
  namespace m = contract::metrics;
  auto s = synced_sample();
  s.signer_up = true;
  auto v = judge(s, seconds(42), kT);
  EXPECT_EQ(value_of(derive_measurements(s, seconds(42), v), m::kSynced), 0);  // not held yet
  v.in_service = true;
  auto ms = derive_measurements(s, seconds(42), v);
  EXPECT_EQ(value_of(ms, m::kNetworkStalled), 0);
  EXPECT_EQ(value_of(ms, m::kTipHeight), 1000);
  EXPECT_EQ(value_of(ms, m::kBurnBlockHeight), 900000);
  EXPECT_EQ(value_of(ms, m::kBlocksBehindPeers), 2);
  EXPECT_EQ(value_of(ms, m::kTipAgeSeconds), 42);
  EXPECT_EQ(value_of(ms, m::kNodeUp), 1);
  EXPECT_EQ(value_of(ms, m::kSynced), 1);
  EXPECT_EQ(value_of(ms, m::kFullySynced), 1);
  EXPECT_EQ(value_of(ms, m::kPeersInbound), 3);
  EXPECT_EQ(value_of(ms, m::kPeersOutbound), 8);
  EXPECT_EQ(value_of(ms, m::kDataUsedPercent), 60);
  EXPECT_EQ(value_of(ms, m::kSignerUp), 1);
}

TEST(Metrics, AFullSampleEmitsExactlyTheContractsLists) {
  namespace m = contract::metrics;
  auto s = synced_sample();
  s.bitcoin = BitcoinTip{900001, 900001, false};
  s.signer_up = true;
  auto ms = derive_measurements(s, seconds(42), judge(s, seconds(42), kT));
  std::set<std::string> emitted;
  for (const auto& x : ms)
    emitted.insert(x.name);
  std::set<std::string> listed;
  for (auto n : m::kRunLoopMetrics)
    listed.insert(std::string(n));
  for (auto n : m::kSignerMetrics)
    listed.insert(std::string(n));
  EXPECT_EQ(emitted, listed);  // snr cost counts the lists: a new metric goes into one
  EXPECT_EQ(ms.size(), emitted.size());
}

TEST(Metrics, NetworkAndBitcoinTipsAndHealthCodeForStatus) {
  namespace m = contract::metrics;
  auto s = synced_sample();
  s.bitcoin = BitcoinTip{900001, 900001, false};
  auto v = judge(s, seconds(42), kT);
  auto ms = derive_measurements(s, seconds(42), v);
  EXPECT_EQ(value_of(ms, m::kNetworkTipHeight), 1002);
  EXPECT_EQ(value_of(ms, m::kBitcoinTipHeight), 900001);
  EXPECT_EQ(m::health_status_name(value_of(ms, m::kHealthStatus)), to_string(v.status));
  // No peer height known (0): no network tip rather than a false 0.
  s.peer_health->max_stacks_height_of_neighbors = 0;
  EXPECT_FALSE(has(derive_measurements(s, seconds(42), v), m::kNetworkTipHeight));
}

TEST(Metrics, EveryHealthStatusHasItsContractCode) {
  namespace m = contract::metrics;
  for (auto st : {HealthStatus::starting, HealthStatus::node_down, HealthStatus::unknown,
                  HealthStatus::syncing, HealthStatus::behind_bitcoin, HealthStatus::behind_peers,
                  HealthStatus::stalled, HealthStatus::network_stalled, HealthStatus::synced}) {
    int code = m::health_status_code(to_string(st));
    ASSERT_GE(code, 0) << to_string(st);
    EXPECT_EQ(m::health_status_name(code), to_string(st));
  }
  EXPECT_EQ(m::health_status_name(99), "");
  EXPECT_EQ(m::health_status_name(-1), "");
}

TEST(Metrics, NodeDownStillReportsUpAndSynced) {
  namespace m = contract::metrics;
  NodeSample down;
  auto ms = derive_measurements(down, std::nullopt, judge(down, std::nullopt, kT));
  EXPECT_EQ(value_of(ms, m::kNodeUp), 0);
  EXPECT_EQ(value_of(ms, m::kSynced), 0);
  EXPECT_FALSE(has(ms, m::kTipHeight));
  EXPECT_FALSE(has(ms, m::kSignerUp));
}

TEST(Metrics, OneDatumPerMeasurementAndCompleteDimensionSet) {
  std::vector<Measurement> ms = {{"a", 1, "Count"}, {"b", 2, "None"}};
  testing::FakeClock clock;
  auto ds = to_datums(ms, clock.now(), {{"InstanceId"}, {"AutoScalingGroupName"}},
                      {{"InstanceId", "i-1"}, {"AutoScalingGroupName", "grp"}});
  ASSERT_EQ(ds.size(), 4u);
  EXPECT_EQ(ds[0].dimensions.at(0).name, "InstanceId");
  EXPECT_EQ(ds[2].dimensions.at(0).value, "grp");
  EXPECT_EQ(ds[3].timestamp, clock.now());
  // No group name known (single node): that set is skipped.
  EXPECT_EQ(to_datums(ms, clock.now(), {{"InstanceId"}, {"AutoScalingGroupName"}},
                      {{"InstanceId", "i-1"}})
                .size(),
            2u);
}

TEST(Prometheus, GaugesCountersAndStatus) {
  std::string t = prometheus_text({{"stacks_tip_height", 1000, "Count"}}, "synced",
                                  AgentCounters{3, 20, 1, 0, 4});
  EXPECT_NE(t.find("# TYPE stacks_tip_height gauge\nstacks_tip_height 1000\n"), std::string::npos);
  EXPECT_NE(t.find("stacks_node_health_status{status=\"synced\"} 1"), std::string::npos);
  EXPECT_NE(t.find("snr_agent_samples_total 3\n"), std::string::npos);
  EXPECT_NE(t.find("snr_agent_pending 4\n"), std::string::npos);
}

}  // namespace
}  // namespace snr::agent
