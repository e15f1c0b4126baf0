#include "aws/time.h"

#include <gtest/gtest.h>

namespace snr::aws {
namespace {

Timestamp at(long long seconds) {
  return Timestamp(std::chrono::seconds(seconds));
}

TEST(Iso8601, FormatsUtcWithOptionalMilliseconds) {
  EXPECT_EQ(format_iso8601(at(0)), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_iso8601(at(1700000000) + std::chrono::milliseconds(250)),
            "2023-11-14T22:13:20.250Z");
}

TEST(Iso8601, ParsesTheShapesAwsSends) {
  EXPECT_EQ(parse_iso8601("2023-11-14T22:13:20Z"), at(1700000000));
  EXPECT_EQ(parse_iso8601("2023-11-14T22:13:20.250Z"),
            at(1700000000) + std::chrono::milliseconds(250));
  EXPECT_EQ(parse_iso8601("2023-11-14T22:13:20.123456+00:00"),
            at(1700000000) + std::chrono::microseconds(123456));
  EXPECT_EQ(parse_iso8601("2023-11-15T00:13:20+02:00"), at(1700000000));
  EXPECT_EQ(parse_iso8601("2023-11-14 22:13:20"), at(1700000000));
}

TEST(Iso8601, RejectsGarbage) {
  EXPECT_FALSE(parse_iso8601(""));
  EXPECT_FALSE(parse_iso8601("2023-13-14T22:13:20Z"));
  EXPECT_FALSE(parse_iso8601("2023-11-14T22:13:20X"));
  EXPECT_FALSE(parse_iso8601("yesterday"));
}

TEST(HttpDate, ParsesRfc1123) {
  EXPECT_EQ(parse_http_date("Tue, 14 Nov 2023 22:13:20 GMT"), at(1700000000));
  EXPECT_FALSE(parse_http_date("14 Nov 2023"));
}

TEST(EpochSeconds, KeepsFractions) {
  EXPECT_EQ(from_epoch_seconds(1700000000.5), at(1700000000) + std::chrono::milliseconds(500));
}

}  // namespace
}  // namespace snr::aws
