#include "net/download.h"

#include <gtest/gtest.h>

namespace snr::net {
namespace {

TEST(ContentRange, Parses) {
  auto cr = parse_content_range("bytes 100-199/1000");
  ASSERT_TRUE(cr);
  EXPECT_EQ(cr->first, 100u);
  EXPECT_EQ(cr->last, 199u);
  EXPECT_EQ(cr->total, 1000u);
  auto star = parse_content_range("bytes 0-9/*");
  ASSERT_TRUE(star);
  EXPECT_FALSE(star->total);
  EXPECT_FALSE(parse_content_range("bytes 10-9/100"));
  EXPECT_FALSE(parse_content_range("bytes 0-99/99"));
  EXPECT_FALSE(parse_content_range("items 0-9/10"));
  EXPECT_FALSE(parse_content_range("bytes */100"));
  EXPECT_FALSE(parse_content_range("bytes 1-x/100"));
}

RemoteObject first_response() {
  RemoteObject o;
  o.size = 1000;
  o.etag = "\"v1\"";
  o.last_modified = "Mon, 01 Jan 2024 00:00:00 GMT";
  return o;
}

HeaderMap resumed(const std::string& range, const std::string& etag = "\"v1\"",
                  const std::string& lm = "Mon, 01 Jan 2024 00:00:00 GMT") {
  HeaderMap h{{"content-range", range}};
  if (!etag.empty()) h["etag"] = etag;
  if (!lm.empty()) h["last-modified"] = lm;
  return h;
}

TEST(ResumedResponse, AcceptsTheMatchingPartialContent) {
  EXPECT_NO_THROW(
      check_resumed_response(206, resumed("bytes 400-999/1000"), 400, first_response()));
}

TEST(ResumedResponse, RefusesAServerThatIgnoredTheRange) {
  EXPECT_THROW(check_resumed_response(200, resumed("bytes 0-999/1000"), 400, first_response()),
               Failure);
  EXPECT_THROW(check_resumed_response(206, {}, 400, first_response()), Failure);
  EXPECT_THROW(check_resumed_response(206, resumed("bytes 0-999/1000"), 400, first_response()),
               Failure);
}

TEST(ResumedResponse, DetectsAChangedObject) {
  EXPECT_THROW(
      check_resumed_response(206, resumed("bytes 400-999/1000", "\"v2\""), 400, first_response()),
      ObjectChanged);
  EXPECT_THROW(check_resumed_response(206, resumed("bytes 400-1099/1100"), 400, first_response()),
               ObjectChanged);
  EXPECT_THROW(check_resumed_response(
                   206, resumed("bytes 400-999/1000", "\"v1\"", "Tue, 02 Jan 2024 00:00:00 GMT"),
                   400, first_response()),
               ObjectChanged);
  EXPECT_THROW(check_resumed_response(416, {}, 400, first_response()), ObjectChanged);
  EXPECT_THROW(check_resumed_response(412, {}, 400, first_response()), ObjectChanged);
}

TEST(Retry, StatusesAndBackoff) {
  EXPECT_TRUE(is_retryable_status(503));
  EXPECT_TRUE(is_retryable_status(429));
  EXPECT_FALSE(is_retryable_status(404));
  EXPECT_FALSE(is_retryable_status(403));
  DownloadPolicy p;
  p.initial_backoff = std::chrono::milliseconds(100);
  p.max_backoff = std::chrono::milliseconds(1000);
  EXPECT_EQ(backoff_delay(p, 1).count(), 100);
  EXPECT_EQ(backoff_delay(p, 2).count(), 200);
  EXPECT_EQ(backoff_delay(p, 4).count(), 800);
  EXPECT_EQ(backoff_delay(p, 5).count(), 1000);
  EXPECT_EQ(backoff_delay(p, 60).count(), 1000);
}

}  // namespace
}  // namespace snr::net
