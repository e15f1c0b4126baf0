#pragma once
/// `snr destroy`: deletes stacks in reverse dependency order and what they
/// own, so nothing of ours is left behind — except keys that are a node's
/// identity, which are kept unless asked (see docs/deploy.md).

#include <chrono>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "aws/client.h"
#include "config/config.h"

namespace snr::deploy {

struct DestroyOptions {
  std::vector<std::string> stack_ids;
  /// Also schedule generated signer/miner keys for deletion (30-day recovery).
  bool delete_keys = false;
  /// Also delete the node stacks' snapshots (tagged snr-stack) once each stack is gone;
  /// by default they are kept (and said so at the end).
  bool delete_snapshots = false;
  std::function<bool()> interrupted;
  std::chrono::milliseconds poll{2000};
  std::function<void(std::chrono::milliseconds)> sleep;
};

/// Returns the exit code (0, 1 when a deletion failed or was refused, 130 when interrupted).
int destroy(const config::Config& config, const aws::AwsContext& ctx, const DestroyOptions& o,
            std::ostream& out, std::ostream& err);

/// Names of stacks (other than `exporter`) importing one of `export_names`:
/// ListImports, or, where an endpoint lacks it (an emulator), a scan of every other
/// stack's template for Fn::ImportValue of those names.
std::vector<std::string> importing_stacks(const aws::AwsContext& ctx, const std::string& exporter,
                                          const std::vector<std::string>& export_names);

/// Deletes every version and delete marker in `bucket`; returns how many.
std::size_t empty_bucket(const aws::AwsContext& ctx, const std::string& bucket);

}  // namespace snr::deploy
