// `snr agent upgrade` against the fixture stacks-node: a temporary root holds two
// installed releases (4.0.1 running, 4.0.2 the target; their markers make
// install_release keep them without a download), a HostOps that forwards to the rooted
// one and plays systemd for the fixture node (the node "runs" the version the
// /usr/local/bin link points at), and a fake clock the sleeper moves. Scenarios per
// version: works (synced, tip advancing), never syncs, crashes on start.

#include <fstream>
#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "agent/bootstrap/host_ops.h"
#include "agent/bootstrap/install_release.h"
#include "agent/run/node_rpc.h"
#include "agent/run/node_sample.h"
#include "agent/upgrade/compose.h"
#include "agent/upgrade/upgrade.h"
#include "agent/upgrade/upgrade_state.h"
#include "contract/metrics.h"
#include "contract/names.h"
#include "contract/settings_document.h"
#include "support/config_fixtures.h"
#include "support/fake_stacks_node.h"
#include "support/run_snr.h"
#include "support/temp_dir.h"

namespace snr::agent {
namespace {

using snr::testing::FakeStacksNode;
using ::testing::HasSubstr;
using ::testing::Not;

enum class Behaviour { works, never_syncs, crashes };

/// Thrown by the host to stand for the agent being killed (not a std::exception: the
/// upgrade must not catch it).
struct Killed {};

class FakeClock final : public Clock {
 public:
  SystemTime now() const override { return now_; }
  void advance(std::chrono::milliseconds d) { now_ += d; }

 private:
  SystemTime now_ = std::chrono::sys_days{std::chrono::year{2026} / 9 / 1};
};

/// The rooted HostOps with systemd played for the fixture node.
class FakeSystemdHost final : public HostOps {
 public:
  FakeSystemdHost(const fs::path& root, FakeStacksNode& node,
                  std::map<std::string, Behaviour> behaviours)
      : inner_(make_host_ops(HostMode::rooted, root)),
        root_(root),
        node_(node),
        behaviours_(std::move(behaviours)) {}

  std::string linked_version() const {
    return fs::read_symlink(root_ / "usr/local/bin/stacks-node").parent_path().filename();
  }
  /// The sleeper calls it: a working node's tip moves on.
  void tick() {
    if (running_ && behaviours_.at(running_version_) == Behaviour::works) node_.synced(++tip_);
  }
  std::vector<std::string> systemctl;  ///< every systemctl call, "stop stacks-node.service"
  std::string kill_at;                 ///< a systemctl call that "kills" the agent, once

  bool exists(const fs::path& p) override { return inner_->exists(p); }
  std::optional<std::string> read_file(const fs::path& p) override { return inner_->read_file(p); }
  std::optional<fs::path> resolve_device(const fs::path& l) override {
    return inner_->resolve_device(l);
  }
  BlockDeviceInfo blkid(const fs::path& d) override { return inner_->blkid(d); }
  bool is_mounted(const fs::path& m) override { return inner_->is_mounted(m); }
  bool user_exists(const std::string& n) override { return inner_->user_exists(n); }
  fs::path host_path(const fs::path& p) const override { return inner_->host_path(p); }
  void create_system_user(const std::string& n, const fs::path& h) override {
    inner_->create_system_user(n, h);
  }
  void make_dir(const fs::path& p, mode_t m, const Owner& o) override { inner_->make_dir(p, m, o); }
  void write_file(const fs::path& p, std::string_view c, mode_t m, const Owner& o) override {
    inner_->write_file(p, c, m, o);
  }
  void set_owner(const fs::path& p, const Owner& o, bool r) override { inner_->set_owner(p, o, r); }
  void symlink(const fs::path& t, const fs::path& l) override { inner_->symlink(t, l); }
  void make_xfs(const fs::path& d, const std::string& l) override { inner_->make_xfs(d, l); }
  void mount(const fs::path& m) override { inner_->mount(m); }
  bool step(const std::string& d) override { return inner_->step(d); }
  bool dry_run() const override { return false; }
  const std::vector<std::string>& plan() const override { return inner_->plan(); }

