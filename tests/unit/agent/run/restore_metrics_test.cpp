#include "agent/run/restore_metrics.h"

#include <gtest/gtest.h>

#include "contract/metrics.h"
#include "fake_clock.h"

namespace snr::agent {
namespace {

namespace m = contract::metrics;

struct RecordingSink final : MetricsSink {
  std::vector<std::vector<aws::MetricDatum>> batches;
  void put(const std::vector<aws::MetricDatum>& b) override { batches.push_back(b); }
};

double value(const std::vector<aws::MetricDatum>& b, std::string_view name) {
  for (const auto& d : b)
    if (d.name == name) return d.value;
  return -1;
}

TEST(RestoreMetrics, BytesTotalAndRateThrottledThenDone) {
  testing::FakeClock clock;
  RecordingSink sink;
  BufferedPublisher pub(sink, clock);
  RestoreMetricsSink rs(pub, clock, {{"InstanceId"}}, {{"InstanceId", "i-1"}},
                        std::chrono::seconds(30));
  restore::RestoreProgress p;
  p.phase = restore::RestorePhase::downloading;
  p.downloaded_bytes = 1000;
  p.total_bytes = 10000;
  p.bytes_per_second = 100;
  rs.on_progress(p);  // the first one goes out at once
  ASSERT_EQ(sink.batches.size(), 1u);
  EXPECT_EQ(value(sink.batches[0], m::kRestoreBytes), 1000);
  EXPECT_EQ(value(sink.batches[0], m::kRestoreTotalBytes), 10000);
  EXPECT_EQ(value(sink.batches[0], m::kRestoreBytesPerSecond), 100);
  EXPECT_EQ(sink.batches[0][0].dimensions.at(0).value, "i-1");

  clock.advance(std::chrono::seconds(10));
  p.downloaded_bytes = 2000;
  rs.on_progress(p);  // queued, not sent yet
  EXPECT_EQ(sink.batches.size(), 1u);
  clock.advance(std::chrono::seconds(25));
  p.downloaded_bytes = 5000;
  rs.on_progress(p);
  ASSERT_EQ(sink.batches.size(), 2u);
  EXPECT_EQ(sink.batches[1].size(), 6u);  // both snapshots, oldest first

  p.phase = restore::RestorePhase::done;
  p.downloaded_bytes = 9990;  // the server's size was a little off: done is done
  clock.advance(std::chrono::seconds(1));
  rs.on_progress(p);
  ASSERT_EQ(sink.batches.size(), 3u);
  EXPECT_EQ(value(sink.batches[2], m::kRestoreTotalBytes), 9990);
}

TEST(RestoreMetrics, NoTotalWithoutContentLength) {
  restore::RestoreProgress p;
  p.downloaded_bytes = 5;
  auto ms = restore_measurements(p);
  for (const auto& x : ms)
    EXPECT_NE(x.name, m::kRestoreTotalBytes);
  EXPECT_EQ(ms.size(), 2u);
}

}  // namespace
}  // namespace snr::agent
