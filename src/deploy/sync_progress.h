#pragma once
/// The arithmetic behind `snr status`'s progress: how far a node's Stacks tip is from the
/// network's, how fast it climbs (blocks per minute from the recent datapoints of its
/// stacks_tip_height metric) and when it catches up; the same for a running restore's bytes.
/// Pure functions on numbers, so every edge (no datapoints, stalled, already synced, a
/// network that runs away) is unit-tested without CloudWatch.

#include <optional>
#include <string>
#include <vector>

namespace snr::deploy {

/// One datapoint: seconds since the epoch and the value (a height, a byte count).
struct Point {
  double t = 0;
  double value = 0;
};

/// Where a node's sync stands.
enum class SyncState {
  no_data,       ///< no tip height published (recently)
  synced,        ///< the tip is at (or above) the network's
  syncing,       ///< behind and climbing faster than the network: an ETA
  not_catching,  ///< behind, climbing, but no faster than the network moves
  stalled,       ///< behind and the tip did not move over the window
  unknown,       ///< the tip is known, the network's is not (no peer height yet)
};
/// "no-data", "synced", "syncing", "not-catching-up", "stalled", "unknown".
const char* to_string(SyncState s);

struct SyncEstimate {
  SyncState state = SyncState::no_data;
  std::optional<double> tip;            ///< the node's newest tip height
  std::optional<double> network_tip;    ///< the network's newest tip height
  std::optional<double> percent;        ///< tip / network tip × 100, at most 100
  std::optional<double> blocks_behind;  ///< network tip − tip, at least 0
  std::optional<double> blocks_per_minute;          ///< the node's climb over the window
  std::optional<double> network_blocks_per_minute;  ///< the network's, when known
  std::optional<double> eta_seconds;                ///< to catch up; 0 when synced
};

/// Rate of change per second between the oldest and newest points (sorted or not);
/// nullopt with fewer than two points or no time between them.
std::optional<double> rate_per_second(std::vector<Point> points);

/// `tip` and `network_tip`: the recent datapoints of the two metrics (any order; empty
/// when none). The ETA divides what is left by the closing speed (the node's rate minus
/// the network's, when the network's is known).
SyncEstimate estimate_sync(const std::vector<Point>& tip, const std::vector<Point>& network_tip);

/// A chainstate restore as the agent publishes it.
struct RestoreEstimate {
  double bytes = 0;
  std::optional<double> total_bytes;
  std::optional<double> percent;
  double bytes_per_second = 0;
  std::optional<double> eta_seconds;
};
/// From the newest bytes / total / rate datapoints. nullopt when no bytes were published,
/// or the restore has finished (bytes ≥ total).
std::optional<RestoreEstimate> estimate_restore(const std::vector<Point>& bytes,
                                                const std::vector<Point>& total,
                                                const std::vector<Point>& rate);

/// "1h02m", "4m10s", "35s"; "-" for nullopt.
std::string format_eta(std::optional<double> seconds);

}  // namespace snr::deploy
