#include "agent/upgrade/upgrade.h"

#include <fmt/format.h>

#include "agent/bootstrap/install_release.h"
#include "agent/run/tip_tracker.h"
#include "agent/upgrade/upgrade_state.h"
#include "node/layout.h"
#include "util/error.h"
#include "util/strings.h"

namespace snr::agent {
namespace {

constexpr const char* kNodeUnit = "stacks-node.service";
constexpr const char* kSignerUnit = "stacks-signer.service";

double seconds_between(SystemTime a, SystemTime b) {
  return std::chrono::duration<double>(b - a).count();
}

void systemctl(HostOps& ops, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"systemctl"};
  argv.insert(argv.end(), args.begin(), args.end());
  CommandOutput r = ops.run(argv, CommandKind::system);
  if (r.exit_code != 0)
    throw Failure(fmt::format("{} failed (exit {}): {}", util::join(argv, " "), r.exit_code,
                              util::trim(r.err)));
}

/// The node, and the signer on a signer host: stopped node first, started signer first
/// (the node's drop-in wants the signer), as bootstrap starts them.
struct Units {
  bool signer = false;
  void stop(HostOps& ops) const {
    systemctl(ops, {"stop", kNodeUnit});
    if (signer) systemctl(ops, {"stop", kSignerUnit});
  }
  void start(HostOps& ops) const {
    if (signer) systemctl(ops, {"start", kSignerUnit});
    systemctl(ops, {"start", kNodeUnit});
  }
};

std::vector<std::string> binaries_for(bool signer) {
  std::vector<std::string> b = {"stacks-node"};
  if (signer) b.push_back("stacks-signer");
  return b;
}

fs::path release_dir(const std::string& version) {
  return fs::path(kReleasesDir) / version;
}

class Upgrade {
 public:
  Upgrade(const UpgradeRequest& req, UpgradeServices& sv)
      : req_(req), sv_(sv), units_{req.signer}, binaries_(binaries_for(req.signer)) {
    result_.to = req.to;
  }

  UpgradeResult run() {
    if (req_.to.empty() || req_.to == "latest")
      throw Failure("--to must be an exact release tag, not \"" + req_.to +
                    "\" (snr upgrade resolves latest)");
    if (auto state = load_upgrade_state(sv_.ops, req_.mount_point)) return resume(*state);

    auto current = linked_release(sv_.ops);
    if (!current)
      throw Failure("/usr/local/bin/stacks-node is no link into " + std::string(kReleasesDir) +
                    ": no release installed by snr agent bootstrap to upgrade from");
    result_.from = current->filename().string();
    if (result_.from == req_.to) {
      result_.outcome = UpgradeOutcome::already_current;
      log(fmt::format("Stacks {} runs already: nothing to do", req_.to));
      return result_;
    }

    // 1-2. Install and check while the old version keeps running: a failure here costs nothing.
    try {
      ReleaseSpec spec;
      spec.version = req_.to;
      spec.cpu = req_.cpu;
      if (!req_.release_base_url.empty()) spec.base_url = req_.release_base_url;
      spec.binaries = binaries_;
      spec.host_glibc = req_.host_glibc;
      spec.link = false;
      InstalledRelease rel = install_release(spec, sv_.ops);
      log(fmt::format("Stacks {} {} in {} ({})", req_.to,
                      rel.downloaded ? "downloaded and verified" : "already installed",
                      rel.dir.string(), rel.asset));
      check_release_config(sv_.ops, rel.dir, "stacks-node", std::string(node::kNodeConfigFile),
                           sv_.scrub);
      if (req_.signer)
        check_release_config(sv_.ops, rel.dir, "stacks-signer",
                             std::string(node::kSignerConfigFile), sv_.scrub);
    } catch (const Failure& e) {
      result_.outcome = UpgradeOutcome::refused;
      result_.reason = std::string(e.what()) + " (nothing was stopped; " + result_.from +
                       " keeps running)";
      return result_;
    }

    UpgradeState state{result_.from, req_.to, UpgradePhase::stopping, false, ""};
    return forward(state);
  }

