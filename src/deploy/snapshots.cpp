#include "deploy/snapshots.h"

#include <algorithm>
#include <iomanip>
#include <ostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "aws/autoscaling.h"
#include "aws/cloudformation.h"
#include "aws/error.h"
#include "aws/ssm.h"
#include "contract/names.h"
#include "infra/names.h"
#include "infra/stacks.h"
#include "util/error.h"

namespace snr::deploy {

namespace {

std::string snapshot_tag(const aws::Tags& tags, std::string_view key) {
  for (const auto& t : tags) {
    if (t.key == key) return t.value;
  }
  return {};
}

std::string stack_output(const aws::Stack& s, const std::string& key) {
  for (const auto& o : s.outputs) {
    if (o.key == key) return o.value;
  }
  return {};
}

bool newer_snapshot(const aws::Snapshot& a, const aws::Snapshot& b) {
  auto ta = a.start_time.value_or(aws::Timestamp{});
  auto tb = b.start_time.value_or(aws::Timestamp{});
  if (ta != tb) return ta > tb;
  return a.id > b.id;
}

std::string started_minute(const aws::Snapshot& s) {
  if (!s.start_time) return "-";
  std::string t = aws::format_iso8601(*s.start_time);
  return t.substr(0, 16) + "Z";  // to the minute
}

std::string dash_if_empty(const std::string& s) { return s.empty() ? "-" : s; }

}  // namespace

std::optional<PreparedNode> parse_prepare_output(const std::string& standard_output) {
  // The last non-empty line: the agent may log before it.
  std::istringstream in(standard_output);
  std::string line, last;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
  }
  auto j = nlohmann::json::parse(last, nullptr, false);
  if (!j.is_object() || !j.contains("tip_height") || !j["tip_height"].is_number_unsigned() ||
      !j.contains("burn_height") || !j["burn_height"].is_number_unsigned()) {
    return std::nullopt;
  }
  PreparedNode n;
  n.tip_height = j["tip_height"].get<std::uint64_t>();
  n.burn_height = j["burn_height"].get<std::uint64_t>();
  if (j.contains("stacks_version") && j["stacks_version"].is_string())
    n.stacks_version = j["stacks_version"].get<std::string>();
  return n;
}

std::string prepare_output(const PreparedNode& node) {
  return nlohmann::json{{"stacks_version", node.stacks_version},
                        {"tip_height", node.tip_height},
                        {"burn_height", node.burn_height}}
      .dump();
}

aws::Tags snapshot_tags(const std::string& stack_name, const std::string& stack_id,
                        config::Network network, const std::string& instance_id,
                        const std::optional<PreparedNode>& node,
                        const std::string& configured_version) {
  std::string version = node && !node->stacks_version.empty() ? node->stacks_version
                                                              : configured_version;
  return {{std::string(contract::kProjectTagKey), std::string(contract::kProjectTagValue)},
          {std::string(contract::kStackTagKey), stack_name},
          {std::string(contract::kStackIdTag), stack_id},
          {"Name", stack_name + " data"},
          {std::string(contract::kSnapshotNetworkTag), std::string(node::to_string(network))},
          {std::string(contract::kSnapshotVersionTag), version},
          {std::string(contract::kSnapshotTipTag),
           node ? std::to_string(node->tip_height) : "unknown"},
          {std::string(contract::kSnapshotBurnTag),
           node ? std::to_string(node->burn_height) : "unknown"},
          {std::string(contract::kSnapshotConsistentTag), node ? "true" : "false"},
          {std::string(contract::kSnapshotMadeByTag), std::string(contract::kSnapshotMadeByCreate)},
          {std::string(contract::kSnapshotInstanceTag), instance_id}};
}

std::vector<std::string> snapshots_to_delete(const std::vector<aws::Snapshot>& of_stack,
                                             std::uint32_t retain) {
  std::vector<aws::Snapshot> ours;
  for (const auto& s : of_stack) {
    if (snapshot_tag(s.tags, contract::kSnapshotMadeByTag) == contract::kSnapshotMadeByCreate)
      ours.push_back(s);
  }
  std::sort(ours.begin(), ours.end(), newer_snapshot);
  std::vector<std::string> out;
  for (std::size_t i = retain; i < ours.size(); ++i) out.push_back(ours[i].id);
  return out;
}

