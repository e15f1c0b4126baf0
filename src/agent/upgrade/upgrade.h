#pragma once
/// `snr agent upgrade --to VERSION`: the in-place upgrade of this instance's Stacks
/// binaries, with an automatic rollback.
///
/// 1. install the release as bootstrap does (install_release: download, sha512 against
///    CHECKSUMS.txt, the musl fallback) into /opt/stacks/<to>, without switching to it;
/// 2. the new binaries' own check-config against the rendered configs;
/// 3. stop the units (stacks-node, and stacks-signer on a signer host), switch the
///    /usr/local/bin links to /opt/stacks/<to> (each rename is atomic; the previous
///    release stays in /opt/stacks/<from>), start them;
/// 4. the health gate: the unit stays active, the RPC answers, the tip advances and the
///    agent's sync judgement (judge(), held by SyncGate) is healthy, within a timeout;
/// 5. on a failed gate or a crash: the links back to /opt/stacks/<from>, restart, wait for
///    the RPC, report (outcome "rolled-back").
/// Each step that changes what runs is recorded first in <data mount>/.snr-upgrade.json;
/// a re-run finds it and finishes the upgrade (same target) or rolls it back (another one).

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/bootstrap/host_ops.h"
#include "agent/clock.h"
#include "agent/run/health.h"
#include "agent/run/node_sample.h"
#include "node/types.h"

namespace snr::agent {

struct UpgradeRequest {
  std::string to;  ///< exact release tag ("4.0.2")
  node::CpuType cpu = node::CpuType::x86_64;
  bool signer = false;           ///< stacks-signer runs here too (signer, miner)
  std::string release_base_url;  ///< "" = GitHub releases
  fs::path mount_point;          ///< the data volume (the state file lives there)
  std::chrono::seconds gate_timeout{std::chrono::minutes(30)};
  /// How long the rolled-back node may take to answer its RPC again.
  std::chrono::seconds rollback_timeout{std::chrono::minutes(10)};
  std::chrono::milliseconds poll{std::chrono::seconds(30)};
  HealthThresholds thresholds;
  std::optional<std::string> host_glibc;  ///< tests set it (install_release's)
  /// The settings document on disk (/etc/snr/settings.json); after a passed gate its
  /// `stacks_version` is set to `to`, so it says what runs (the stack's copy was updated
  /// before). Empty: none (settings read from SSM).
  fs::path settings_file;
};

struct UpgradeServices {
  HostOps& ops;
  const Clock& clock;
  Sleeper sleep;
  LogFn log;
  /// One observation of the node (sample_node against its RPC); never throws.
  std::function<NodeSample()> sample;
  /// Removes secrets from check-config's output before it is reported.
  std::function<std::string(std::string)> scrub;
};

enum class UpgradeOutcome {
  upgraded,         ///< the new version passed the gate
  already_current,  ///< it runs `to` already: nothing done
  refused,          ///< failed before anything was stopped (download, checksum, check-config)
  rolled_back,      ///< the gate failed or the node crashed; the previous version runs again
  rollback_failed,  ///< the previous version was restored but its RPC did not answer
};

std::string_view to_string(UpgradeOutcome outcome);

struct UpgradeResult {
  std::string from;
  std::string to;
  UpgradeOutcome outcome = UpgradeOutcome::refused;
  /// From the units' stop to the node's RPC answering again (new or old binaries).
  double downtime_seconds = 0;
  std::string reason;  ///< why it did not upgrade; empty when it did
  /// The new binaries ran with the data directory writable: the chainstate may carry their
  /// changes (a rollback then needs the pre-upgrade snapshot to be safe).
  bool new_version_started = false;
  bool resumed = false;        ///< an interrupted upgrade was found and finished or undone
  std::string health;          ///< the last sync judgement ("synced", "node-down", ...)
  bool succeeded() const {
    return outcome == UpgradeOutcome::upgraded || outcome == UpgradeOutcome::already_current;
  }
  /// {"from","to","outcome","downtime_seconds","reason","new_version_started","resumed","health"}
  nlohmann::json to_json() const;
};

/// What the gate saw.
struct GateResult {
  bool passed = false;
  std::string reason;  ///< why not
  std::optional<SystemTime> first_answer;  ///< the first sample whose RPC answered
  std::string health;
};

/// Samples every `poll` until the judgement is healthy, the tip has advanced since the
/// first answer, and SyncGate holds; fails at `timeout`, or at once when `unit` stops
/// being active (`systemctl is-active` non-zero after the first poll: a crash loop).
GateResult run_health_gate(UpgradeServices& sv, const std::string& unit,
                           const HealthThresholds& thresholds, std::chrono::seconds timeout,
                           std::chrono::milliseconds poll);

/// Runs the upgrade (or resumes an interrupted one). Never throws for a failed gate: that
/// is the result's outcome. Throws snr::Failure only when the host cannot be changed at all.
UpgradeResult run_agent_upgrade(const UpgradeRequest& request, UpgradeServices& services);

}  // namespace snr::agent
