#include "deploy/stacks_version.h"

#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include "support/config_fixtures.h"
#include "util/error.h"

namespace snr::deploy {
namespace {

using snr::testing::kMinimalEnv;
using snr::testing::valid_config;
using ::testing::HasSubstr;

class FixedReleases : public ReleaseSource {
 public:
  explicit FixedReleases(std::string tag) : tag_(std::move(tag)) {}
  std::string latest_tag() override {
    ++asked;
    return tag_;
  }
  int asked = 0;

 private:
  std::string tag_;
};

TEST(ResolveVersion, PinnedLatestKeptAndUpgraded) {
  auto pinned = valid_config(std::string(kMinimalEnv) + "STACKS_VERSION=4.0.1\n");
  FixedReleases gh("4.0.9");
  EXPECT_EQ(resolve_stacks_version(pinned, "4.0.2", false, gh).tag, "4.0.1");
  EXPECT_EQ(gh.asked, 0);

  auto latest = valid_config(kMinimalEnv);
  auto fresh = resolve_stacks_version(latest, std::nullopt, false, gh);
  EXPECT_EQ(fresh.tag, "4.0.9");
  EXPECT_EQ(gh.asked, 1);
  // A running node is never upgraded silently.
  auto kept = resolve_stacks_version(latest, "4.0.2", false, gh);
  EXPECT_EQ(kept.tag, "4.0.2");
  EXPECT_THAT(kept.why, HasSubstr("--upgrade"));
  EXPECT_EQ(resolve_stacks_version(latest, "4.0.2", true, gh).tag, "4.0.9");

  OfflineReleases offline;
  auto off = resolve_stacks_version(latest, std::nullopt, false, offline);
  EXPECT_EQ(off.tag, "4.0.2");
  EXPECT_THAT(off.why, HasSubstr("tested with"));
}

TEST(ResolveVersion, LatestBelowTheFloorOrMalformedIsRefused) {
  auto latest = valid_config(kMinimalEnv);
  FixedReleases old("4.0.0");
  EXPECT_THAT([&] { resolve_stacks_version(latest, std::nullopt, false, old); },
              ::testing::ThrowsMessage<Failure>(HasSubstr("4.0.1")));
  FixedReleases odd("signer-3.4.0.0.4.0");
  EXPECT_THROW(resolve_stacks_version(latest, std::nullopt, false, odd), Failure);
}

/// GitHub's releases API, locally.
class FakeGithub {
 public:
  FakeGithub() {
    server_.Get("/repos/stacks-network/stacks-core/releases/latest",
                [this](const httplib::Request& req, httplib::Response& res) {
                  user_agent = req.get_header_value("User-Agent");
                  res.status = status;
                  res.set_content(body, "application/json");
                });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running())
      std::this_thread::yield();  // already bound: bounded by the thread start
  }
  ~FakeGithub() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int status = 200;
  std::string body = R"({"tag_name": "4.0.3", "name": "Release 4.0.3", "draft": false})";
  std::string user_agent;

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

TEST(GithubReleases, ReadsTagNameAndExplainsFailures) {
  FakeGithub gh;
  GithubReleases releases(gh.url() + "/");
  EXPECT_EQ(releases.latest_tag(), "4.0.3");
  EXPECT_THAT(gh.user_agent, HasSubstr("snr/"));

  gh.status = 403;
  EXPECT_THAT([&] { releases.latest_tag(); },
              ::testing::ThrowsMessage<Failure>(HasSubstr("HTTP 403")));
  gh.status = 200;
  gh.body = "{}";
  EXPECT_THAT([&] { releases.latest_tag(); },
              ::testing::ThrowsMessage<Failure>(HasSubstr("STACKS_VERSION")));
  GithubReleases nowhere("http://127.0.0.1:1");
  EXPECT_THROW(nowhere.latest_tag(), Failure);
}

}  // namespace
}  // namespace snr::deploy
