/// The sync judgement against node answers shaped like stacks-core 4.0.2's
/// (tests/fixtures/node-rpc/states, see its README): what the real node says after a
/// restore, while downloading, synced, with a bogus peer, on a stalled network, and
/// numbers no node can mean.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "agent/run/health.h"
#include "agent/run/node_rpc.h"
#include "fake_clock.h"
#include "support/config_fixtures.h"
#include "util/error.h"

namespace snr::agent {
namespace {

using nlohmann::json;
using snr::testing::fixture_path;
using snr::testing::read_file;
using std::chrono::minutes;
using std::chrono::seconds;

json body(const std::string& state, const std::string& file) {
  return json::parse(read_file(fixture_path("node-rpc/states/" + state + "/" + file)));
}

/// One sample of a state directory, as sample_node would record it.
NodeSample sample_of(const std::string& state, bool with_bitcoind = true) {
  NodeSample s;
  s.rpc_up = true;
  s.info = parse_node_info(body(state, "v2-info.json"));
  s.peer_health = parse_peer_health(body(state, "v3-health.json"));
  s.peers = parse_peer_counts(body(state, "v2-neighbors.json"));
  if (with_bitcoind) s.bitcoin = parse_bitcoin_tip(body(state, "bitcoind-getblockchaininfo.json"));
  return s;
}

const HealthThresholds kDefaults{};  // the defaults: 10 blocks, 60 min, 2 burn blocks

TEST(SyncJudgement, FreshRestoreKnowsNoPeerYetSoItIsUnknownNeverHealthy) {
  // 4.0.2 right after a restore: is_fully_synced true (hard-wired), 0 behind a peer
  // maximum of 0, address null. The old judgement answered 200 here.
  NodeSample s = sample_of("fresh-restore");
  ASSERT_TRUE(s.info->is_fully_synced);
  ASSERT_EQ(s.peer_health->difference_from_max_peer, 0u);
  // Its burn height also trails bitcoind by 288 blocks: behind-bitcoin.
  auto v = judge(s, seconds(0), kDefaults);
  EXPECT_FALSE(v.healthy) << v.reason;
  EXPECT_EQ(v.status, HealthStatus::behind_bitcoin) << v.reason;
  // Without a bitcoind to compare with, no reference is left: unknown, still 503.
  s.bitcoin.reset();
  v = judge(s, seconds(0), kDefaults);
  EXPECT_EQ(v.status, HealthStatus::unknown) << v.reason;
  EXPECT_EQ(v.http_status(), 503);
  EXPECT_NE(v.reason.find("no peer height known"), std::string::npos) << v.reason;
  // Even with its burn height caught up, no peer height known stays unknown.
  s = sample_of("fresh-restore");
  s.info->burn_block_height = s.bitcoin->blocks;
  EXPECT_EQ(judge(s, seconds(0), kDefaults).status, HealthStatus::unknown);
}

TEST(SyncJudgement, DownloadingIsBehindPeersThoughBitcoinIsCaughtUp) {
  auto v = judge(sample_of("downloading"), seconds(0), kDefaults);
  EXPECT_EQ(v.status, HealthStatus::behind_peers) << v.reason;
  EXPECT_NE(v.reason.find("60500 blocks behind"), std::string::npos) << v.reason;
}

TEST(SyncJudgement, SyncedIsHealthyWithOrWithoutBitcoind) {
  auto v = judge(sample_of("synced"), seconds(30), kDefaults);
  EXPECT_TRUE(v.healthy) << v.reason;
  EXPECT_EQ(v.status, HealthStatus::synced);
  EXPECT_TRUE(judge(sample_of("synced", false), seconds(30), kDefaults).healthy);
  // bitcoind unreachable: judged by the peers alone.
  NodeSample s = sample_of("synced", false);
  s.bitcoin_error = "bitcoind getblockchaininfo: connection refused";
  EXPECT_TRUE(judge(s, seconds(30), kDefaults).healthy);
}

TEST(SyncJudgement, IsFullySyncedFalseIsStillANegative) {
  NodeSample s = sample_of("synced");
  s.info->is_fully_synced = false;
  EXPECT_EQ(judge(s, seconds(0), kDefaults).status, HealthStatus::syncing);
}

TEST(SyncJudgement, ABogusPeerIsIgnoredAndBitcoinDecides) {
  NodeSample s = sample_of("bogus-peer");
  auto v = judge(s, seconds(30), kDefaults);
  EXPECT_TRUE(v.healthy) << v.reason;
  EXPECT_TRUE(v.peer_ignored);
  EXPECT_NE(v.reason.find("implausible"), std::string::npos) << v.reason;
  EXPECT_EQ(v.to_json(&s, seconds(30))["peer_ignored"], true);
  // With the Bitcoin reference behind, it is not healthy.
  s.bitcoin->blocks += 5;
  EXPECT_EQ(judge(s, seconds(30), kDefaults).status, HealthStatus::behind_bitcoin);
  // With no Bitcoin reference, only a bogus peer: unknown, not healthy.
  s.bitcoin.reset();
  v = judge(s, seconds(30), kDefaults);
  EXPECT_EQ(v.status, HealthStatus::unknown) << v.reason;
  // A plausible lead is not ignored: a real peer far ahead means behind.
  s = sample_of("bogus-peer");
  s.peer_health->max_stacks_height_of_neighbors = s.info->stacks_tip_height + 400'000;
  EXPECT_EQ(judge(s, seconds(30), kDefaults).status, HealthStatus::behind_peers);
}

TEST(SyncJudgement, AStalledNetworkKeepsServingAStalledNodeDoesNot) {
  NodeSample s = sample_of("stalled-network");
  // Nothing moved for 2 hours: the tip, its burn height, bitcoind's tip, the peers.
  Progress all_still{minutes(120), minutes(120), minutes(120), minutes(120)};
  auto v = judge(s, all_still, kDefaults);
  EXPECT_EQ(v.status, HealthStatus::network_stalled) << v.reason;
  EXPECT_TRUE(v.healthy);
  EXPECT_EQ(v.http_status(), 200);
  // Bitcoin moves on and the node follows it, but no Stacks block anywhere (signers halted):
  // still the network.
  Progress stacks_still{minutes(120), minutes(5), minutes(5), minutes(120)};
  EXPECT_EQ(judge(s, stacks_still, kDefaults).status, HealthStatus::network_stalled);
  // The peers' maximum moved 20 minutes ago, the node did not follow: this node stalled.
  Progress peers_move{minutes(120), minutes(5), minutes(5), minutes(20)};
  v = judge(s, peers_move, kDefaults);
  EXPECT_EQ(v.status, HealthStatus::stalled) << v.reason;
  EXPECT_FALSE(v.healthy);
  // bitcoind's tip moves, the node's burn height does not.
  Progress burn_stuck{minutes(120), minutes(120), minutes(5), minutes(120)};
  EXPECT_EQ(judge(s, burn_stuck, kDefaults).status, HealthStatus::stalled);
}

TEST(SyncJudgement, NumbersNoNodeCanMeanAreABadAnswer) {
  // 1e300, 2^64 and 1.5e308, as in the bad-numbers state: never a height.
  EXPECT_THROW(parse_node_info(body("bad-numbers", "v2-info.json")), Failure);
  EXPECT_THROW(parse_peer_health(body("bad-numbers", "v3-health.json")), Failure);
  json info = body("synced", "v2-info.json");
  for (const json& bad : {json(-1), json(1.5), json(1e300), json(9007199254740993ull)}) {
    info["stacks_tip_height"] = bad;
    try {
      parse_node_info(info);
      ADD_FAILURE() << bad.dump();
    } catch (const Failure& e) {
      EXPECT_NE(std::string(e.what()).find("stacks_tip_height"), std::string::npos) << e.what();
    }
  }
  json btc = body("synced", "bitcoind-getblockchaininfo.json");
  btc["result"]["blocks"] = -3;
  EXPECT_THROW(parse_bitcoin_tip(btc), Failure);
  EXPECT_THROW(parse_bitcoin_tip(json{{"result", nullptr}, {"error", {{"message", "Loading"}}}}),
               Failure);
}

TEST(SyncJudgement, BitcoindInInitialBlockDownloadIsNoReference) {
  NodeSample s = sample_of("fresh-restore");
  s.bitcoin->initial_block_download = true;
  EXPECT_EQ(judge(s, seconds(0), kDefaults).status, HealthStatus::unknown);
}

TEST(SyncGate, HealthyMustHoldForSamplesAndMinutes) {
  testing::FakeClock clock;
  SyncGate g;
  for (int i = 0; i < 5; ++i) {
    EXPECT_FALSE(g.observe(true, clock.now())) << i;  // 5 samples, but over 4 minutes
    clock.advance(minutes(1));
  }
  EXPECT_TRUE(g.observe(true, clock.now()));
  EXPECT_FALSE(g.observe(false, clock.now()));  // one bad sample starts over
  clock.advance(minutes(10));
  EXPECT_FALSE(g.observe(true, clock.now()));  // long span, one sample
}

}  // namespace
}  // namespace snr::agent