  CommandOutput run(const std::vector<std::string>& argv, CommandKind kind) override {
    if (argv.empty() || argv[0] != "systemctl") return inner_->run(argv, kind);
    std::string call;
    for (std::size_t i = 1; i < argv.size(); ++i)
      call += (i > 1 ? " " : "") + argv[i];
    if (!kill_at.empty() && call == kill_at) {
      kill_at.clear();
      throw Killed{};
    }
    systemctl.push_back(call);
    if (call == "stop stacks-node.service") {
      node_.stop();
      running_ = false;
    } else if (call == "start stacks-node.service") {
      running_version_ = linked_version();
      switch (behaviours_.at(running_version_)) {
        case Behaviour::works: node_.synced(tip_); break;
        case Behaviour::never_syncs: node_.syncing(tip_); break;
        case Behaviour::crashes: return {0, "", ""};  // starts, then exits at once
      }
      node_.start();
      running_ = true;
    } else if (call == "is-active --quiet stacks-node.service") {
      return {running_ ? 0 : 3, "", ""};
    }
    return {0, "", ""};
  }

 private:
  std::unique_ptr<HostOps> inner_;
  fs::path root_;
  FakeStacksNode& node_;
  std::map<std::string, Behaviour> behaviours_;
  bool running_ = false;
  std::string running_version_;
  std::uint64_t tip_ = 100;
};

/// An installed release: fake binaries whose check-config exits `check_exit`.
void install(const fs::path& root, const std::string& version, int check_exit = 0) {
  const fs::path dir = root / "opt/stacks" / version;
  fs::create_directories(dir);
  for (const char* b : {"stacks-node", "stacks-signer"}) {
    std::ofstream(dir / b) << "#!/bin/sh\nif [ \"$1\" = check-config ]; then\n"
                           << "  echo 'seed = \"" << std::string(64, 'f')
                           << "\" is not accepted by " << version << "' >&2\n  exit "
                           << check_exit << "\nfi\nexit 0\n";
    fs::permissions(dir / b, fs::perms(0755));
  }
  nlohmann::json marker = {{"version", version},
                           {"asset", release_asset(node::CpuType::x86_64)},
                           {"sha512", std::string(128, 'a')},
                           {"binaries", {"stacks-node", "stacks-signer"}}};
  std::ofstream(dir / ".snr-release.json") << marker.dump();
}

struct Fixture {
  snr::testing::TempDir root;
  FakeStacksNode node;
  FakeClock clock;
  std::unique_ptr<FakeSystemdHost> host;
  std::unique_ptr<NodeRpcClient> rpc;
  std::vector<std::string> log;

  explicit Fixture(std::map<std::string, Behaviour> b, int new_check_exit = 0) {
    install(root.path(), "4.0.1");
    install(root.path(), "4.0.2", new_check_exit);
    install(root.path(), "4.0.3");
    fs::create_directories(root.path() / "usr/local/bin");
    fs::create_directories(root.path() / "etc/stacks");
    fs::create_directories(root.path() / "var/lib/stacks");
    std::ofstream(root.path() / "etc/stacks/node.toml") << "[node]\n";
    fs::create_directories(root.path() / "etc/snr");
    std::ofstream(root.path() / "etc/snr/settings.json")
        << R"({"stacks_version": "4.0.1", "stack_name": "s"})";
    host = std::make_unique<FakeSystemdHost>(root.path(), node, std::move(b));
    link_release("/opt/stacks/4.0.1", {"stacks-node"}, *host);
    host->run({"systemctl", "start", "stacks-node.service"}, CommandKind::system);
    host->systemctl.clear();
    rpc = std::make_unique<NodeRpcClient>(node.url(), std::chrono::seconds(2));
  }

  UpgradeRequest request(const std::string& to = "4.0.2") const {
    UpgradeRequest r;
    r.to = to;
    r.mount_point = "/var/lib/stacks";
    r.gate_timeout = std::chrono::minutes(15);
    r.rollback_timeout = std::chrono::minutes(5);
    r.poll = std::chrono::seconds(30);
    r.host_glibc = "2.34";
    r.settings_file = "/etc/snr/settings.json";
    return r;
  }

  UpgradeResult upgrade(const std::string& to = "4.0.2") {
    UpgradeServices sv{*host,
                       clock,
                       [this](std::chrono::milliseconds d) {
                         clock.advance(d);
                         host->tick();
                       },
                       [this](const std::string& m) { log.push_back(m); },
                       [this] { return sample_node(*rpc, SampleOptions{false, {}}, clock); },
                       [](std::string t) { return scrub_config_secrets(std::move(t), ""); }};
    return run_agent_upgrade(request(to), sv);
  }

