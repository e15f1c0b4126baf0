#include "net/backoff.h"

#include <gtest/gtest.h>

namespace snr::net {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, DoublesFromTheBaseUpToTheCap) {
  Backoff b{milliseconds(100), milliseconds(1000)};
  EXPECT_EQ(exponential_delay(b, 0), milliseconds(100));  // 0 counts as the first retry
  EXPECT_EQ(exponential_delay(b, 1), milliseconds(100));
  EXPECT_EQ(exponential_delay(b, 2), milliseconds(200));
  EXPECT_EQ(exponential_delay(b, 4), milliseconds(800));
  EXPECT_EQ(exponential_delay(b, 5), milliseconds(1000));
  EXPECT_EQ(exponential_delay(b, 4000000000u), milliseconds(1000));  // no overflow
}

TEST(Backoff, FullJitterSpansZeroToTheDelay) {
  EXPECT_EQ(full_jitter(milliseconds(1000), 0.0), milliseconds(0));
  EXPECT_EQ(full_jitter(milliseconds(1000), 0.5), milliseconds(500));
  EXPECT_EQ(full_jitter(milliseconds(1000), 1.0), milliseconds(1000));
  EXPECT_EQ(full_jitter(milliseconds(1000), 7.0), milliseconds(1000));  // clamped
  EXPECT_EQ(full_jitter(milliseconds(1000), -1.0), milliseconds(0));
}

TEST(Backoff, EqualJitterSpansHalfToTheDelay) {
  EXPECT_EQ(equal_jitter(milliseconds(1000), 0.0), milliseconds(500));
  EXPECT_EQ(equal_jitter(milliseconds(1000), 0.5), milliseconds(750));
  EXPECT_EQ(equal_jitter(milliseconds(1000), 1.0), milliseconds(1000));
  EXPECT_EQ(equal_jitter(milliseconds(1001), 0.0), milliseconds(500));
  EXPECT_EQ(equal_jitter(milliseconds(1), 0.0), milliseconds(1));
}

TEST(Backoff, RetryableStatuses) {
  for (long s : {408L, 425L, 429L, 500L, 502L, 503L, 504L, 599L})
    EXPECT_TRUE(is_retryable_status(s)) << s;
  for (long s : {200L, 206L, 301L, 400L, 403L, 404L, 410L, 416L, 600L})
    EXPECT_FALSE(is_retryable_status(s)) << s;
}

TEST(JitterSource, DrawsSpreadNumbersInTheUnitInterval) {
  JitterSource a;
  JitterSource b;
  int low = 0;
  int differ = 0;
  for (int i = 0; i < 1000; ++i) {
    double x = a.next();
    ASSERT_GE(x, 0.0);
    ASSERT_LT(x, 1.0);
    if (x < 0.5) ++low;
    if (x != b.next()) ++differ;
  }
  EXPECT_GT(low, 400);  // about half below 0.5
  EXPECT_LT(low, 600);
  EXPECT_GT(differ, 990);  // two sources are seeded apart
}

}  // namespace
}  // namespace snr::net
