#pragma once
/// `snr agent snapshot-prepare` / `snapshot-done`: hold the node still while the
/// operator side snapshots its data volume (deploy/snapshots.h, through SSM Run
/// Command), then start it again.
///
/// Consistency by stopping, not by fsfreeze: stacks-node (and, on a signer or
/// miner, stacks-signer) is stopped through its systemd unit, so its databases are
/// closed cleanly, then `sync -f` flushes the data filesystem. A frozen but running
/// node would only be crash-consistent at the database level; stopped, it is what a
/// clean shutdown leaves. The snapshot is point-in-time at CreateSnapshot, so the
/// stop lasts seconds plus the node's shutdown.
///
/// Never left stopped: prepare arms a transient systemd timer
/// (`snr-snapshot-thaw`) that starts the services again after `thaw_after`, in case
/// the operator side never calls snapshot-done (lost connection, Ctrl-C). done
/// cancels it and starts them now. A failed prepare restarts what it stopped.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "agent/bootstrap/host_ops.h"
#include "agent/clock.h"

namespace snr::agent {

/// The transient unit prepare arms (its .timer and .service).
inline constexpr const char* kThawUnit = "snr-snapshot-thaw";

struct FreezeOptions {
  bool signer = false;  ///< stacks-signer runs beside stacks-node (signer, miner)
  std::string data_dir = "/var/lib/stacks";
  std::chrono::seconds thaw_after{600};
};

/// The node's heights and version before it stops (GET /v2/info).
struct NodeFacts {
  std::string stacks_version;
  std::uint64_t tip_height = 0;
  std::uint64_t burn_height = 0;
};

/// The units to stop, in order (node first: it feeds the signer), and to start
/// (the reverse: the signer before the node that posts events to it).
std::vector<std::string> freeze_units(bool signer);

/// The version in a /v2/info server_version ("stacks-node 3.1.0.0.7 (...)" → "3.1.0.0.7").
std::string version_of(const std::string& server_version);

/// Reads the facts, arms the thaw timer, stops the units, syncs. Returns the JSON
/// line the operator side parses (deploy::parse_prepare_output). Throws
/// snr::Failure when the node does not answer or a unit does not stop (after
/// starting again what it stopped).
std::string snapshot_prepare(HostOps& host, const FreezeOptions& options,
                             const std::function<NodeFacts()>& facts);

/// Cancels the thaw timer and starts the units. With `wait_healthy` > 0, waits
/// until `healthy()` (GET /health answers 200) at most that long; throws
/// snr::Failure when a unit does not start or health does not come back.
void snapshot_done(HostOps& host, const FreezeOptions& options,
                   std::chrono::seconds wait_healthy, const std::function<bool()>& healthy,
                   const Clock& clock, const Sleeper& sleep);

}  // namespace snr::agent
