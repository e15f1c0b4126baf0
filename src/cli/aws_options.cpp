#include "cli/aws_options.h"

#include <ostream>

#include "aws/context.h"
#include "util/error.h"

namespace snr::cli {
namespace {

aws::AwsOptions options_from(const AwsFlags& flags, Io io) {
  aws::AwsOptions o;
  o.profile = flags.profile;
  o.region = flags.region;
  o.endpoint_url = flags.endpoint_url;
  if (flags.verbose) {
    std::ostream* err = &io.err;
    o.log = [err](std::string_view line) { *err << "aws: " << line << '\n'; };
  }
  return o;
}

}  // namespace

std::shared_ptr<AwsFlags> add_aws_options(CLI::App* cmd) {
  auto f = std::make_shared<AwsFlags>();
  cmd->add_option_function<std::string>(
         "--profile", [f](const std::string& v) { f->profile = v; },
         "AWS profile from ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE, else "
         "default)")
      ->type_name("NAME");
  cmd->add_option_function<std::string>(
         "--region", [f](const std::string& v) { f->region = v; },
         "AWS region; must match AWS_REGION of the configuration")
      ->type_name("REGION");
  cmd->add_option_function<std::string>(
         "--endpoint-url", [f](const std::string& v) { f->endpoint_url = v; },
         "Send every AWS request to this URL (an emulator); also AWS_ENDPOINT_URL[_<SERVICE>]")
      ->type_name("URL");
  cmd->add_flag("--verbose", f->verbose, "Log every AWS request (secrets and signatures redacted)");
  return f;
}

aws::AwsContext make_aws_context(const AwsFlags& flags, const config::Config& config, Io io,
                                 const util::Environment& env) {
  if (flags.region && *flags.region != config.region) {
    throw UserError("--region", "\"" + *flags.region +
                                    "\" differs from AWS_REGION=" + config.region +
                                    " of the configuration, which the templates are made for; "
                                    "change AWS_REGION instead");
  }
  aws::AwsOptions o = options_from(flags, io);
  o.region = config.region;
  return aws::make_context(o, env);
}

aws::AwsContext make_aws_context(const AwsFlags& flags, Io io) {
  return aws::make_context(options_from(flags, io));
}

}  // namespace snr::cli
