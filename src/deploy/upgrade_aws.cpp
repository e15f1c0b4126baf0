#include "deploy/upgrade_aws.h"

#include <ostream>

#include "aws/cloudformation.h"
#include "deploy/parameters.h"
#include "infra/names.h"
#include "infra/stacks.h"
#include "util/error.h"

namespace snr::deploy {

AwsUpgradeSteps::AwsUpgradeSteps(const config::Config& config, aws::AwsContext context,
                                 ReleaseSource& releases, DeployOptions options, DeployHooks hooks,
                                 std::ostream& out, std::ostream& err)
    : config_(config),
      context_(std::move(context)),
      releases_(releases),
      options_(std::move(options)),
      hooks_(std::move(hooks)),
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

std::string AwsUpgradeSteps::snapshot(const UpgradeNode&) {
  throw Failure("this build cannot take a consistent snapshot yet (snr snapshot create comes "
                "with the snapshot work); snr upgrade changes nothing without one");
}

void AwsUpgradeSteps::update_stack(const std::string& version) {
  config::Config c = config_;
  c.stacks_version = version;
  Deployer d(c, context_, releases_, options_, hooks_, out_, err_);
  const int code = d.deploy();
  if (code != 0)
    throw Failure("the stack update to Stacks " + version + " did not complete (exit " +
                  std::to_string(code) + ")");
}

NodeCommandResult AwsUpgradeSteps::run_agent(const std::string&, const std::vector<std::string>&) {
  throw Failure("this build cannot run snr agent commands through SSM yet (Run Command comes "
                "with the snapshot work)");
}

void AwsUpgradeSteps::restore_volume(const UpgradeNode&, const std::string&) {
  throw Failure("restoring the data volume from a snapshot is not automated yet");
}

}  // namespace snr::deploy