 private:
  void log(const std::string& m) {
    if (sv_.log) sv_.log(m);
  }
  void save(const UpgradeState& s) { save_upgrade_state(sv_.ops, req_.mount_point, s); }

  /// The on-disk settings document says the version that runs now (a later bootstrap from
  /// it would otherwise install the old one again). Left alone when it is not a JSON object.
  void record_version(const std::string& version) {
    if (req_.settings_file.empty()) return;
    auto text = sv_.ops.read_file(req_.settings_file);
    if (!text) return;
    nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
    if (!doc.is_object() || doc.value("stacks_version", "") == version) return;
    doc["stacks_version"] = version;
    sv_.ops.write_file(req_.settings_file, doc.dump(2) + "\n", 0640, Owner{"root", "stacks"});
  }

  /// 3-4: stop, swap, start, gate; any failure rolls back.
  UpgradeResult forward(UpgradeState state) {
    stopped_at_ = sv_.clock.now();
    try {
      if (state.phase == UpgradePhase::stopping) {
        save(state);
        log(fmt::format("stopping {}{}", kNodeUnit, req_.signer ? " and " + std::string(kSignerUnit) : ""));
        units_.stop(sv_.ops);
        link_release(release_dir(state.to), binaries_, sv_.ops);
        state.phase = UpgradePhase::swapped;
        save(state);
      } else {
        // Resumed: the links may point either way; make them the new release's again.
        link_release(release_dir(state.to), binaries_, sv_.ops);
      }
      state.phase = UpgradePhase::started;
      state.new_version_started = true;  // conservative: recorded before the start
      save(state);
      result_.new_version_started = true;
      log(fmt::format("starting Stacks {}; health gate for up to {} s", state.to,
                      req_.gate_timeout.count()));
      units_.start(sv_.ops);
    } catch (const std::exception& e) {
      return rollback(state, std::string("the swap failed: ") + e.what());
    }
    GateResult gate =
        run_health_gate(sv_, kNodeUnit, req_.thresholds, req_.gate_timeout, req_.poll);
    result_.health = gate.health;
    if (!gate.passed) return rollback(state, gate.reason);
    record_version(state.to);
    clear_upgrade_state(sv_.ops, req_.mount_point);
    result_.outcome = UpgradeOutcome::upgraded;
    if (gate.first_answer) result_.downtime_seconds = seconds_between(stopped_at_, *gate.first_answer);
    log(fmt::format("Stacks {} passed the health gate ({}); {} is kept in {}", state.to,
                    gate.health, state.from, release_dir(state.from).string()));
    return result_;
  }

  /// 5: back to `from`, restarted, its RPC awaited. The record stays until it answers.
  UpgradeResult rollback(UpgradeState state, const std::string& reason) {
    log("rolling back to " + state.from + ": " + reason);
    if (state.reason.empty()) state.reason = reason;
    state.phase = UpgradePhase::rolling_back;
    save(state);
    result_.reason = state.reason;
    result_.new_version_started = state.new_version_started;
    try {
      units_.stop(sv_.ops);
    } catch (const Failure& e) {
      log(std::string("stopping before the rollback: ") + e.what());
    }
    link_release(release_dir(state.from), binaries_, sv_.ops);
    try {
      units_.start(sv_.ops);
    } catch (const Failure& e) {
      result_.outcome = UpgradeOutcome::rollback_failed;
      result_.reason += std::string("; restarting ") + state.from + " failed: " + e.what();
      return result_;
    }
    const SystemTime until = sv_.clock.now() + req_.rollback_timeout;
    for (;;) {
      NodeSample s = sv_.sample();
      if (s.rpc_up) {
        result_.downtime_seconds = seconds_between(stopped_at_, s.at);
        result_.health = std::string(to_string(judge(s, std::nullopt, req_.thresholds).status));
        clear_upgrade_state(sv_.ops, req_.mount_point);
        result_.outcome = UpgradeOutcome::rolled_back;
        log(fmt::format("Stacks {} runs again", state.from));
        return result_;
      }
      if (sv_.clock.now() >= until) break;
      sv_.sleep(req_.poll);
    }
    result_.outcome = UpgradeOutcome::rollback_failed;
    result_.health = std::string(to_string(HealthStatus::node_down));
    result_.reason += fmt::format("; {} was restarted but its RPC did not answer within {} s",
                                  state.from, req_.rollback_timeout.count());
    return result_;
  }

