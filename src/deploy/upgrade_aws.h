#pragma once
/// UpgradeSteps on CloudFormation, EC2 and SSM: the node from the stack's resources and
/// parameters, the consistent snapshot as `snr snapshot create` takes it (snapshot_node),
/// the stack update through the Deployer (node replacement refused), and the agent through
/// SSM Run Command (run_agent_command). On a target whose commands never run (the sandbox)
/// the commands are sent only, and the result is marked not observed.

#include <chrono>
#include <iosfwd>
#include <string>

#include "aws/client.h"
#include "config/config.h"
#include "deploy/deployer.h"
#include "deploy/run_command.h"
#include "deploy/upgrade.h"

namespace snr::deploy {

class AwsUpgradeSteps final : public UpgradeSteps {
 public:
  /// `options` are the deployer's for the stack update (stack id, approval, quirks, binary).
  /// `agent_timeout`: how long `snr agent upgrade` may take (its gate and rollback included).
  AwsUpgradeSteps(const config::Config& config, aws::AwsContext context, ReleaseSource& releases,
                  DeployOptions options, DeployHooks hooks, RunCommandHooks command_hooks,
                  std::chrono::seconds agent_timeout, std::ostream& out, std::ostream& err);

  UpgradeNode node() override;
  std::string snapshot(const UpgradeNode& node) override;
  void update_stack(const std::string& version) override;
  NodeCommandResult run_agent(const std::string& instance_id,
                              const std::vector<std::string>& args) override;
  bool agent_observable() const override { return !options_.quirks.commands_never_run; }
  void restore_volume(const UpgradeNode& node, const std::string& snapshot_id) override;

 private:
  void send_only(aws::SsmClient& ssm, const std::string& instance,
                 const std::vector<std::string>& args, const std::string& comment);
  const config::Config& config_;
  aws::AwsContext context_;
  ReleaseSource& releases_;
  DeployOptions options_;
  RunCommandHooks hooks_;
  DeployHooks deploy_hooks_;
  std::chrono::seconds agent_timeout_;
  std::ostream& out_;
  std::ostream& err_;
};

}  // namespace snr::deploy