NodeSnapshotResult snapshot_node(const NodeVolume& node, const NodeSnapshotOptions& o,
                                 const SnapshotSteps& steps, std::ostream& err) {
  const std::string description = "snr " + o.stack_name + " data volume " + node.volume_id;
  NodeSnapshotResult r;
  if (o.quirks.commands_never_run) {
    // The command is sent (the target records it) but nothing runs it: the node was
    // never stopped, so the snapshot is crash-consistent only, and says so.
    steps.send_only(node.instance_id, {"snapshot-prepare"});
    r.note = "no agent runs on this target (SSM commands are accepted but never run), so " +
             node.instance_id + " was not stopped: the snapshot is crash-consistent only "
             "(snr:consistent=false) and heights are unknown";
    err << "  NOTE: " << r.note << "\n";
    r.snapshot = steps.create_snapshot(
        node.volume_id, description,
        snapshot_tags(o.stack_name, o.stack_id, o.network, node.instance_id, std::nullopt,
                      o.configured_version));
    steps.send_only(node.instance_id, {"snapshot-done"});
    r.consistent = false;
    return r;
  }
  std::vector<std::string> done_args{"snapshot-done"};
  if (o.wait_healthy.count() > 0)
    done_args.insert(done_args.end(), {"--wait-healthy", std::to_string(o.wait_healthy.count())});
  auto done = [&]() -> std::optional<std::string> {
    try {
      AgentCommandResult d = steps.run_agent(node.instance_id, done_args);
      require_success(d, node.instance_id, "snapshot-done (restarting the node)");
      return std::nullopt;
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
  };
  auto fail_after_done = [&](const std::string& what) {
    std::optional<std::string> d = done();
    throw Failure(what + (d ? "\nand restarting the node failed too: " + *d +
                                  "\nthe agent restarts it by itself at its deadline; check with "
                                  "`snr status`"
                            : "\n(the node was restarted)"));
  };
  err << "  " << node.instance_id << ": stopping the node for a consistent snapshot of "
      << node.volume_id << "\n";
  AgentCommandResult prep;
  try {
    prep = steps.run_agent(node.instance_id, {"snapshot-prepare"});
  } catch (const std::exception& e) {
    fail_after_done(e.what());
  }
  if (!prep.ok()) {
    try {
      require_success(prep, node.instance_id, "snapshot-prepare");
    } catch (const Failure& e) {
      fail_after_done(e.what());
    }
  }
  std::optional<PreparedNode> facts = parse_prepare_output(prep.standard_output);
  if (!facts) {
    fail_after_done("snapshot-prepare on " + node.instance_id +
                    " printed no heights (expected one JSON line); stdout was: " +
                    prep.standard_output.substr(0, 500));
  }
  try {
    r.snapshot = steps.create_snapshot(
        node.volume_id, description,
        snapshot_tags(o.stack_name, o.stack_id, o.network, node.instance_id, facts,
                      o.configured_version));
  } catch (const std::exception& e) {
    fail_after_done("CreateSnapshot of " + node.volume_id + " failed: " + e.what());
  }
  r.consistent = true;
  err << "  " << r.snapshot.id << " started (point-in-time now; the node restarts while it "
      << "copies)\n";
  if (std::optional<std::string> d = done()) {
    throw Failure("snapshot " + r.snapshot.id + " was taken, but " + *d +
                  "\nthe agent restarts the node by itself at its deadline; check with "
                  "`snr status`");
  }
  return r;
}

std::vector<NodeVolume> stack_nodes(const aws::AwsContext& ctx, const std::string& stack_id,
                                    const std::string& stack_name) {
  aws::CloudFormationClient cfn(ctx);
  auto s = cfn.describe_stack(stack_name);
  if (!s) throw Failure(stack_id + " (" + stack_name + ") is not deployed");
  std::vector<NodeVolume> out;
  if (stack_id == infra::kSingleNodeStackId) {
    NodeVolume n{stack_output(*s, "nodeinstanceid"), stack_output(*s, "datavolumeid")};
    if (n.instance_id.empty() || n.volume_id.empty())
      throw Failure(stack_name + " has no node instance or data volume in its outputs");
    out.push_back(n);
    return out;
  }
  if (stack_id != infra::kHaStackId) {
    throw UserError("STACK_ID", "\"" + stack_id + "\" has no nodes to snapshot; allowed: " +
                                    std::string(infra::kSingleNodeStackId) + ", " +
                                    std::string(infra::kHaStackId));
  }
  std::string group;
  for (const auto& r : cfn.list_stack_resources(stack_name)) {
    if (r.logical_id == infra::ha_ids::kNodeGroup) group = r.physical_id;
  }
  if (group.empty()) throw Failure(stack_name + " has no Auto Scaling group");
  aws::Ec2Client ec2(ctx);
  for (const auto& g : aws::AutoScalingClient(ctx).describe_auto_scaling_groups({group})) {
    for (const auto& i : g.instances) {
      if (i.lifecycle_state != "InService") continue;
      auto vols = ec2.describe_volumes({{"attachment.instance-id", {i.instance_id}},
                                        {"attachment.device", {std::string(contract::kDataDeviceName)}}});
      if (vols.empty()) {
        throw Failure("instance " + i.instance_id + " of " + stack_name + " has no volume at " +
                      std::string(contract::kDataDeviceName));
      }
      out.push_back({i.instance_id, vols[0].id});
    }
  }
  if (out.empty()) throw Failure(stack_name + " has no InService node to snapshot");
  return out;
}

std::vector<aws::Snapshot> list_snapshots(const aws::AwsContext& ctx,
                                          const std::string& stack_name) {
  std::vector<aws::Filter> f;
  if (stack_name.empty())
    f.push_back({"tag-key", {std::string(contract::kStackTagKey)}});
  else
    f.push_back({"tag:" + std::string(contract::kStackTagKey), {stack_name}});
  auto out = aws::Ec2Client(ctx).describe_snapshots(f);
  std::sort(out.begin(), out.end(), newer_snapshot);
  return out;
}

int create_snapshots(const config::Config& c, const aws::AwsContext& ctx,
                     const CreateSnapshotsOptions& options, std::ostream& out, std::ostream& err) {
  const std::string name = infra::stack_name(options.stack_id, c);
  std::vector<NodeVolume> nodes = stack_nodes(ctx, options.stack_id, name);
  aws::Ec2Client ec2(ctx);
  aws::SsmClient ssm(ctx);
  SnapshotSteps steps;
  steps.run_agent = [&](const std::string& instance, const std::vector<std::string>& args) {
    RunCommandOptions ro;
    ro.comment = "snr snapshot create " + name + ": " + args[0];
    return run_agent_command(ssm, instance, args, ro, options.hooks);
  };
  steps.send_only = [&](const std::string& instance, const std::vector<std::string>& args) {
    aws::SendCommandRequest req;
    req.instance_ids = {instance};
    req.commands = {agent_command_line(args)};
    req.comment = "snr snapshot create " + name + ": " + args[0];
    std::string id = ssm.send_command(req);
    err << "  sent `snr agent " << args[0] << "` to " << instance << " (SSM command " << id
        << "; not run on this target)\n";
  };
  steps.create_snapshot = [&](const std::string& volume, const std::string& description,
                              const aws::Tags& tags) {
    return ec2.create_snapshot(volume, description, tags);
  };
  NodeSnapshotOptions no;
  no.stack_name = name;
  no.stack_id = options.stack_id;
  no.network = c.network;
  // The release the stack runs (StacksVersion holds the resolved tag, never "latest").
  no.configured_version = c.stacks_version;
  if (auto st = aws::CloudFormationClient(ctx).describe_stack(name)) {
    for (const auto& p : st->parameters)
      if (p.key == infra::params::kStacksVersion && !p.value.empty()) no.configured_version = p.value;
  }
  no.quirks = options.quirks;
  // HA: one node at a time, each serving again before the next.
  if (options.stack_id == infra::kHaStackId)
    no.wait_healthy = std::chrono::minutes(c.ha.health_check_grace_period_min + 10);
  err << "snapshot of " << name << ": " << nodes.size() << " node(s), one at a time\n";
  std::vector<NodeSnapshotResult> made;
  for (const NodeVolume& n : nodes) made.push_back(snapshot_node(n, no, steps, err));
  for (const auto& m : made) {
    out << m.snapshot.id << "  " << m.snapshot.volume_id << "  " << m.snapshot.state << "  "
        << (m.consistent ? "consistent" : "crash-consistent only") << "\n";
  }
  // Retention: only after every node's snapshot was taken.
  auto doomed = snapshots_to_delete(list_snapshots(ctx, name), c.snapshots.retain);
  for (const std::string& id : doomed) {
    ec2.delete_snapshot(id);
    err << "  deleted " << id << " (STACKS_SNAPSHOT_RETAIN=" << c.snapshots.retain << ")\n";
  }
  return 0;
}

void print_snapshots(const std::vector<aws::Snapshot>& snaps, bool json, std::ostream& out) {
  if (json) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& s : snaps) {
      a.push_back({{"id", s.id},
                   {"stack", snapshot_tag(s.tags, contract::kStackTagKey)},
                   {"instance", snapshot_tag(s.tags, contract::kSnapshotInstanceTag)},
                   {"volume", s.volume_id},
                   {"started", s.start_time ? aws::format_iso8601(*s.start_time) : ""},
                   {"state", s.state},
                   {"size_gib", s.volume_size_gib},
                   {"network", snapshot_tag(s.tags, contract::kSnapshotNetworkTag)},
                   {"stacks_version", snapshot_tag(s.tags, contract::kSnapshotVersionTag)},
                   {"tip_height", snapshot_tag(s.tags, contract::kSnapshotTipTag)},
                   {"burn_height", snapshot_tag(s.tags, contract::kSnapshotBurnTag)},
                   {"consistent", snapshot_tag(s.tags, contract::kSnapshotConsistentTag) == "true"},
                   {"made_by", snapshot_tag(s.tags, contract::kSnapshotMadeByTag)}});
    }
    out << a.dump(2) << "\n";
    return;
  }
  if (snaps.empty()) {
    out << "no snapshots\n";
    return;
  }
  std::vector<std::vector<std::string>> rows{{"SNAPSHOT", "STACK", "NODE/VOLUME", "STARTED",
                                              "STATE", "GIB", "NETWORK", "VERSION",
                                              "TIP/BURN", "CONSISTENT"}};
  for (const auto& s : snaps) {
    std::string node = snapshot_tag(s.tags, contract::kSnapshotInstanceTag);
    rows.push_back({s.id, dash_if_empty(snapshot_tag(s.tags, contract::kStackTagKey)),
                    (node.empty() ? "" : node + "/") + s.volume_id, started_minute(s), s.state,
                    std::to_string(s.volume_size_gib),
                    dash_if_empty(snapshot_tag(s.tags, contract::kSnapshotNetworkTag)),
                    dash_if_empty(snapshot_tag(s.tags, contract::kSnapshotVersionTag)),
                    dash_if_empty(snapshot_tag(s.tags, contract::kSnapshotTipTag)) + "/" +
                        dash_if_empty(snapshot_tag(s.tags, contract::kSnapshotBurnTag)),
                    snapshot_tag(s.tags, contract::kSnapshotConsistentTag) == "true" ? "yes" : "no"});
  }
  std::vector<std::size_t> width(rows[0].size(), 0);
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i) {
      line += r[i];
      if (i + 1 < r.size()) line += std::string(width[i] - r[i].size() + 2, ' ');
    }
    out << line << "\n";
  }
}

int delete_stack_snapshots(const aws::AwsContext& ctx, const std::string& stack_name,
                           std::ostream& err) {
  aws::Ec2Client ec2(ctx);
  int n = 0;
  for (const auto& s : list_snapshots(ctx, stack_name)) {
    if (ec2.delete_snapshot(s.id)) {
      ++n;
      err << "  deleted snapshot " << s.id << "\n";
    }
  }
  return n;
}

}  // namespace snr::deploy
