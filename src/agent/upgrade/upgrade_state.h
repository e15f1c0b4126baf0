#pragma once
/// The in-progress record of `snr agent upgrade`, kept on the data volume
/// (<mount>/.snr-upgrade.json, written atomically before each step that changes
/// what runs), so a re-run after an interruption knows what was swapped and
/// finishes the upgrade or the rollback instead of leaving a half-swapped node.

#include <optional>
#include <string>
#include <string_view>

#include "agent/bootstrap/host_ops.h"

namespace snr::agent {

inline constexpr const char* kUpgradeStateFile = ".snr-upgrade.json";

/// Where the upgrade stood when the record was last written.
enum class UpgradePhase {
  stopping,     ///< the new release is installed and checked; units are being stopped
  swapped,      ///< /usr/local/bin points at the new release; units may be stopped
  started,      ///< the new binaries were started: the health gate runs
  rolling_back  ///< switching back to `from`
};

std::string_view to_string(UpgradePhase phase);

struct UpgradeState {
  std::string from;  ///< the version that ran before ("4.0.1")
  std::string to;    ///< the version asked for
  UpgradePhase phase = UpgradePhase::stopping;
  /// The new binaries were started with the data directory writable: they may have
  /// migrated the chainstate (conservative: set as soon as they were started once).
  bool new_version_started = false;
  std::string reason;  ///< why a rollback runs
};

/// `mount`/.snr-upgrade.json.
fs::path upgrade_state_path(const fs::path& mount);
/// nullopt when there is none; throws snr::Failure when it is unreadable.
std::optional<UpgradeState> load_upgrade_state(HostOps& ops, const fs::path& mount);
void save_upgrade_state(HostOps& ops, const fs::path& mount, const UpgradeState& state);
void clear_upgrade_state(HostOps& ops, const fs::path& mount);

}  // namespace snr::agent
