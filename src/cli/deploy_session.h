#pragma once
/// Where a deploy-family command talks to: AWS (flags, profile, region of the
/// configuration) or the local sandbox, and where `latest` is resolved.

#include <memory>
#include <optional>

#include "aws/client.h"
#include "cli/aws_options.h"
#include "cli/command.h"
#include "config/config.h"
#include "deploy/stacks_version.h"
#include "deploy/sandbox.h"

namespace snr::cli {

struct DeploySession {
  std::optional<deploy::Sandbox> sandbox;  ///< set with --sandbox
  aws::AwsContext context;
  std::unique_ptr<deploy::ReleaseSource> releases;
};

/// With `sandbox`: the running sandbox (`snr sandbox start`) or one started
/// for this command only; says plainly that it is a local emulator.
DeploySession open_session(const config::Config& config, const AwsFlags& flags, bool sandbox,
                           Io io);

}  // namespace snr::cli
