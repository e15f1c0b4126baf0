/// The bounded, backing-off metrics buffer: no data lost in outages shorter
/// than the buffer, oldest dropped beyond it, invalid batches do not block.

#include "agent/run/publisher.h"

#include <gtest/gtest.h>

#include "aws/error.h"
#include "fake_clock.h"

namespace snr::agent {
namespace {

using std::chrono::seconds;

/// Records batches; fails while `outage` is set.
class FakeSink final : public MetricsSink {
 public:
  enum class Mode { ok, transport, throttled, invalid };
  Mode mode = Mode::ok;
  std::vector<std::vector<aws::MetricDatum>> batches;
  int calls = 0;
  void put(const std::vector<aws::MetricDatum>& batch) override {
    ++calls;
    switch (mode) {
      case Mode::ok:
        batches.push_back(batch);
        return;
      case Mode::transport:
        throw aws::TransportError("connection refused", true);
      case Mode::throttled:
        throw aws::AwsError("CloudWatch", "Throttling", "Rate exceeded", 400);
      case Mode::invalid:
        throw aws::AwsError("CloudWatch", "InvalidParameterValue", "bad value", 400);
    }
  }
  std::vector<double> values() const {
    std::vector<double> v;
    for (const auto& b : batches)
      for (const auto& d : b)
        v.push_back(d.value);
    return v;
  }
};

std::vector<aws::MetricDatum> datums(int first, int n) {
  std::vector<aws::MetricDatum> out;
  for (int i = 0; i < n; ++i) {
    aws::MetricDatum d;
    d.name = "stacks_tip_height";
    d.value = first + i;
    out.push_back(d);
  }
  return out;
}

TEST(Publisher, SendsInBatchesOldestFirst) {
  FakeSink sink;
  testing::FakeClock clock;
  BufferedPublisher p(sink, clock, {100, 4, seconds(15), seconds(300)});
  p.add(datums(0, 10));
  auto r = p.flush();
  EXPECT_EQ(r.sent, 10u);
  EXPECT_EQ(sink.batches.size(), 3u);  // 4 + 4 + 2
  EXPECT_EQ(sink.values(), (std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(p.pending(), 0u);
}

TEST(Publisher, AnOutageShorterThanTheBufferLosesNothing) {
  FakeSink sink;
  testing::FakeClock clock;
  BufferedPublisher p(sink, clock, {1000, 500, seconds(15), seconds(300)});
  sink.mode = FakeSink::Mode::transport;
  // 20 cycles of 10 datapoints, 30 s apart, AWS unreachable the whole time.
  for (int cycle = 0; cycle < 20; ++cycle) {
    p.add(datums(cycle * 10, 10));
    auto r = p.flush();
    EXPECT_EQ(r.sent, 0u);
    clock.advance(seconds(30));
  }
  EXPECT_EQ(p.pending(), 200u);
  EXPECT_EQ(p.dropped_total(), 0u);
  // Backoff: far fewer calls than cycles (15, 30, 60, 120, 240, 300 s ...).
  EXPECT_LT(sink.calls, 10);
  EXPECT_GE(sink.calls, 4);

  sink.mode = FakeSink::Mode::ok;
  clock.advance(seconds(300));
  p.add(datums(200, 10));
  auto r = p.flush();
  EXPECT_EQ(r.sent, 210u);
  std::vector<double> expected;
  for (int i = 0; i < 210; ++i)
    expected.push_back(i);
  EXPECT_EQ(sink.values(), expected);
}

TEST(Publisher, BackoffDefersAttemptsThenResetsAfterSuccess) {
  FakeSink sink;
  testing::FakeClock clock;
  BufferedPublisher p(sink, clock, {100, 500, seconds(15), seconds(60)});
  sink.mode = FakeSink::Mode::throttled;
  p.add(datums(0, 1));
  EXPECT_FALSE(p.flush().error.empty());
  EXPECT_EQ(sink.calls, 1);
  clock.advance(seconds(14));
  EXPECT_TRUE(p.flush().deferred);
  EXPECT_EQ(sink.calls, 1);
  clock.advance(seconds(1));
  p.flush();  // second failure: 30 s
  EXPECT_EQ(sink.calls, 2);
  clock.advance(seconds(29));
  EXPECT_TRUE(p.flush().deferred);
  clock.advance(seconds(1));
  sink.mode = FakeSink::Mode::ok;
  EXPECT_EQ(p.flush().sent, 1u);
  sink.mode = FakeSink::Mode::throttled;
  p.add(datums(1, 1));
  p.flush();
  clock.advance(seconds(15));  // back to the initial backoff
  sink.mode = FakeSink::Mode::ok;
  EXPECT_EQ(p.flush().sent, 1u);
}

TEST(Publisher, OverCapacityDropsTheOldest) {
  FakeSink sink;
  testing::FakeClock clock;
  BufferedPublisher p(sink, clock, {5, 500, seconds(15), seconds(60)});
  p.add(datums(0, 8));
  EXPECT_EQ(p.pending(), 5u);
  EXPECT_EQ(p.dropped_total(), 3u);
  p.flush();
  EXPECT_EQ(sink.values(), (std::vector<double>{3, 4, 5, 6, 7}));
}

TEST(Publisher, AnInvalidBatchIsDroppedNotRetriedForever) {
  FakeSink sink;
  testing::FakeClock clock;
  BufferedPublisher p(sink, clock, {100, 2, seconds(15), seconds(60)});
  p.add(datums(0, 2));
  sink.mode = FakeSink::Mode::invalid;
  auto r = p.flush();
  EXPECT_EQ(r.dropped, 2u);
  EXPECT_EQ(p.pending(), 0u);
  sink.mode = FakeSink::Mode::ok;
  p.add(datums(2, 1));
  EXPECT_EQ(p.flush().sent, 1u);  // no backoff after a drop
}

}  // namespace
}  // namespace snr::agent
