#pragma once
/// The values of the template parameters a deploy or diff passes to
/// CloudFormation, each taken from where the manifest says
/// (infra::ParameterSource).

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "aws/client.h"
#include "aws/cloudformation.h"
#include "config/config.h"
#include "deploy/publish_binary.h"
#include "deploy/stacks_version.h"
#include "deploy/target.h"
#include "infra/synth.h"

namespace snr::deploy {

/// The value a stack currently runs with for parameter `key`, if any.
std::optional<std::string> parameter_of(const aws::Stack& stack, const std::string& key);

/// The AMI a node stack runs, and why that one.
struct ResolvedImage {
  std::string id;
  std::string why;
};

/// The AMI is pinned like the Stacks version: a stack keeps the AMI it runs
/// (also one a pre-pin SSM-typed parameter resolved); `latest` (the SSM
/// public parameter) is read only for a new stack or with `update`
/// (--update-ami).
ResolvedImage choose_image(const std::optional<aws::Stack>& running, bool update,
                           const std::function<std::string()>& latest);

/// Where a node goes: its zone, and the subnets with that zone's first.
struct Placement {
  std::string zone;
  std::vector<std::string> subnet_ids;
};

/// A running node stays in `running_zone`; a new one goes to the first zone
/// (by name) of `vpc` that offers the instance type (`offered_zones`, from
/// DescribeInstanceTypeOfferings). Throws snr::UserError naming
/// STACKS_INSTANCE_TYPE when the type is not offered where the node must run.
Placement choose_placement(const DefaultVpc& vpc, const std::vector<std::string>& offered_zones,
                           const std::optional<std::string>& running_zone,
                           const std::string& instance_type);

/// Fills the template parameters of the stacks of one command; each lookup
/// (default VPC, Stacks version, snr binary, secret) is done once per run.
class ParameterFiller {
 public:
  struct Options {
    /// Move a running `latest` deployment to the newest release.
    bool upgrade = false;
    /// The snr binary the instances run.
    std::filesystem::path snr_binary;
    /// diff: nothing is uploaded or stored; an existing password secret is kept.
    bool dry_run = false;
    /// Move a running node stack to the latest Amazon Linux 2023 AMI.
    bool update_ami = false;
    /// HA: take the newest consistent snapshot for new nodes (replaces the group).
    bool refresh_data_snapshot = false;
  };

  ParameterFiller(const config::Config& config, const aws::AwsContext& context,
                  ReleaseSource& releases, Options options, std::ostream& err);

  /// The parameters to pass for `artifact`; `existing` is the stack as it runs
  /// now. Those the template's default serves are left out.
  std::vector<aws::StackParameter> fill(const infra::StackArtifact& artifact,
                                        const std::optional<aws::Stack>& existing);

  /// Where `artifact`'s node goes (zone and subnets); refuses, as bad input, an
  /// instance type not offered where the node must run. Empty for a stack without a node.
  std::optional<Placement> placement_of(const infra::StackArtifact& artifact,
                                        const std::optional<aws::Stack>& existing);

 private:
  std::string value_of(const infra::StackArtifact& artifact, const infra::DeployParameter& p,
                       const std::optional<aws::Stack>& existing);
  const DefaultVpc& vpc();
  Placement placement(const infra::StackArtifact& artifact,
                      const std::optional<aws::Stack>& existing);
  std::string latest_ami();
  const PublishedAsset& asset();
  std::string bitcoin_secret(const std::string& stack_name);

  const config::Config& config_;
  const aws::AwsContext& context_;
  ReleaseSource& releases_;
  Options options_;
  std::ostream& err_;
  std::optional<DefaultVpc> vpc_;
  std::optional<std::vector<std::string>> offered_zones_;
  std::optional<std::string> latest_ami_;
  std::optional<PublishedAsset> asset_;
};

}  // namespace snr::deploy
