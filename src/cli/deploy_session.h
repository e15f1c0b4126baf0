#pragma once
/// Where a deploy-family command talks to: AWS (flags, profile, region of the
/// configuration) or the local emulator (`--sandbox`), how that target
/// departs from AWS, and where `latest` is resolved.

#include <memory>
#include <optional>

#include "aws/client.h"
#include "cli/aws_options.h"
#include "cli/command.h"
#include "config/config.h"
#include "deploy/local_emulator.h"
#include "deploy/stacks_version.h"
#include "deploy/target.h"
#include "util/env.h"

namespace snr::cli {

struct DeploySession {
  std::optional<deploy::LocalEmulator> emulator;  ///< set with --sandbox
  aws::AwsContext context;
  deploy::TargetQuirks quirks;  ///< none for AWS; the emulator's with --sandbox
  std::unique_ptr<deploy::ReleaseSource> releases;
};

/// With `sandbox`: the running emulator (`snr sandbox start`) or one started
/// for this command only; says plainly that it is a local emulator. `env` is
/// the process environment (SNR_GITHUB_API_URL, the emulator's state file).
DeploySession open_session(const config::Config& config, const AwsFlags& flags, bool sandbox, Io io,
                           const util::Environment& env);

}  // namespace snr::cli
