#include "deploy/upgrade.h"

#include <ostream>

#include <fmt/format.h>

#include "config/versions.h"
#include "util/error.h"
#include "util/strings.h"

namespace snr::deploy {
namespace {

/// The agent's JSON result: its last line of stdout that parses as an object.
std::optional<nlohmann::json> agent_json(const std::string& out) {
  const auto lines = util::split(out, '\n');
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    const std::string line(util::trim(*it));
    if (line.empty() || line.front() != '{') continue;
    try {
      auto j = nlohmann::json::parse(line);
      if (j.is_object() && j.contains("outcome")) return j;
    } catch (const nlohmann::json::exception&) {
    }
  }
  return std::nullopt;
}

/// Restoring the chainstate by hand: the stack's own volume is kept (CloudFormation owns
/// it); the snapshot's contents are copied back onto it.
std::vector<std::string> manual_restore_steps(const UpgradeNode& n, const std::string& snapshot) {
  return {
      fmt::format("aws ec2 create-volume --snapshot-id {} --availability-zone <the zone of {}> "
                  "--volume-type gp3   (note the new VolumeId)",
                  snapshot, n.volume_id),
      fmt::format("aws ec2 attach-volume --volume-id <new volume> --instance-id {} --device "
                  "/dev/sdg",
                  n.instance_id),
      fmt::format("on {} (aws ssm start-session --target {}): systemctl stop stacks-node "
                  "stacks-signer; mkdir -p /mnt/restore; mount -o ro,nouuid /dev/sdg "
                  "/mnt/restore; rsync -aHAX --delete /mnt/restore/ /var/lib/stacks/; umount "
                  "/mnt/restore; systemctl start stacks-signer stacks-node",
                  n.instance_id, n.instance_id),
      "aws ec2 detach-volume --volume-id <new volume>; then aws ec2 delete-volume --volume-id "
      "<new volume>",
  };
}

}  // namespace

ResolvedVersion upgrade_target(const config::Config& c, const std::optional<std::string>& to,
                               ReleaseSource& releases) {
  if (to && !to->empty() && *to != "latest" && c.stacks_version != "latest" &&
      *to != c.stacks_version) {
    throw UserError("--to",
                    fmt::format("--to {} contradicts STACKS_VERSION={} in the .env, which stays "
                                "the source of truth: set STACKS_VERSION={} there and run snr "
                                "upgrade again",
                                *to, c.stacks_version, *to));
  }
  if (to && !to->empty() && *to != "latest") {
    if (!config::parse_release_tag(*to))
      throw UserError("--to", "\"" + *to + "\" is not a stacks-core release tag such as 4.0.2");
    return {*to, "--to " + *to};
  }
  config::Config target = c;
  if (to && *to == "latest") target.stacks_version = "latest";
  return resolve_stacks_version(target, std::nullopt, true, releases);
}

nlohmann::json SingleNodeUpgradeResult::to_json() const {
  nlohmann::json j = {{"stack", stack_name},
                      {"instance", instance_id},
                      {"from", from},
                      {"to", to},
                      {"outcome", outcome},
                      {"reason", reason},
                      {"downtime_seconds", downtime_seconds},
                      {"snapshot", snapshot_id},
                      {"resumed", resumed},
                      {"stack_reverted", stack_reverted},
                      {"new_version_started", new_version_started},
                      {"volume_restored", volume_restored},
                      {"manual_steps", manual_steps}};
  if (agent) j["agent"] = *agent;
  return j;
}

