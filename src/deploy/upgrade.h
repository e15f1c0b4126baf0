#pragma once
/// `snr upgrade STACK_ID`: a single node (follower, signer, miner) moved to another
/// Stacks release in place, with the agent doing the swap on the instance.
///
///   1. the target: --to, or STACKS_VERSION (`latest` resolved as deploy does); a --to
///      that contradicts an exact STACKS_VERSION is refused (the .env is the truth);
///   2. a consistent snapshot of the data volume (the rollback point for the chainstate);
///   3. the stack updated so its settings carry the new version (the deployer's
///      change-set path; a change set that would replace the node is refused);
///   4. `snr agent upgrade --to V` on the instance through SSM Run Command: it installs,
///      checks, swaps, runs the health gate and rolls the binaries back itself;
///   5. on failure: the stack's version put back; when the new binaries ran on the
///      chainstate (the agent says so), the data volume restored from the step-2 snapshot,
///      or, where that is not automated, the exact steps printed.
/// A re-run after an interruption finds the stack already at V, skips 2-3 and lets the
/// agent finish or undo its own interrupted swap.
///
/// Every AWS step is behind UpgradeSteps so the rollback paths are tested with fakes.

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "deploy/stacks_version.h"

namespace snr::deploy {

/// The version `snr upgrade` moves to. `to` empty: STACKS_VERSION. Throws snr::UserError
/// ("--to") when `to` contradicts an exact STACKS_VERSION; `latest` (either) is resolved
/// through `releases` as `snr deploy --upgrade` does.
ResolvedVersion upgrade_target(const config::Config& config, const std::optional<std::string>& to,
                               ReleaseSource& releases);

/// The node an upgrade works on.
struct UpgradeNode {
  std::string stack_name;
  std::string instance_id;
  std::string volume_id;        ///< its data volume
  std::string running_version;  ///< the stack's StacksVersion parameter
};

/// What `snr agent ...` answered through SSM.
struct NodeCommandResult {
  int exit_code = -1;
  std::string standard_output;
  std::string standard_error;
};

/// The AWS side of an upgrade; each throws snr::Failure when it cannot do its part.
class UpgradeSteps {
 public:
  virtual ~UpgradeSteps() = default;
  virtual UpgradeNode node() = 0;
  /// A consistent snapshot of the node's data volume (the agent freezes the node for the
  /// moment it is taken); its id.
  virtual std::string snapshot(const UpgradeNode& node) = 0;
  /// Updates the stack so its settings carry `version`; must not replace the node.
  virtual void update_stack(const std::string& version) = 0;
  /// Runs `snr agent <args>` on the instance and waits for it.
  virtual NodeCommandResult run_agent(const std::string& instance_id,
                                      const std::vector<std::string>& args) = 0;
  /// False where no agent runs the command (the sandbox): the result is not observed.
  virtual bool agent_observable() const { return true; }
  /// Puts a volume made from `snapshot_id` in place of the node's data volume. Throws
  /// snr::Failure when it cannot; the caller then prints the manual steps.
  virtual void restore_volume(const UpgradeNode& node, const std::string& snapshot_id) = 0;
};

struct SingleNodeUpgradeOptions {
  std::string to;  ///< exact tag (upgrade_target's)
  /// Extra arguments for `snr agent upgrade` (e.g. --gate-timeout).
  std::vector<std::string> agent_args;
};

struct SingleNodeUpgradeResult {
  std::string stack_name;
  std::string instance_id;
  std::string from;
  std::string to;
  /// upgraded, already-current, refused, rolled-back, rollback-failed, failed, not-observed
  std::string outcome;
  std::string reason;
  double downtime_seconds = 0;
  std::string snapshot_id;      ///< the pre-upgrade snapshot ("" when none was taken)
  bool resumed = false;         ///< the stack carried the target already (an earlier run)
  bool stack_reverted = false;  ///< the stack's version was put back
  bool new_version_started = false;
  bool volume_restored = false;
  std::vector<std::string> manual_steps;  ///< what the operator must still do
  /// The agent's own JSON result, when it answered with one.
  std::optional<nlohmann::json> agent;
  bool succeeded() const { return outcome == "upgraded" || outcome == "already-current"; }
  nlohmann::json to_json() const;
};

/// Runs steps 2-5 (progress to `err`). Never throws for a failed upgrade: that is the
/// outcome. Throws snr::Failure when even the first step cannot start.
SingleNodeUpgradeResult upgrade_single_node(const SingleNodeUpgradeOptions& options,
                                            UpgradeSteps& steps, std::ostream& err);

/// Human lines for the result (stdout).
void print_upgrade_result(const SingleNodeUpgradeResult& result, std::ostream& out);

}  // namespace snr::deploy
