#include "deploy/sync_progress.h"

#include <gtest/gtest.h>

namespace snr::deploy {
namespace {

TEST(SyncProgress, RateNeedsTwoPointsApart) {
  EXPECT_FALSE(rate_per_second({}));
  EXPECT_FALSE(rate_per_second({{100, 5}}));
  EXPECT_FALSE(rate_per_second({{100, 5}, {100, 9}}));
  // Order does not matter: oldest to newest.
  EXPECT_DOUBLE_EQ(*rate_per_second({{160, 130}, {100, 100}, {130, 110}}), 0.5);
}

TEST(SyncProgress, NoDatapointsIsNoData) {
  SyncEstimate e = estimate_sync({}, {{0, 1000}});
  EXPECT_EQ(e.state, SyncState::no_data);
  EXPECT_FALSE(e.percent);
  EXPECT_FALSE(e.eta_seconds);
}

TEST(SyncProgress, SyncingPercentRateAndEta) {
  // The node climbs 600 blocks in 10 minutes (60/min), the network 20 in 10 minutes (2/min).
  std::vector<Point> tip = {{0, 1000}, {300, 1300}, {600, 1600}};
  std::vector<Point> net = {{0, 6980}, {600, 7000}};
  SyncEstimate e = estimate_sync(tip, net);
  EXPECT_EQ(e.state, SyncState::syncing);
  EXPECT_DOUBLE_EQ(*e.tip, 1600);
  EXPECT_DOUBLE_EQ(*e.network_tip, 7000);
  EXPECT_NEAR(*e.percent, 1600.0 / 7000.0 * 100, 1e-9);
  EXPECT_DOUBLE_EQ(*e.blocks_behind, 5400);
  EXPECT_DOUBLE_EQ(*e.blocks_per_minute, 60);
  EXPECT_DOUBLE_EQ(*e.network_blocks_per_minute, 2);
  // 5400 blocks left at a closing speed of 58 blocks/min.
  EXPECT_NEAR(*e.eta_seconds, 5400.0 / 58.0 * 60.0, 1e-6);
}

TEST(SyncProgress, OneNetworkPointStillGivesAnEtaFromTheNodesRate) {
  SyncEstimate e = estimate_sync({{0, 0}, {60, 100}}, {{60, 1100}});
  EXPECT_EQ(e.state, SyncState::syncing);
  EXPECT_FALSE(e.network_blocks_per_minute);
  EXPECT_DOUBLE_EQ(*e.eta_seconds, 600);
}

TEST(SyncProgress, StalledHasNoEta) {
  SyncEstimate e = estimate_sync({{0, 500}, {600, 500}}, {{600, 900}});
  EXPECT_EQ(e.state, SyncState::stalled);
  EXPECT_DOUBLE_EQ(*e.blocks_per_minute, 0);
  EXPECT_FALSE(e.eta_seconds);
  EXPECT_NEAR(*e.percent, 500.0 / 900.0 * 100, 1e-9);
}

TEST(SyncProgress, SlowerThanTheNetworkIsNotCatchingUp) {
  SyncEstimate e = estimate_sync({{0, 500}, {600, 510}}, {{0, 900}, {600, 930}});
  EXPECT_EQ(e.state, SyncState::not_catching);
  EXPECT_FALSE(e.eta_seconds);
}

TEST(SyncProgress, AlreadySyncedIsHundredPercentAndZeroEta) {
  SyncEstimate e = estimate_sync({{0, 7000}, {60, 7002}}, {{60, 7001}});
  EXPECT_EQ(e.state, SyncState::synced);
  EXPECT_DOUBLE_EQ(*e.percent, 100);
  EXPECT_DOUBLE_EQ(*e.blocks_behind, 0);
  EXPECT_DOUBLE_EQ(*e.eta_seconds, 0);
}

TEST(SyncProgress, NoNetworkTipIsUnknownButKeepsTheRate) {
  SyncEstimate e = estimate_sync({{0, 10}, {60, 20}}, {});
  EXPECT_EQ(e.state, SyncState::unknown);
  EXPECT_DOUBLE_EQ(*e.blocks_per_minute, 10);
  EXPECT_FALSE(e.percent);
  EXPECT_FALSE(e.eta_seconds);
}

TEST(SyncProgress, RestoreEtaFromBytesTotalAndRate) {
  auto r = estimate_restore({{0, 1e9}, {60, 2e9}}, {{60, 10e9}}, {{60, 50e6}});
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(r->bytes, 2e9);
  EXPECT_DOUBLE_EQ(*r->percent, 20);
  EXPECT_DOUBLE_EQ(r->bytes_per_second, 50e6);
  EXPECT_DOUBLE_EQ(*r->eta_seconds, 160);
  // No total (no Content-Length): no percent, no ETA.
  auto nt = estimate_restore({{60, 2e9}}, {}, {{60, 50e6}});
  ASSERT_TRUE(nt);
  EXPECT_FALSE(nt->percent);
  EXPECT_FALSE(nt->eta_seconds);
  // Zero rate: no ETA.
  EXPECT_FALSE(estimate_restore({{60, 2e9}}, {{60, 10e9}}, {{60, 0}})->eta_seconds);
  // Finished or never started: nothing to show.
  EXPECT_FALSE(estimate_restore({{60, 10e9}}, {{60, 10e9}}, {{60, 1}}));
  EXPECT_FALSE(estimate_restore({}, {}, {}));
}

TEST(SyncProgress, EtaText) {
  EXPECT_EQ(format_eta(std::nullopt), "-");
  EXPECT_EQ(format_eta(35), "35s");
  EXPECT_EQ(format_eta(250), "4m10s");
  EXPECT_EQ(format_eta(3720), "1h02m");
  EXPECT_EQ(format_eta(0), "0s");
}

}  // namespace
}  // namespace snr::deploy
