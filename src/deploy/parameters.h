#pragma once
/// The values of the template parameters a deploy or diff passes to
/// CloudFormation, each taken from where the manifest says
/// (infra::ParameterSource).

#include <filesystem>
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
  };

  ParameterFiller(const config::Config& config, const aws::AwsContext& context,
                  ReleaseSource& releases, Options options, std::ostream& err);

  /// The parameters to pass for `artifact`; `existing` is the stack as it runs
  /// now. Those the template's default serves are left out.
  std::vector<aws::StackParameter> fill(const infra::StackArtifact& artifact,
                                        const std::optional<aws::Stack>& existing);

 private:
  std::string value_of(const infra::StackArtifact& artifact, const infra::DeployParameter& p,
                       const std::optional<aws::Stack>& existing);
  const DefaultVpc& vpc();
  const PublishedAsset& asset();
  std::string bitcoin_secret(const std::string& stack_name);

  const config::Config& config_;
  const aws::AwsContext& context_;
  ReleaseSource& releases_;
  Options options_;
  std::ostream& err_;
  std::optional<DefaultVpc> vpc_;
  std::optional<PublishedAsset> asset_;
};

}  // namespace snr::deploy
