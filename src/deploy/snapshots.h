#pragma once
/// `snr snapshot create|list` and the snapshot half of `snr destroy`: EBS snapshots
/// of the nodes' data volumes, taken while the agent holds the node stopped
/// (snapshot-prepare / snapshot-done through SSM Run Command, deploy/run_command.h).
///
/// An EBS snapshot is point-in-time at CreateSnapshot: the node may restart as soon
/// as the call returns, while the snapshot is still `pending` (its blocks are
/// copied in the background). HA: one node at a time, each healthy again before
/// the next, so the fleet never stops serving. See docs/snapshots.md.

#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "aws/client.h"
#include "aws/ec2.h"
#include "config/config.h"
#include "deploy/run_command.h"
#include "deploy/target.h"

namespace snr::deploy {

/// One node of a stack: its instance and its data volume.
struct NodeVolume {
  std::string instance_id;
  std::string volume_id;
};

/// What `snr agent snapshot-prepare` prints on stdout (one JSON object).
struct PreparedNode {
  std::string stacks_version;  ///< the running stacks-node's version
  std::uint64_t tip_height = 0;
  std::uint64_t burn_height = 0;
};

/// Parses the agent's answer; nullopt when it is not the expected JSON.
std::optional<PreparedNode> parse_prepare_output(const std::string& standard_output);
/// The JSON the agent prints (the other half of parse_prepare_output).
std::string prepare_output(const PreparedNode& node);

/// The tags of a snapshot of `stack_name` (snr-stack, project, network, version,
/// heights, consistent, made-by, instance). Unknown heights are tagged "unknown".
aws::Tags snapshot_tags(const std::string& stack_name, const std::string& stack_id,
                        config::Network network, const std::string& instance_id,
                        const std::optional<PreparedNode>& node,
                        const std::string& configured_version);

/// The snapshots `snr snapshot create` made of one stack that retention deletes:
/// all but the newest `retain` (by start time). Scheduled (DLM) ones are not
/// considered: their policy keeps its own count.
std::vector<std::string> snapshots_to_delete(const std::vector<aws::Snapshot>& of_stack,
                                             std::uint32_t retain);

/// The calls one node's snapshot makes, injectable for tests.
struct SnapshotSteps {
  /// Runs `snr agent <args>` on the instance and waits (run_agent_command).
  std::function<AgentCommandResult(const std::string& instance,
                                   const std::vector<std::string>& args)>
      run_agent;
  /// Sends `snr agent <args>` without waiting (targets whose commands never run).
  std::function<void(const std::string& instance, const std::vector<std::string>& args)> send_only;
  std::function<aws::Snapshot(const std::string& volume, const std::string& description,
                              const aws::Tags& tags)>
      create_snapshot;
};

struct NodeSnapshotOptions {
  std::string stack_name;
  std::string stack_id;
  config::Network network = config::Network::mainnet;
  std::string configured_version;
  /// Wait until the node is healthy again after the restart (HA: before the next node).
  std::chrono::seconds wait_healthy{0};
  TargetQuirks quirks;
};

struct NodeSnapshotResult {
  aws::Snapshot snapshot;
  bool consistent = false;
  std::string note;  ///< why it is not consistent, when it is not
};

/// prepare → CreateSnapshot → done. `snapshot-done` runs whatever happened after a
/// successful prepare (a failed CreateSnapshot still restarts the node); a failed
/// prepare also sends it (the agent may have stopped part of the node).
NodeSnapshotResult snapshot_node(const NodeVolume& node, const NodeSnapshotOptions& options,
                                 const SnapshotSteps& steps, std::ostream& err);

/// The nodes of a deployed node stack (single node: its instance and data volume;
/// HA: each InService instance and the volume attached at the data device).
/// Throws snr::Failure when the stack is not deployed or has no node.
std::vector<NodeVolume> stack_nodes(const aws::AwsContext& ctx, const std::string& stack_id,
                                    const std::string& stack_name);

/// The snapshots tagged snr-stack = `stack_name` (all stacks' when empty), newest first.
std::vector<aws::Snapshot> list_snapshots(const aws::AwsContext& ctx,
                                          const std::string& stack_name);

struct CreateSnapshotsOptions {
  std::string stack_id;  ///< stacks-single-node or stacks-ha-nodes
  TargetQuirks quirks;
  RunCommandHooks hooks;
};

/// `snr snapshot create`: every node of the stack, one at a time, then retention.
/// Prints the snapshots on `out`, progress on `err`. Returns the exit code.
int create_snapshots(const config::Config& c, const aws::AwsContext& ctx,
                     const CreateSnapshotsOptions& options, std::ostream& out, std::ostream& err);

/// `snr snapshot list`: a table, or a JSON array with `json`.
void print_snapshots(const std::vector<aws::Snapshot>& snapshots, bool json, std::ostream& out);

/// Deletes every snapshot tagged snr-stack = `stack_name`; returns how many.
int delete_stack_snapshots(const aws::AwsContext& ctx, const std::string& stack_name,
                           std::ostream& err);

}  // namespace snr::deploy
