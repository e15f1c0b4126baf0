#pragma once
/// `snr agent bootstrap`: turns a fresh AL2023 instance into a running Stacks
/// node from the settings document, idempotently (safe to re-run after a
/// failure or a reboot). Every host change goes through HostOps; AWS calls and
/// downloads are injected, so tests run it against a temporary root.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "agent/bootstrap/data_volume.h"
#include "agent/bootstrap/host_ops.h"
#include "agent/clock.h"
#include "agent/instance_identity.h"
#include "agent/restore/restore.h"
#include "agent/run/readiness.h"
#include "contract/names.h"
#include "contract/settings_document.h"
#include "node/secrets.h"

namespace snr::agent {

inline constexpr const char* kStacksUser = "stacks";
inline constexpr const char* kStateDir = "/var/lib/snr";
inline constexpr const char* kReadinessFile = "readiness.json";

struct BootstrapOptions {
  std::string release_base_url;  ///< "" = GitHub releases
  std::chrono::seconds device_timeout{300};
  std::chrono::seconds volume_release_timeout{std::chrono::minutes(20)};
  /// Single node: how long bootstrap waits for the node's RPC before leaving
  /// the SUCCESS signal to snr-agent (the signal stays armed either way).
  std::chrono::seconds ready_timeout{600};
  std::chrono::milliseconds poll_step{std::chrono::seconds(2)};
  bool cloudwatch_agent = true;
  /// Node RPC to wait for (default http://127.0.0.1:<rpc port>).
  std::string node_rpc_url;
  std::string settings_file = std::string(contract::kSettingsFile);
};

/// What bootstrap derives from the settings before touching anything.
struct BootstrapPlan {
  bool ha = false;
  bool signer = false;  ///< runs stacks-signer (signer and miner roles)
  std::vector<std::string> binaries;
  std::string chainstate_url;  ///< "" = no restore
  std::string node_rpc_url;
  fs::path mount_point;
  ReadinessState readiness;  ///< instance id filled in by run_bootstrap
};
BootstrapPlan plan_bootstrap(const contract::SettingsDocument& s, const BootstrapOptions& o);

/// What bootstrap needs from outside; nullptr/empty members skip that part.
struct BootstrapServices {
  HostOps& ops;
  const node::SecretSource& secrets;
  const Clock& clock;
  Sleeper sleep;
  LogFn log;
  InstanceIdentity identity;
  Signaler* signaler = nullptr;  ///< null: no readiness signals (--no-signal)
  /// Single node: attach the data volume (EC2 AttachVolume).
  std::function<void(const std::string& volume_id)> attach_volume;
  /// Signer/miner: take the signer lease, throw when another live instance holds it.
  std::function<void()> take_signer_lease;
  /// Chainstate restore (agent/restore: restore_chainstate).
  std::function<void(const restore::RestoreOptions&)> restore;
};

struct BootstrapResult {
  bool signalled = false;  ///< this run sent the readiness signal
  std::string release_dir;
  bool formatted = false;
  bool release_downloaded = false;
  bool restored = false;
};

/// Runs every step. On failure: FAILURE / ABANDON for the armed signals, then rethrows.
BootstrapResult run_bootstrap(const contract::SettingsDocument& settings,
                              const BootstrapOptions& options, BootstrapServices& services);

}  // namespace snr::agent
