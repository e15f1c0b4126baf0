#pragma once
/// UpgradeSteps on CloudFormation, EC2 and SSM: the node from the stack's resources and
/// parameters, the stack update through the Deployer (node replacement refused), and the
/// agent through SSM Run Command. The consistent snapshot and Run Command come with
/// `snr snapshot` (src/deploy/snapshots, run_command); until this build has them these
/// steps say so and the upgrade stops before changing anything.

#include <iosfwd>
#include <string>

#include "aws/client.h"
#include "config/config.h"
#include "deploy/deployer.h"
#include "deploy/upgrade.h"

namespace snr::deploy {

class AwsUpgradeSteps final : public UpgradeSteps {
 public:
  /// `options` are the deployer's for the stack update (stack id, approval, quirks, binary).
  AwsUpgradeSteps(const config::Config& config, aws::AwsContext context, ReleaseSource& releases,
                  DeployOptions options, DeployHooks hooks, std::ostream& out, std::ostream& err);

  UpgradeNode node() override;
  std::string snapshot(const UpgradeNode& node) override;
  void update_stack(const std::string& version) override;
  NodeCommandResult run_agent(const std::string& instance_id,
                              const std::vector<std::string>& args) override;
  bool agent_observable() const override { return !options_.quirks.commands_never_run; }
  void restore_volume(const UpgradeNode& node, const std::string& snapshot_id) override;

 private:
  const config::Config& config_;
  aws::AwsContext context_;
  ReleaseSource& releases_;
  DeployOptions options_;
  DeployHooks hooks_;
  std::ostream& out_;
  std::ostream& err_;
};

}  // namespace snr::deploy
