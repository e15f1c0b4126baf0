#pragma once
/// One node's progress as `snr status` shows it, read back from the metrics its agent
/// publishes (contract/metrics.h): the Stacks tip against the network's, percent, blocks per
/// minute and ETA, burn height against its bitcoind, the health judgement, a running
/// restore, plus what the caller knows from elsewhere (running version, signer lease).

#include <chrono>
#include <optional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "aws/client.h"
#include "aws/time.h"
#include "deploy/sync_progress.h"

namespace snr::deploy {

struct NodeProgress {
  std::string instance_id;
  SyncEstimate stacks;
  std::optional<double> burn_height;
  std::optional<double> bitcoin_tip;
  std::string health;  ///< the agent's judgement ("synced", "syncing", ...); "" unknown
  std::optional<RestoreEstimate> restore;
  std::string version;  ///< running stacks-node version; "" unknown
  /// For a signer: the minimum version for the next epoch when this one is below it.
  std::string version_warning;
  std::optional<bool> lease_holder;  ///< signer: holds the signer lease
};

/// How far back the datapoints are read (rate and ETA use all of them).
inline constexpr std::chrono::minutes kProgressWindow{15};

/// Reads the node's recent datapoints (GetMetricStatistics, Maximum per minute) up to `now`.
/// A metric CloudWatch will not give is simply missing (the estimate says no-data).
NodeProgress read_node_progress(const aws::AwsContext& ctx, const std::string& instance_id,
                                aws::Timestamp now);

/// {"instance_id", "health", "stacks_tip_height", "network_tip_height", "percent_synced",
///  "blocks_behind", "blocks_per_minute", "network_blocks_per_minute", "eta_seconds",
///  "sync_state", "burn_block_height", "bitcoin_tip_height", "restore": {...}|null,
///  "stacks_version", "version_warning", "signer_lease_holder"}; unknown numbers are null.
nlohmann::json to_json(const NodeProgress& p);

/// Two to four indented lines under the node's instance line.
void print_progress(const NodeProgress& p, std::ostream& out);

/// "1.5 GiB", "512 B".
std::string human_bytes(double bytes);

}  // namespace snr::deploy
