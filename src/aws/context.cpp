#include "aws/context.h"

#include "aws/credential_chain.h"
#include "aws/shared_config.h"
#include "util/error.h"
#include "util/strings.h"

namespace snr::aws {

namespace {

constexpr Service kAllServices[] = {Service::sts,        Service::cloudformation,
                                    Service::ec2,        Service::s3,
                                    Service::ssm,        Service::secrets_manager,
                                    Service::cloudwatch, Service::autoscaling,
                                    Service::elbv2,      Service::iam,
                                    Service::pricing};

}  // namespace

AwsContext make_context(const AwsOptions& options, const util::Environment& env) {
  // Every problem is collected, so the user sees all of them at once.
  Diagnostics problems;
  auto collect = [&](auto&& step) {
    try {
      step();
      return true;
    } catch (const UserError& e) {
      for (const auto& d : e.diagnostics())
        problems.add(d);
      return false;
    }
  };

  std::optional<SharedConfig> files;
  bool files_ok = collect([&] { files = SharedConfig::load(env); });
  if (!files_ok) files = SharedConfig({}, std::nullopt, {}, std::nullopt);
  std::string profile_name = selected_profile(env, options.profile);
  Profile profile = files->profile(profile_name);
  if (files_ok && (options.profile || util::env_value(env, "AWS_PROFILE")) && !profile.found()) {
    problems.error(options.profile ? "--profile" : "AWS_PROFILE",
                   "AWS profile '" + profile_name + "' not found in " + files->describe_paths());
  }

  RegionInputs ri;
  ri.flag = options.region;
  ri.env = env;
  if (auto r = profile.get("region")) {
    ri.profile_region = SourcedValue{
        *r, "region of AWS profile '" + profile_name + "' in " + files->config_path().string()};
  }
  ri.fallback = options.fallback_region;

  AwsContext ctx;
  collect([&] { ctx.region = resolve_region(ri).value; });
  ctx.env = env;
  ctx.endpoint_url = options.endpoint_url;
  ctx.http = options.http;
  ctx.retry = options.retry;
  ctx.log = options.log;
  if (auto m = util::env_value(env, "AWS_MAX_ATTEMPTS")) {
    unsigned long long v = util::parse_uint(*m).value_or(0);  // 0: not a number
    if (v < 1 || v > 20) {
      problems.error("AWS_MAX_ATTEMPTS", "'" + *m + "' must be a number from 1 to 20");
    } else {
      ctx.retry.max_attempts = static_cast<int>(v);
    }
  }
  // Endpoint settings are checked now, so a typo fails before any work starts.
  for (Service s : kAllServices) {
    if (!collect([&] { (void)resolve_endpoint(s, "us-east-1", env, options.endpoint_url); })) {
      break;  // --endpoint-url and AWS_ENDPOINT_URL would repeat for every service
    }
  }
  if (problems.has_errors()) throw UserError(problems.errors());

  ctx.credentials = lazy_credentials_chain({ctx, options.profile, std::move(*files)});
  return ctx;
}

}  // namespace snr::aws