SingleNodeUpgradeResult upgrade_single_node(const SingleNodeUpgradeOptions& o, UpgradeSteps& steps,
                                            std::ostream& err) {
  SingleNodeUpgradeResult r;
  const UpgradeNode node = steps.node();
  r.stack_name = node.stack_name;
  r.instance_id = node.instance_id;
  r.from = node.running_version;
  r.to = o.to;

  // 2-3. Snapshot and stack update, unless an earlier run got that far.
  if (node.running_version == o.to) {
    r.resumed = true;
    err << fmt::format("{} carries Stacks {} already (an earlier snr upgrade got this far): the "
                       "agent finishes or undoes what it started\n",
                       node.stack_name, o.to);
  } else {
    err << fmt::format("snapshot of {} ({}) before the upgrade\n", node.volume_id,
                       node.instance_id);
    try {
      r.snapshot_id = steps.snapshot(node);
    } catch (const std::exception& e) {
      r.outcome = "failed";
      r.reason = std::string("no pre-upgrade snapshot, so nothing was changed: ") + e.what();
      return r;
    }
    err << fmt::format("  {}\n{}: StacksVersion {} -> {}\n", r.snapshot_id, node.stack_name,
                       node.running_version, o.to);
    try {
      steps.update_stack(o.to);
    } catch (const std::exception& e) {
      r.outcome = "failed";
      r.reason = std::string("the stack update failed (CloudFormation rolls it back; the node "
                             "was not touched): ") +
                 e.what();
      return r;
    }
  }

  // 4. The agent's in-place upgrade.
  std::vector<std::string> args = {"upgrade", "--to", o.to};
  args.insert(args.end(), o.agent_args.begin(), o.agent_args.end());
  err << fmt::format("snr agent upgrade --to {} on {} (SSM Run Command)\n", o.to, node.instance_id);
  NodeCommandResult run;
  try {
    run = steps.run_agent(node.instance_id, args);
  } catch (const std::exception& e) {
    // Unknown state on the instance: the stack keeps the new version, so a re-run resumes.
    r.outcome = "failed";
    r.reason = std::string("the agent could not be reached or did not finish: ") + e.what() +
               "; the stack keeps Stacks " + o.to +
               " so `snr upgrade` again resumes (the agent finishes or undoes its swap)";
    return r;
  }
  if (!steps.agent_observable()) {
    r.outcome = "not-observed";
    r.reason = "no snr agent runs on this target (the sandbox emulates the AWS API only): the "
               "command was sent, the swap and the health gate were not observed";
    return r;
  }
  r.agent = agent_json(run.standard_output);
  if (!r.agent) {
    r.outcome = "failed";
    r.reason = fmt::format("snr agent upgrade exited {} without a result: {}; the stack keeps "
                           "Stacks {} so `snr upgrade` again resumes",
                           run.exit_code, util::last_lines(run.standard_error, 5), o.to);
    return r;
  }
  const nlohmann::json& a = *r.agent;
  const std::string agent_outcome = a.value("outcome", "");
  if (r.from.empty() || r.resumed) r.from = a.value("from", r.from);
  r.downtime_seconds = a.value("downtime_seconds", 0.0);
  r.new_version_started = a.value("new_version_started", false);
  if (run.exit_code == 0 && (agent_outcome == "upgraded" || agent_outcome == "already-current")) {
    r.outcome = agent_outcome;
    return r;
  }

  // 5. Rollback: the agent put the binaries back; the stack and the chainstate are ours.
  r.outcome = agent_outcome == "rollback-failed" ? "rollback-failed"
              : agent_outcome == "refused"       ? "refused"
                                                 : "rolled-back";
  r.reason = a.value("reason", "snr agent upgrade failed");
  const std::string back = a.value("from", r.from);
  if (!back.empty() && back != o.to) {
    err << fmt::format("{}: StacksVersion back to {}\n", node.stack_name, back);
    try {
      steps.update_stack(back);
      r.stack_reverted = true;
    } catch (const std::exception& e) {
      r.manual_steps.push_back(fmt::format(
          "put the stack's version back: set STACKS_VERSION={} in the .env and run snr deploy "
          "{} ({})",
          back, node.stack_name, e.what()));
    }
  }
  if (r.new_version_started) {
    if (r.snapshot_id.empty()) {
      r.manual_steps.push_back(
          "the new version ran on the chainstate and this run took no snapshot (a resumed "
          "upgrade): restore from the pre-upgrade snapshot of the first run (snr snapshot list) "
          "if the old version does not sync");
    } else {
      err << fmt::format("the new version ran on the chainstate: restoring it from {}\n",
                         r.snapshot_id);
      try {
        steps.restore_volume(node, r.snapshot_id);
        r.volume_restored = true;
      } catch (const std::exception& e) {
        err << "  not automated here: " << e.what() << "\n";
        for (auto& s : manual_restore_steps(node, r.snapshot_id))
          r.manual_steps.push_back(std::move(s));
      }
    }
  }
  if (r.outcome == "rollback-failed")
    r.manual_steps.push_back(fmt::format(
        "the previous version does not answer on {}: look at journalctl -u stacks-node there "
        "(aws ssm start-session --target {}); `snr upgrade` again finishes the rollback",
        node.instance_id, node.instance_id));
  return r;
}

void print_upgrade_result(const SingleNodeUpgradeResult& r, std::ostream& out) {
  out << fmt::format("{} ({}): {} -> {}: {}\n", r.stack_name, r.instance_id,
                     r.from.empty() ? "?" : r.from, r.to, r.outcome);
  if (!r.reason.empty()) out << "  why: " << r.reason << "\n";
  if (r.outcome != "not-observed" && r.outcome != "failed")
    out << fmt::format("  downtime: {:.0f} s (node and signer stopped to answering again)\n",
                       r.downtime_seconds);
  if (!r.snapshot_id.empty()) out << "  pre-upgrade snapshot: " << r.snapshot_id << "\n";
  if (r.stack_reverted) out << "  the stack's StacksVersion was put back to " << r.from << "\n";
  if (r.volume_restored) out << "  the data volume was restored from " << r.snapshot_id << "\n";
  if (!r.manual_steps.empty()) {
    out << "  still to do by hand:\n";
    int i = 0;
    for (const auto& s : r.manual_steps)
      out << fmt::format("    {}. {}\n", ++i, s);
  }
}

}  // namespace snr::deploy
