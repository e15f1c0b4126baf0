// IMDSv2 against a local fake that enforces session tokens.

#include "aws/imds.h"

#include <atomic>

#include <gtest/gtest.h>

#include "aws/context.h"
#include "support/local_server.h"
#include "util/error.h"

namespace snr::aws {
namespace {

struct FakeImds {
  snr::test::LocalServer s;
  std::string token = "token-1";
  std::atomic<int> token_requests{0};
  std::string ttl_seen;
  std::string role = "snr-node-role";
  bool v1_only = false;
  bool huge = false;

  FakeImds() {
    s.server.Put("/latest/api/token", [this](const httplib::Request& req, httplib::Response& res) {
      if (v1_only) {
        res.status = 403;
        return;
      }
      ttl_seen = req.get_header_value("X-aws-ec2-metadata-token-ttl-seconds");
      if (ttl_seen.empty()) {
        res.status = 400;
        return;
      }
      ++token_requests;
      res.set_content(token, "text/plain");
    });
    s.server.Get(R"(/latest/meta-data/(.*))", [this](const httplib::Request& req,
                                                     httplib::Response& res) {
      if (req.get_header_value("X-aws-ec2-metadata-token") != token) {
        res.status = 401;
        return;
      }
      std::string path = req.matches[1];
      if (path == "instance-id")
        return res.set_content(huge ? std::string(100'000, 'i') : "i-0abc", "text/plain");
      if (path == "placement/region") return res.set_content("eu-west-1", "text/plain");
      if (path == "placement/availability-zone") return res.set_content("eu-west-1b", "text/plain");
      if (path == "iam/security-credentials/" && !role.empty()) {
        return res.set_content(role, "text/plain");
      }
      if (path == "iam/security-credentials/" + role && !role.empty()) {
        return res.set_content(
            R"({"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"ASIAIMDS","SecretAccessKey":"sk",)"
            R"("Token":"tok","Expiration":"2099-01-01T00:00:00Z"})",
            "text/plain");
      }
      res.status = 404;
    });
    s.start();
  }
  ImdsOptions options() {
    ImdsOptions o;
    o.endpoint = s.url();
    return o;
  }
};

TEST(Imds, ReadsInstanceFactsWithOneToken) {
  FakeImds f;
  ImdsClient c(f.options());
  EXPECT_EQ(c.instance_id(), "i-0abc");
  EXPECT_EQ(c.region(), "eu-west-1");
  EXPECT_EQ(c.availability_zone(), "eu-west-1b");
  EXPECT_EQ(f.token_requests, 1);
  EXPECT_EQ(f.ttl_seen, "21600");
}

TEST(Imds, AnAnswerOverItsCapIsRefusedNamingTheCap) {
  FakeImds f;
  f.huge = true;
  try {
    ImdsClient(f.options()).instance_id();
    FAIL() << "a 100 kB instance id was accepted";
  } catch (const Failure& e) {
    EXPECT_NE(std::string(e.what()).find("larger than 65536 bytes"), std::string::npos) << e.what();
  }
}

TEST(Imds, RoleCredentials) {
  FakeImds f;
  Credentials cr = ImdsClient(f.options()).role_credentials();
  EXPECT_EQ(cr.access_key_id, "ASIAIMDS");
  EXPECT_EQ(cr.session_token, "tok");
  EXPECT_EQ(cr.source, "EC2 instance role snr-node-role");
  ASSERT_TRUE(cr.expiration.has_value());
}

TEST(Imds, ARejectedTokenIsRenewedOnce) {
  FakeImds f;
  ImdsClient c(f.options());
  EXPECT_EQ(c.instance_id(), "i-0abc");
  f.token = "token-2";  // the old one no longer works
  EXPECT_EQ(c.region(), "eu-west-1");
  EXPECT_EQ(f.token_requests, 2);
}

TEST(Imds, TokenExpiryFollowsTheClock) {
  FakeImds f;
  ImdsOptions o = f.options();
  Timestamp now{};
  o.now = [&] { return now; };
  o.token_ttl = std::chrono::seconds(120);
  ImdsClient c(o);
  c.instance_id();
  now += std::chrono::seconds(30);
  c.instance_id();
  EXPECT_EQ(f.token_requests, 1);
  now += std::chrono::seconds(60);  // within a minute of expiry: renew
  c.instance_id();
  EXPECT_EQ(f.token_requests, 2);
}

TEST(Imds, NoRoleAttached) {
  FakeImds f;
  f.role.clear();
  try {
    ImdsClient(f.options()).role_credentials();
    FAIL();
  } catch (const Failure& e) {
    EXPECT_NE(std::string(e.what()).find("no IAM role is attached"), std::string::npos);
  }
}

TEST(Imds, TokensAreRequired) {
  FakeImds f;
  f.v1_only = true;
  try {
    ImdsClient(f.options()).instance_id();
    FAIL();
  } catch (const Failure& e) {
    EXPECT_NE(std::string(e.what()).find("IMDSv2 is required"), std::string::npos);
  }
}

TEST(Imds, EndpointFromEnvironment) {
  EXPECT_EQ(imds_endpoint({}), "http://169.254.169.254");
  EXPECT_EQ(imds_endpoint({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:8080/"}}),
            "http://127.0.0.1:8080");
  EXPECT_EQ(imds_endpoint({{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"}}),
            "http://[fd00:ec2::254]");
}

TEST(Imds, CredentialChainFallsBackToTheInstanceRole) {
  FakeImds f;
  util::Environment env{{"HOME", "/nonexistent"},
                        {"AWS_EC2_METADATA_SERVICE_ENDPOINT", f.s.url()},
                        {"AWS_REGION", "eu-west-1"}};
  AwsContext ctx = make_context({}, env);
  EXPECT_EQ(f.token_requests, 0);  // nothing happens before the first use
  Credentials cr = ctx.credentials->get();
  EXPECT_EQ(cr.access_key_id, "ASIAIMDS");
  EXPECT_EQ(cr.session_token, "tok");
  ctx.credentials->get();  // cached
  EXPECT_EQ(f.token_requests, 1);

  env["AWS_EC2_METADATA_DISABLED"] = "true";
  EXPECT_THROW(make_context({}, env).credentials->get(), UserError);
  EXPECT_EQ(f.token_requests, 1);
}

}  // namespace
}  // namespace snr::aws
