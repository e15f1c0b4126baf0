#pragma once
/// `snr deploy` and `snr diff`: put the synthesized stacks into an account
/// through CloudFormation change sets, in dependency order, following each
/// operation live, and hand back the outputs.

#include <chrono>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "aws/client.h"
#include "config/config.h"
#include "deploy/change_summary.h"
#include "deploy/stacks_version.h"
#include "deploy/target.h"
#include "infra/synth.h"

namespace snr::deploy {

struct DeployOptions {
  /// Stack ids as the user gave them; empty: every stack that applies.
  std::vector<std::string> stack_ids;
  std::optional<std::filesystem::path> outputs_file;
  Approval approval = Approval::broadening;
  /// Move a running `latest` deployment to the newest release.
  bool upgrade = false;
  /// Move running node stacks to the latest Amazon Linux 2023 AMI (replaces the nodes).
  bool update_ami = false;
  /// HA: start new nodes from the newest consistent snapshot of the stack (DataSnapshotId;
  /// replaces the group). snr upgrade's blue/green sets it; a deploy keeps the pinned one.
  bool refresh_data_snapshot = false;
  /// How the target departs from AWS (none for AWS itself).
  TargetQuirks quirks;
  /// `snr upgrade`: a change set that replaces or removes a node is refused (deleted,
  /// exit 1) instead of asked about: the in-place upgrade must keep the instance.
  bool refuse_node_replacement = false;
  /// The snr binary the instances run (default: this executable).
  std::filesystem::path snr_binary;
  std::chrono::milliseconds poll{2000};
};

struct DeployHooks {
  /// Asks a yes/no question; nullopt when nobody can answer (no terminal).
  std::function<std::optional<bool>(const std::string& question)> confirm;
  /// True once the user pressed Ctrl-C.
  std::function<bool()> interrupted;
  std::function<void(std::chrono::milliseconds)> sleep;  ///< default: real sleep
  /// Called once before anything changes when a stack to deploy does not exist
  /// yet (the CLI prints the cost estimate, `snr cost`).
  std::function<void(const infra::Synthesis&)> first_deploy;
};

/// Exit code for a deploy the user interrupted (the stack goes on in CloudFormation).
inline constexpr int kExitInterrupted = 130;

class Deployer {
 public:
  Deployer(const config::Config& config, aws::AwsContext context, ReleaseSource& releases,
           DeployOptions options, DeployHooks hooks, std::ostream& out, std::ostream& err);

  /// Deploys; returns the exit code (0, 1 on a failed or refused deploy, 130
  /// when interrupted). Throws snr::UserError / snr::Failure.
  int deploy();
  /// Shows what deploy would change without changing anything (exit 0).
  int diff();

 private:
  /// The stacks of the options and what they depend on, synthesized once.
  infra::Synthesis synthesize() const;

  const config::Config& config_;
  aws::AwsContext context_;
  ReleaseSource& releases_;
  DeployOptions options_;
  DeployHooks hooks_;
  std::ostream& out_;  ///< results: summaries, outputs
  std::ostream& err_;  ///< progress
};

}  // namespace snr::deploy
