#include "aws/context.h"

#include "aws/credential_chain.h"
#include "aws/shared_config.h"
#include "util/error.h"
#include "util/strings.h"

namespace snr::aws {

AwsContext make_context(const AwsOptions& options, const Env& env) {
  SharedConfig files = SharedConfig::load(env);
  std::string profile_name = selected_profile(env, options.profile);
  Profile profile = files.profile(profile_name);
  if ((options.profile || env_value(env, "AWS_PROFILE")) && !profile.found()) {
    throw UserError(options.profile ? "--profile" : "AWS_PROFILE",
                    "AWS profile '" + profile_name + "' not found in " +
                        files.credentials_path().string() + " or " + files.config_path().string());
  }

  RegionInputs ri;
  ri.flag = options.region;
  ri.env = env;
  if (auto r = profile.get("region")) {
    ri.profile_region = SourcedValue{
        *r, "region of AWS profile '" + profile_name + "' in " + files.config_path().string()};
  }
  ri.fallback = options.fallback_region;

  AwsContext ctx;
  ctx.region = resolve_region(ri).value;
  ctx.env = env;
  ctx.endpoint_url = options.endpoint_url;
  ctx.http = options.http;
  ctx.retry = options.retry;
  ctx.log = options.log;
  if (auto m = env_value(env, "AWS_MAX_ATTEMPTS")) {
    auto v = util::parse_uint(*m);
    if (!v || *v < 1 || *v > 20) {
      throw UserError("AWS_MAX_ATTEMPTS", "'" + *m + "' must be a number from 1 to 20");
    }
    ctx.retry.max_attempts = static_cast<int>(*v);
  }
  // Validate endpoint settings now, so a typo fails before any work starts.
  for (Service s : {Service::sts, Service::cloudformation, Service::ec2, Service::s3, Service::ssm,
                    Service::secrets_manager, Service::cloudwatch, Service::autoscaling,
                    Service::elbv2, Service::iam}) {
    (void)resolve_endpoint(s, ctx.region, env, options.endpoint_url);
  }

  ctx.credentials = lazy_credentials_chain({ctx, options.profile, std::move(files)});
  return ctx;
}

}  // namespace snr::aws
