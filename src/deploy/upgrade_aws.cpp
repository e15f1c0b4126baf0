#include "deploy/upgrade_aws.h"

#include <ostream>

#include "aws/cloudformation.h"
#include "aws/ec2.h"
#include "aws/ssm.h"
#include "deploy/snapshots.h"
#include "deploy/parameters.h"
#include "infra/names.h"
#include "infra/stacks.h"
#include "util/error.h"
#include "util/strings.h"

namespace snr::deploy {

AwsUpgradeSteps::AwsUpgradeSteps(const config::Config& config, aws::AwsContext context,
                                 ReleaseSource& releases, DeployOptions options, DeployHooks hooks,
                                 RunCommandHooks command_hooks, std::chrono::seconds agent_timeout,
                                 std::ostream& out, std::ostream& err)
    : config_(config),
      context_(std::move(context)),
      releases_(releases),
      options_(std::move(options)),
      hooks_(std::move(command_hooks)),
      deploy_hooks_(std::move(hooks)),
      agent_timeout_(agent_timeout),
      out_(out),
      err_(err) {
  options_.refuse_node_replacement = true;
}

UpgradeNode AwsUpgradeSteps::node() {
  if (options_.stack_ids.size() != 1 || options_.stack_ids[0] != infra::kSingleNodeStackId)
    throw UserError("STACK_ID", "snr upgrade moves one node in place: stacks-single-node (HA "
                                "blue/green is not built yet: set STACKS_VERSION and snr deploy "
                                "stacks-ha-nodes)");
  aws::CloudFormationClient cfn(context_);
  UpgradeNode n;
  n.stack_name = infra::stack_name(options_.stack_ids[0], config_);
  auto stack = cfn.describe_stack(n.stack_name);
  if (!stack) throw Failure(n.stack_name + " does not exist: snr deploy it first");
  n.running_version =
      parameter_of(*stack, std::string(infra::params::kStacksVersion)).value_or("");
  for (const auto& r : cfn.list_stack_resources(n.stack_name)) {
    if (r.logical_id == infra::single_ids::kNodeInstance) n.instance_id = r.physical_id;
    if (r.logical_id == infra::single_ids::kDataVolume) n.volume_id = r.physical_id;
  }
  if (n.instance_id.empty())
    throw Failure(n.stack_name + " has no " + infra::single_ids::kNodeInstance + " (snr status shows why)");
  return n;
}

std::string AwsUpgradeSteps::snapshot(const UpgradeNode& node) {
  // snr snapshot create's one-node path: the agent stops the node for the moment
  // CreateSnapshot is called (snapshot-prepare / snapshot-done), then it runs again.
  aws::Ec2Client ec2(context_);
  aws::SsmClient ssm(context_);
  const std::string comment = "snr upgrade " + node.stack_name + ": ";
  SnapshotSteps st;
  st.run_agent = [&](const std::string& instance, const std::vector<std::string>& args) {
    RunCommandOptions ro;
    ro.comment = comment + args[0];
    return run_agent_command(ssm, instance, args, ro, hooks_);
  };
  st.send_only = [&](const std::string& instance, const std::vector<std::string>& args) {
    send_only(ssm, instance, args, comment + args[0]);
  };
  st.create_snapshot = [&](const std::string& volume, const std::string& description,
                           const aws::Tags& tags) {
    return ec2.create_snapshot(volume, description, tags);
  };
  NodeSnapshotOptions no;
  no.stack_name = node.stack_name;
  no.stack_id = options_.stack_ids.at(0);
  no.network = config_.network;
  no.configured_version = node.running_version;
  no.quirks = options_.quirks;
  NodeSnapshotResult r = snapshot_node({node.instance_id, node.volume_id}, no, st, err_);
  err_ << "  " << r.snapshot.id << (r.consistent ? " (consistent)" : " (crash-consistent only)")
       << "\n";
  return r.snapshot.id;
}

void AwsUpgradeSteps::send_only(aws::SsmClient& ssm, const std::string& instance,
                                const std::vector<std::string>& args, const std::string& comment) {
  aws::SendCommandRequest req;
  req.instance_ids = {instance};
  req.commands = {agent_command_line(args)};
  req.comment = comment;
  const std::string id = ssm.send_command(req);
  err_ << "  sent `snr agent " << args[0] << "` to " << instance << " (SSM command " << id
       << "; no agent runs on this target)\n";
}

void AwsUpgradeSteps::update_stack(const std::string& version) {
  config::Config c = config_;
  c.stacks_version = version;
  Deployer d(c, context_, releases_, options_, deploy_hooks_, out_, err_);
  const int code = d.deploy();
  if (code != 0)
    throw Failure("the stack update to Stacks " + version + " did not complete (exit " +
                  std::to_string(code) + ")");
}

NodeCommandResult AwsUpgradeSteps::run_agent(const std::string& instance_id,
                                             const std::vector<std::string>& args) {
  aws::SsmClient ssm(context_);
  const std::string comment = "snr upgrade: " + util::join(args, " ");
  if (options_.quirks.commands_never_run) {
    send_only(ssm, instance_id, args, comment);
    return {};
  }
  RunCommandOptions ro;
  ro.comment = comment;
  ro.timeout = agent_timeout_;
  AgentCommandResult r = run_agent_command(ssm, instance_id, args, ro, hooks_);
  return {r.exit_code, r.standard_output, r.standard_error};
}

void AwsUpgradeSteps::restore_volume(const UpgradeNode&, const std::string&) {
  throw Failure("restoring the data volume from a snapshot is not automated yet");
}

}  // namespace snr::deploy