  UpgradeResult resume(UpgradeState state) {
    result_.resumed = true;
    result_.from = state.from;
    result_.new_version_started = state.new_version_started;
    log(fmt::format("found an interrupted upgrade {} -> {} ({})", state.from, state.to,
                    to_string(state.phase)));
    if (state.phase == UpgradePhase::rolling_back) return rollback(state, state.reason);
    if (state.to != req_.to) {
      result_.to = state.to;
      return rollback(state, fmt::format("an interrupted upgrade to {} was found while {} was "
                                         "asked: it is rolled back first; run again",
                                         state.to, req_.to));
    }
    return forward(state);
  }

  const UpgradeRequest& req_;
  UpgradeServices& sv_;
  Units units_;
  std::vector<std::string> binaries_;
  UpgradeResult result_;
  SystemTime stopped_at_{};
};

}  // namespace

std::string_view to_string(UpgradeOutcome o) {
  switch (o) {
    case UpgradeOutcome::upgraded: return "upgraded";
    case UpgradeOutcome::already_current: return "already-current";
    case UpgradeOutcome::refused: return "refused";
    case UpgradeOutcome::rolled_back: return "rolled-back";
    case UpgradeOutcome::rollback_failed: return "rollback-failed";
  }
  return "?";
}

nlohmann::json UpgradeResult::to_json() const {
  return {{"from", from},
          {"to", to},
          {"outcome", std::string(to_string(outcome))},
          {"downtime_seconds", downtime_seconds},
          {"reason", reason},
          {"new_version_started", new_version_started},
          {"resumed", resumed},
          {"health", health}};
}

GateResult run_health_gate(UpgradeServices& sv, const std::string& unit,
                           const HealthThresholds& thresholds, std::chrono::seconds timeout,
                           std::chrono::milliseconds poll) {
  GateResult g;
  const SystemTime until = sv.clock.now() + timeout;
  TipTracker tips;
  SyncGate hold;
  std::optional<std::uint64_t> first_tip;
  bool advanced = false;
  bool first_poll = true;
  HealthVerdict verdict = starting_verdict();
  for (;;) {
    if (!first_poll) {
      CommandOutput active = sv.ops.run({"systemctl", "is-active", "--quiet", unit},
                                        CommandKind::system);
      if (active.exit_code != 0) {
        g.reason = unit + " is not active (it exited or restarts in a loop: crashed)";
        g.health = std::string(to_string(HealthStatus::node_down));
        return g;
      }
    }
    first_poll = false;
    NodeSample s = sv.sample();
    if (s.rpc_up && !g.first_answer) g.first_answer = s.at;
    if (s.info) {
      const std::uint64_t h = s.info->stacks_tip_height;
      tips.observe(h, s.at);
      if (!first_tip) first_tip = h;
      else if (h > *first_tip) advanced = true;
    }
    verdict = judge(s, tips.age(s.at), thresholds);
    g.health = std::string(to_string(verdict.status));
    if (hold.observe(verdict.healthy && advanced, s.at)) {
      g.passed = true;
      return g;
    }
    if (sv.clock.now() >= until) {
      g.reason = fmt::format(
          "the health gate did not pass within {} s: {} ({}){}", timeout.count(), g.health,
          verdict.reason,
          !s.rpc_up ? "" : advanced ? "" : "; the tip did not advance");
      return g;
    }
    sv.sleep(poll);
  }
}

UpgradeResult run_agent_upgrade(const UpgradeRequest& request, UpgradeServices& services) {
  return Upgrade(request, services).run();
}

}  // namespace snr::agent
