// snapshot-prepare / snapshot-done against a fake host: what they run, in which
// order, the thaw timer armed before anything stops, restart on every failure.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "agent/snapshot_freeze.h"
#include "util/error.h"

namespace snr::agent {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class FreezeHost final : public HostOps {
 public:
  std::vector<std::string> ran;
  std::string fail_on;  ///< a command line that exits 1

  bool exists(const fs::path&) override { return false; }
  std::optional<std::string> read_file(const fs::path&) override { return std::nullopt; }
  std::optional<fs::path> resolve_device(const fs::path&) override { return std::nullopt; }
  BlockDeviceInfo blkid(const fs::path&) override { return {}; }
  bool is_mounted(const fs::path&) override { return true; }
  bool user_exists(const std::string&) override { return true; }
  fs::path host_path(const fs::path& p) const override { return p; }
  void create_system_user(const std::string&, const fs::path&) override {}
  void make_dir(const fs::path&, mode_t, const Owner&) override {}
  void write_file(const fs::path&, std::string_view, mode_t, const Owner&) override {}
  void set_owner(const fs::path&, const Owner&, bool) override {}
  void symlink(const fs::path&, const fs::path&) override {}
  void make_xfs(const fs::path&, const std::string&) override {}
  void mount(const fs::path&) override {}
  CommandOutput run(const std::vector<std::string>& argv, CommandKind) override {
    std::string line;
    for (const auto& a : argv) line += (line.empty() ? "" : " ") + a;
    ran.push_back(line);
    if (line == fail_on) return {1, "", "boom"};
    return {0, "", ""};
  }
  bool step(const std::string&) override { return true; }
  bool dry_run() const override { return false; }
  const std::vector<std::string>& plan() const override { return ran; }
};

NodeFacts freeze_facts() { return {"3.1.0.0.7", 900, 870000}; }

class FreezeClock final : public Clock {
 public:
  SystemTime t{};
  SystemTime now() const override { return t; }
};

TEST(SnapshotFreeze, PrepareArmsTheThawTimerThenStopsNodeAndSignerThenSyncs) {
  FreezeHost host;
  FreezeOptions o;
  o.signer = true;
  std::string out = snapshot_prepare(host, o, freeze_facts);
  EXPECT_THAT(host.ran,
              ElementsAre("systemctl stop snr-snapshot-thaw.timer",
                          "systemd-run --unit=snr-snapshot-thaw --on-active=600 "
                          "--timer-property=AccuracySec=1s /bin/systemctl start "
                          "stacks-signer.service stacks-node.service",
                          "systemctl stop stacks-node.service",
                          "systemctl stop stacks-signer.service", "sync -f /var/lib/stacks"));
  EXPECT_EQ(nlohmann::json::parse(out),
            (nlohmann::json{{"stacks_version", "3.1.0.0.7"},
                            {"tip_height", 900},
                            {"burn_height", 870000}}));
}

TEST(SnapshotFreeze, AFollowerHasNoSigner) {
  FreezeHost host;
  snapshot_prepare(host, {}, freeze_facts);
  EXPECT_EQ(host.ran[1],
            "systemd-run --unit=snr-snapshot-thaw --on-active=600 "
            "--timer-property=AccuracySec=1s /bin/systemctl start stacks-node.service");
  EXPECT_EQ(host.ran[2], "systemctl stop stacks-node.service");
  EXPECT_EQ(host.ran.size(), 4u);
}

TEST(SnapshotFreeze, AFailedStopStartsAgainWhatWasStopped) {
  FreezeHost host;
  host.fail_on = "systemctl stop stacks-signer.service";
  FreezeOptions o;
  o.signer = true;
  EXPECT_THROW(snapshot_prepare(host, o, freeze_facts), Failure);
  EXPECT_EQ(host.ran.back(), "systemctl start stacks-node.service");
}

TEST(SnapshotFreeze, ANodeThatDoesNotAnswerIsNotStopped) {
  FreezeHost host;
  EXPECT_THROW(snapshot_prepare(host, {},
                                []() -> NodeFacts { throw Failure("node RPC unreachable"); }),
               Failure);
  EXPECT_TRUE(host.ran.empty());
}

TEST(SnapshotFreeze, DoneCancelsTheTimerAndStartsSignerBeforeNode) {
  FreezeHost host;
  FreezeClock clock;
  FreezeOptions o;
  o.signer = true;
  snapshot_done(host, o, std::chrono::seconds(0), [] { return true; }, clock,
                [](std::chrono::milliseconds) {});
  EXPECT_THAT(host.ran, ElementsAre("systemctl stop snr-snapshot-thaw.timer",
                                    "systemctl start stacks-signer.service",
                                    "systemctl start stacks-node.service"));
}

TEST(SnapshotFreeze, DoneWaitsForHealthAndFailsAtTheDeadline) {
  FreezeHost host;
  FreezeClock clock;
  int polls = 0;
  auto sleep = [&](std::chrono::milliseconds d) { clock.t += d; };
  snapshot_done(host, {}, std::chrono::seconds(60), [&] { return ++polls >= 3; }, clock, sleep);
  EXPECT_EQ(polls, 3);
  try {
    snapshot_done(host, {}, std::chrono::seconds(20), [] { return false; }, clock, sleep);
    FAIL() << "no throw";
  } catch (const Failure& e) {
    EXPECT_THAT(e.what(), HasSubstr("did not report healthy within 20 s"));
  }
}

TEST(SnapshotFreeze, VersionOfServerVersion) {
  EXPECT_EQ(version_of("stacks-node 3.1.0.0.7 (release/3.1.0.0.7:abc, release build, linux "
                       "[x86_64])"),
            "3.1.0.0.7");
  EXPECT_EQ(version_of("4.0.2"), "4.0.2");
}

}  // namespace
}  // namespace snr::agent
