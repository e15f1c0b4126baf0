#pragma once
/// The AWS flags of the commands that call AWS (--profile, --region,
/// --endpoint-url, --verbose), and the AwsContext they make.

#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "aws/client.h"
#include "cli/command.h"
#include "config/config.h"
#include "util/env.h"

namespace snr::cli {

struct AwsFlags {
  std::optional<std::string> profile;
  std::optional<std::string> region;
  std::optional<std::string> endpoint_url;
  bool verbose = false;
};

/// Adds --profile, --region, --endpoint-url and --verbose to `cmd`.
std::shared_ptr<AwsFlags> add_aws_options(CLI::App* cmd);

/// The context for a command that deploys `config`: credentials as the AWS CLI
/// resolves them; the region is the configuration's (AWS_REGION of the .env
/// or the environment), so templates and deployment agree; --region may only
/// repeat it. --verbose logs every request to io.err, secrets redacted.
aws::AwsContext make_aws_context(const AwsFlags& flags, const config::Config& config, Io io,
                                 const util::Environment& env = util::process_environment());

/// The context for a command without a configuration (e.g. `snr keys`): the
/// region comes from --region, AWS_REGION, AWS_DEFAULT_REGION or the profile.
aws::AwsContext make_aws_context(const AwsFlags& flags, Io io);

}  // namespace snr::cli
