#include "aws/retry.h"

#include <gtest/gtest.h>

#include "aws/sts.h"
#include "fake_transport.h"

namespace snr::aws {
namespace {

using namespace std::chrono_literals;
using test::FakeServer;

constexpr const char* kIdentity =
    "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>1</Account><Arn>arn</Arn>"
    "<UserId>u</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>";

std::string error_xml(const std::string& code) {
  return "<ErrorResponse><Error><Code>" + code +
         "</Code><Message>m</Message></Error></ErrorResponse>";
}

TEST(Backoff, FullJitterExponentialCappedAt20s) {
  RetryPolicy p;  // SDK standard: base 1 s, cap 20 s
  EXPECT_EQ(backoff_delay(p, 1, 0.0), 0ms);
  EXPECT_EQ(backoff_delay(p, 1, 0.999), 999ms);  // [0, 1 s)
  EXPECT_EQ(backoff_delay(p, 2, 0.5), 1000ms);   // [0, 2 s)
  EXPECT_EQ(backoff_delay(p, 3, 1.0), 4000ms);   // [0, 4 s]
  EXPECT_EQ(backoff_delay(p, 5, 1.0), 16000ms);
  EXPECT_EQ(backoff_delay(p, 6, 1.0), 20000ms);  // capped
  EXPECT_EQ(backoff_delay(p, 30, 0.25), 5000ms);
}

TEST(Backoff, RealHooksStayWithinBounds) {
  RetryHooks h = default_retry_hooks();
  RetryPolicy p;
  for (int i = 0; i < 200; ++i) {
    double r = h.random();
    ASSERT_GE(r, 0.0);
    ASSERT_LT(r, 1.0);
    auto d = backoff_delay(p, 2, r);
    ASSERT_GE(d, 0ms);
    ASSERT_LT(d, 2000ms);
  }
}

TEST(RetryQuota, CostsAndRefunds) {
  RetryQuota q(12);
  EXPECT_TRUE(q.acquire(false));  // 5
  EXPECT_EQ(q.available(), 7);
  EXPECT_FALSE(q.acquire(true));  // 10 > 7: refused, nothing taken
  EXPECT_EQ(q.available(), 7);
  q.release(5);
  EXPECT_EQ(q.available(), 12);
  q.release(0);  // success without retries: +1, capped
  EXPECT_EQ(q.available(), 12);
}

TEST(Retries, ThrottlingIsRetriedWithBackoffThenSucceeds) {
  auto s = std::make_shared<FakeServer>();
  s->reply(400, error_xml("Throttling"));
  s->reply(400, error_xml("RequestLimitExceeded"));
  s->reply_xml(kIdentity);
  EXPECT_EQ(StsClient(test::fake_context(s)).get_caller_identity().account, "1");
  EXPECT_EQ(s->requests.size(), 3u);
  // random fixed at 0.5: 0.5 * 1 s, then 0.5 * 2 s.
  EXPECT_EQ(s->sleeps, (std::vector<std::chrono::milliseconds>{500ms, 1000ms}));
}

TEST(Retries, StopAfterMaxAttemptsAndThrowTheLastError) {
  auto s = std::make_shared<FakeServer>();
  for (int i = 0; i < 3; ++i)
    s->reply(503, error_xml("ServiceUnavailable"));
  try {
    StsClient(test::fake_context(s)).get_caller_identity();
    FAIL() << "expected AwsError";
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code(), "ServiceUnavailable");
    EXPECT_EQ(e.http_status(), 503);
  }
  EXPECT_EQ(s->requests.size(), 3u);
  EXPECT_EQ(s->sleeps.size(), 2u);
}

TEST(Retries, ClientErrorsAreNotRetried) {
  for (const char* code : {"ValidationError", "AccessDenied", "SignatureDoesNotMatch"}) {
    auto s = std::make_shared<FakeServer>();
    s->reply(400, error_xml(code));
    EXPECT_THROW(StsClient(test::fake_context(s)).get_caller_identity(), AwsError) << code;
    EXPECT_EQ(s->requests.size(), 1u) << code;
    EXPECT_TRUE(s->sleeps.empty()) << code;
  }
}

TEST(Retries, TransientConnectionErrorsAreRetried) {
  auto s = std::make_shared<FakeServer>();
  s->fail("Connection refused", /*retryable=*/true);
  s->fail("Operation timed out", true, /*timeout=*/true);
  s->reply_xml(kIdentity);
  EXPECT_EQ(StsClient(test::fake_context(s)).get_caller_identity().arn, "arn");
  EXPECT_EQ(s->requests.size(), 3u);
}

TEST(Retries, PermanentTransportErrorsAreNot) {
  auto s = std::make_shared<FakeServer>();
  s->fail("SSL certificate problem", /*retryable=*/false);
  try {
    StsClient(test::fake_context(s)).get_caller_identity();
    FAIL() << "expected TransportError";
  } catch (const TransportError& e) {
    EXPECT_NE(std::string(e.what()).find("STS: SSL certificate problem"), std::string::npos);
  }
  EXPECT_EQ(s->requests.size(), 1u);
}

TEST(Retries, MaxAttemptsIsConfigurable) {
  auto s = std::make_shared<FakeServer>();
  s->reply(500, error_xml("InternalFailure"));
  AwsContext ctx = test::fake_context(s);
  ctx.retry.max_attempts = 1;
  EXPECT_THROW(StsClient(ctx).get_caller_identity(), AwsError);
  EXPECT_EQ(s->requests.size(), 1u);
}

TEST(Retries, AnExhaustedQuotaStopsRetrying) {
  auto s = std::make_shared<FakeServer>();
  AwsContext ctx = test::fake_context(s);
  ctx.retry.quota_capacity = 5;  // one retry's worth
  s->reply(500, error_xml("InternalFailure"));
  s->reply(500, error_xml("InternalFailure"));
  StsClient sts(ctx);
  EXPECT_THROW(sts.get_caller_identity(), AwsError);
  EXPECT_EQ(s->requests.size(), 2u);  // one retry, then the quota was empty
  s->reply(500, error_xml("InternalFailure"));
  EXPECT_THROW(sts.get_caller_identity(), AwsError);
  EXPECT_EQ(s->requests.size(), 3u);  // no retry at all
}

TEST(Retries, EachAttemptIsSignedWithSessionToken) {
  auto s = std::make_shared<FakeServer>();
  s->reply(500, error_xml("InternalFailure"));
  s->reply_xml(kIdentity);
  StsClient(test::fake_context(s, "tok")).get_caller_identity();
  for (const auto& r : s->requests) {
    ASSERT_TRUE(r.sigv4.has_value());
    EXPECT_EQ(r.sigv4->service, "sts");
    EXPECT_EQ(r.sigv4->region, "us-east-1");
    EXPECT_EQ(r.sigv4->access_key_id, "AKIDEXAMPLE");
    int tokens = 0;
    for (const auto& [k, v] : r.headers)
      tokens += (k == "X-Amz-Security-Token" && v == "tok");
    EXPECT_EQ(tokens, 1);
  }
}

}  // namespace
}  // namespace snr::aws