  std::optional<UpgradeState> state() { return load_upgrade_state(*host, "/var/lib/stacks"); }
};

TEST(AgentUpgrade, GatePassSwapsTheLinksAndKeepsThePreviousRelease) {
  Fixture f({{"4.0.1", Behaviour::works}, {"4.0.2", Behaviour::works}});
  UpgradeResult r = f.upgrade();
  EXPECT_EQ(r.outcome, UpgradeOutcome::upgraded) << r.reason;
  EXPECT_EQ(r.from, "4.0.1");
  EXPECT_EQ(r.health, "synced");
  EXPECT_TRUE(r.new_version_started);
  EXPECT_EQ(f.host->linked_version(), "4.0.2");
  EXPECT_TRUE(fs::exists(f.root.path() / "opt/stacks/4.0.1/stacks-node"));  // kept
  EXPECT_FALSE(f.state());                                                // record removed
  auto settings = nlohmann::json::parse(std::ifstream(f.root.path() / "etc/snr/settings.json"));
  EXPECT_EQ(settings["stacks_version"], "4.0.2");
  EXPECT_EQ(settings["stack_name"], "s");
  EXPECT_EQ(f.host->systemctl,
            (std::vector<std::string>{"stop stacks-node.service", "start stacks-node.service",
                                      "is-active --quiet stacks-node.service",
                                      "is-active --quiet stacks-node.service",
                                      "is-active --quiet stacks-node.service",
                                      "is-active --quiet stacks-node.service",
                                      "is-active --quiet stacks-node.service",
                                      "is-active --quiet stacks-node.service",
                                      "is-active --quiet stacks-node.service",
                                      "is-active --quiet stacks-node.service",
                                      "is-active --quiet stacks-node.service",
                                      "is-active --quiet stacks-node.service",
                                      "is-active --quiet stacks-node.service"}));
  // The node answered at the first sample after its start: no time passed in between.
  EXPECT_EQ(r.downtime_seconds, 0);
  const auto j = r.to_json();
  EXPECT_EQ(j.at("outcome"), "upgraded");
  EXPECT_EQ(j.at("from"), "4.0.1");
  EXPECT_EQ(j.at("to"), "4.0.2");
}

TEST(AgentUpgrade, NeverSyncingNodeTimesOutTheGateAndRollsBack) {
  Fixture f({{"4.0.1", Behaviour::works}, {"4.0.2", Behaviour::never_syncs}});
  UpgradeResult r = f.upgrade();
  EXPECT_EQ(r.outcome, UpgradeOutcome::rolled_back);
  EXPECT_THAT(r.reason, HasSubstr("did not pass within 900 s: syncing"));
  EXPECT_TRUE(r.new_version_started);  // the chainstate may carry its changes
  EXPECT_EQ(f.host->linked_version(), "4.0.1");
  EXPECT_FALSE(f.state());
  EXPECT_GE(r.downtime_seconds, 900);  // the gate's timeout, the old node back at once
  EXPECT_LE(r.downtime_seconds, 960);
  EXPECT_EQ(f.host->systemctl.back(), "start stacks-node.service");
  auto settings = nlohmann::json::parse(std::ifstream(f.root.path() / "etc/snr/settings.json"));
  EXPECT_EQ(settings["stacks_version"], "4.0.1");  // what runs
}

TEST(AgentUpgrade, SignerHostStopsAndStartsBothUnitsSignerFirst) {
  Fixture f({{"4.0.1", Behaviour::works}, {"4.0.2", Behaviour::works}});
  link_release("/opt/stacks/4.0.1", {"stacks-node", "stacks-signer"}, *f.host);
  std::ofstream(f.root.path() / "etc/stacks/signer.toml") << "node_host = \"x\"\n";
  UpgradeRequest req = f.request();
  req.signer = true;
  UpgradeServices sv{*f.host,
                     f.clock,
                     [&](std::chrono::milliseconds d) {
                       f.clock.advance(d);
                       f.host->tick();
                     },
                     {},
                     [&] { return sample_node(*f.rpc, SampleOptions{false, {}}, f.clock); },
                     {}};
  UpgradeResult r = run_agent_upgrade(req, sv);
  EXPECT_EQ(r.outcome, UpgradeOutcome::upgraded) << r.reason;
  ASSERT_GE(f.host->systemctl.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(f.host->systemctl.begin(), f.host->systemctl.begin() + 4),
            (std::vector<std::string>{"stop stacks-node.service", "stop stacks-signer.service",
                                      "start stacks-signer.service",
                                      "start stacks-node.service"}));
  EXPECT_EQ(fs::read_symlink(f.root.path() / "usr/local/bin/stacks-signer"),
            "/opt/stacks/4.0.2/stacks-signer");
}

TEST(AgentUpgrade, CrashOnTheNewVersionRollsBackAtTheNextPoll) {
  Fixture f({{"4.0.1", Behaviour::works}, {"4.0.2", Behaviour::crashes}});
  UpgradeResult r = f.upgrade();
  EXPECT_EQ(r.outcome, UpgradeOutcome::rolled_back);
  EXPECT_THAT(r.reason, HasSubstr("stacks-node.service is not active"));
  EXPECT_EQ(f.host->linked_version(), "4.0.1");
  EXPECT_EQ(r.downtime_seconds, 30);  // one poll, not the gate's 15 minutes
  EXPECT_EQ(r.to_json().at("outcome"), "rolled-back");
}

TEST(AgentUpgrade, RollbackThatDoesNotAnswerIsReportedAndKeptForARerun) {
  Fixture f({{"4.0.1", Behaviour::crashes}, {"4.0.2", Behaviour::crashes}});
  UpgradeResult r = f.upgrade();
  EXPECT_EQ(r.outcome, UpgradeOutcome::rollback_failed);
  EXPECT_THAT(r.reason, HasSubstr("did not answer within 300 s"));
  EXPECT_EQ(f.host->linked_version(), "4.0.1");
  ASSERT_TRUE(f.state());
  EXPECT_EQ(f.state()->phase, UpgradePhase::rolling_back);
}

TEST(AgentUpgrade, RejectedConfigStopsNothingAndHidesSecrets) {
  Fixture f({{"4.0.1", Behaviour::works}, {"4.0.2", Behaviour::works}}, 1);
  UpgradeResult r = f.upgrade();
  EXPECT_EQ(r.outcome, UpgradeOutcome::refused);
  EXPECT_THAT(r.reason, HasSubstr("stacks-node check-config rejected /etc/stacks/node.toml"));
  EXPECT_THAT(r.reason, HasSubstr("4.0.1 keeps running"));
  EXPECT_THAT(r.reason, Not(HasSubstr(std::string(64, 'f'))));
  EXPECT_TRUE(f.host->systemctl.empty());
  EXPECT_EQ(f.host->linked_version(), "4.0.1");
  EXPECT_FALSE(f.state());
  EXPECT_FALSE(r.new_version_started);
}

TEST(AgentUpgrade, AlreadyRunningTheTargetDoesNothing) {
  Fixture f({{"4.0.1", Behaviour::works}});
  UpgradeResult r = f.upgrade("4.0.1");
  EXPECT_EQ(r.outcome, UpgradeOutcome::already_current);
  EXPECT_TRUE(f.host->systemctl.empty());
}

TEST(AgentUpgrade, InterruptedMidSwapResumesOnARerun) {
  Fixture f({{"4.0.1", Behaviour::works}, {"4.0.2", Behaviour::works}});
  f.host->kill_at = "start stacks-node.service";
  EXPECT_THROW(f.upgrade(), Killed);
  // Left: new links, nothing running, the record saying so.
  ASSERT_TRUE(f.state());
  EXPECT_EQ(f.state()->phase, UpgradePhase::started);
  EXPECT_EQ(f.host->linked_version(), "4.0.2");

  UpgradeResult r = f.upgrade();
  EXPECT_TRUE(r.resumed);
  EXPECT_EQ(r.outcome, UpgradeOutcome::upgraded) << r.reason;
  EXPECT_EQ(r.from, "4.0.1");
  EXPECT_EQ(f.host->linked_version(), "4.0.2");
  EXPECT_FALSE(f.state());
}

TEST(AgentUpgrade, InterruptedWhileStoppingResumesWithTheSwap) {
  Fixture f({{"4.0.1", Behaviour::works}, {"4.0.2", Behaviour::works}});
  f.host->kill_at = "stop stacks-node.service";
  EXPECT_THROW(f.upgrade(), Killed);
  ASSERT_TRUE(f.state());
  EXPECT_EQ(f.state()->phase, UpgradePhase::stopping);
  EXPECT_EQ(f.host->linked_version(), "4.0.1");

  UpgradeResult r = f.upgrade();
  EXPECT_TRUE(r.resumed);
  EXPECT_EQ(r.outcome, UpgradeOutcome::upgraded) << r.reason;
  EXPECT_EQ(f.host->linked_version(), "4.0.2");
}

TEST(AgentUpgrade, InterruptedThenAskedForAnotherVersionRollsBackFirst) {
  Fixture f({{"4.0.1", Behaviour::works}, {"4.0.2", Behaviour::works}});
  f.host->kill_at = "start stacks-node.service";
  EXPECT_THROW(f.upgrade(), Killed);
  UpgradeResult r = f.upgrade("4.0.3");
  EXPECT_TRUE(r.resumed);
  EXPECT_EQ(r.outcome, UpgradeOutcome::rolled_back);
  EXPECT_EQ(r.to, "4.0.2");
  EXPECT_THAT(r.reason, HasSubstr("interrupted upgrade to 4.0.2"));
  EXPECT_EQ(f.host->linked_version(), "4.0.1");
  EXPECT_FALSE(f.state());
}

TEST(AgentUpgrade, ScrubRemovesConfiguredSecretsAndLongHex) {
  const std::string toml = "[node]\nseed = \"abcdefgh\"\nlocal_peer_seed = \"zzzz-1234\"\n"
                           "[burnchain]\npassword = \"hunter22\"\nmode = \"mainnet\"\n";
  const std::string said = "bad seed abcdefgh, pw hunter22, mode mainnet, key " +
                           std::string(40, 'e') + " peer zzzz-1234";
  EXPECT_EQ(scrub_config_secrets(said, toml),
            "bad seed <redacted>, pw <redacted>, mode mainnet, key <redacted> peer <redacted>");
}

TEST(AgentUpgradeCli, RefusedUpgradePrintsJsonAndExitsOne) {
  Fixture f({{"4.0.1", Behaviour::works}, {"4.0.2", Behaviour::works}}, 1);
  contract::SettingsDocument s;
  s.stack_id = "stacks-single-node";
  s.stack_name = "stacks-single-node-follower";
  s.kind = contract::DeploymentKind::single_node;
  s.region = "us-east-1";
  s.settings_parameter = "/snr/" + s.stack_name + "/settings";
  s.config = snr::testing::valid_config(std::string(snr::testing::kMinimalEnv) +
                                        "STACKS_VERSION=4.0.1\nSTACKS_DOWNLOAD_CHAINSTATE=false\n");
  s.stacks_version = "4.0.1";
  s.snr_binary = {"asset-bucket", "snr/" + std::string(64, 'a') + "/snr-linux-x86_64",
                  std::string(64, 'a')};
  s.data_volume = {"vol-0123456789abcdef0", std::string(contract::kDataDeviceName),
                   std::string(contract::kDataMountPoint)};
  s.signal = {s.stack_name, "NodeReady", "", "", 0};
  s.secrets = {"snr/" + s.stack_name + "/", false, "", "", "", ""};
  s.log_group = "/snr/" + s.stack_name;
  s.metrics = {std::string(contract::metrics::kNamespace), {{"InstanceId"}}, 60};
  s.health = {20445, std::string(contract::kHealthPath)};
  const fs::path settings = f.root.path() / "settings.json";
  std::ofstream(settings) << contract::to_json(s).dump(2);

  auto r = snr::testing::run_snr({"agent", "upgrade", "--to", "4.0.2", "--settings",
                                  settings.string(), "--root", f.root.path().string(),
                                  "--node-rpc", f.node.url()});
  EXPECT_EQ(r.code, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("outcome"), "refused");
  EXPECT_EQ(j.at("from"), "4.0.1");
  EXPECT_EQ(j.at("to"), "4.0.2");
  EXPECT_THAT(r.out + r.err, Not(HasSubstr(std::string(64, 'f'))));

  auto bad = snr::testing::run_snr({"agent", "upgrade", "--to", "latest", "--poll", "0"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--to"));
  EXPECT_THAT(bad.err, HasSubstr("--poll"));
}

}  // namespace
}  // namespace snr::agent
