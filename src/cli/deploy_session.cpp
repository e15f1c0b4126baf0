#include "cli/deploy_session.h"

#include <ostream>

#include "util/error.h"

namespace snr::cli {

DeploySession open_session(const config::Config& c, const AwsFlags& flags, bool sandbox, Io io,
                           const util::Environment& env) {
  DeploySession s;
  if (!sandbox) {
    s.context = make_aws_context(flags, c, io, env);
    s.releases = std::make_unique<deploy::GithubReleases>(
        util::env_value(env, "SNR_GITHUB_API_URL").value_or("https://api.github.com"));
    return s;
  }
  if (flags.endpoint_url || flags.profile) {
    throw UserError(flags.endpoint_url ? "--endpoint-url" : "--profile",
                    "cannot be combined with --sandbox, which uses the local emulator");
  }
  if (auto running = deploy::LocalEmulator::running(env)) {
    if (running->account() != c.account_id) {
      throw UserError("AWS_ACCOUNT_ID",
                      c.account_id + " differs from the running sandbox's account " +
                          running->account() + "; stop it (snr sandbox stop) or use that account");
    }
    s.emulator.emplace(std::move(*running));
  } else {
    s.emulator.emplace(deploy::LocalEmulator::start(c.account_id, false, env));
    io.err << "sandbox: started for this command only (`snr sandbox start` keeps one running "
              "between commands)\n";
  }
  io.err << "SANDBOX: talking to moto_server at " << s.emulator->endpoint()
         << ", a local AWS emulator, not AWS. Nothing is created in any AWS account.\n";
  AwsFlags local = flags;
  local.endpoint_url.reset();
  s.context = make_aws_context(local, c, io, s.emulator->client_environment(env));
  s.quirks = deploy::LocalEmulator::quirks();
  s.releases = std::make_unique<deploy::OfflineReleases>();
  return s;
}

}  // namespace snr::cli
