/// The evhttp server answers real HTTP requests on 127.0.0.1.

#include "agent/run/health_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include "util/error.h"

namespace snr::agent {
namespace {

TEST(HealthServer, ServesTheSnapshotItIsGiven) {
  HealthServer server("127.0.0.1", 0);
  ASSERT_NE(server.port(), 0);
  server.start();
  httplib::Client c("127.0.0.1", server.port());
  auto r = c.Get("/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_NE(r->body.find("starting"), std::string::npos);

  server.update({200, R"({"status":"synced"})", "stacks_tip_height 5\n"});
  r = c.Get("/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  EXPECT_NE(r->body.find("synced"), std::string::npos);
  r = c.Get("/metrics");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "stacks_tip_height 5\n");
  r = c.Get("/nope");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  r = c.Post("/health", "x", "text/plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  server.stop();
  EXPECT_FALSE(c.Get("/health"));  // really stopped listening? (connection refused or reset)
}

TEST(HealthServer, APortInUseIsAClearFailure) {
  HealthServer first("127.0.0.1", 0);
  try {
    HealthServer second("127.0.0.1", first.port());
    FAIL();
  } catch (const Failure& e) {
    EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(first.port())),
              std::string::npos);
  }
}

TEST(HealthServer, ListenAddressParsing) {
  EXPECT_EQ(parse_listen_address("0.0.0.0:20445", "--health-listen"),
            (std::pair<std::string, std::uint16_t>{"0.0.0.0", 20445}));
  EXPECT_EQ(parse_listen_address(":8080", "--health-listen").first, "0.0.0.0");
  EXPECT_EQ(parse_listen_address("[::1]:1", "--health-listen").first, "::1");
  EXPECT_THROW(parse_listen_address("localhost", "--health-listen"), UserError);
  EXPECT_THROW(parse_listen_address("a:70000", "--health-listen"), UserError);
}

}  // namespace
}  // namespace snr::agent
