#include "aws/credential_chain.h"

#include "aws/imds.h"
#include "aws/sts.h"
#include "util/error.h"
#include "util/strings.h"

namespace snr::aws {

namespace {

constexpr int kMaxRoleChain = 5;

std::shared_ptr<CredentialsProvider> imds_provider(const CredentialChainInputs& in) {
  ImdsOptions opts = imds_options(in.base.env);
  opts.transport = in.base.transport;
  opts.log = in.base.log;
  auto client = std::make_shared<ImdsClient>(std::move(opts));
  return std::make_shared<RefreshingCredentialsProvider>(
      [client] { return client->role_credentials(); });
}

class Resolver {
 public:
  explicit Resolver(const CredentialChainInputs& in) : in_(in) {}

  std::shared_ptr<CredentialsProvider> from_profile(const Profile& p, int depth) {
    std::string subject = "AWS profile '" + p.name + "'";
    if (depth > kMaxRoleChain) {
      throw UserError(subject, "role_arn/source_profile chain is longer than " +
                                   std::to_string(kMaxRoleChain) + " or circular");
    }
    if (auto role = p.get("role_arn")) return assume_role_provider(p, *role, depth);

    auto key = p.get("aws_access_key_id");
    auto secret = p.get("aws_secret_access_key");
    if (key && secret) {
      Credentials c;
      c.access_key_id = *key;
      c.secret_access_key = *secret;
      c.session_token = p.get("aws_session_token").value_or("");
      c.source =
          "profile '" + p.name + "' in " +
          (p.in_credentials ? in_.files.credentials_path() : in_.files.config_path()).string();
      return std::make_shared<StaticCredentialsProvider>(std::move(c));
    }
    if (key || secret) {
      throw UserError(
          subject, std::string("has ") + (key ? "aws_access_key_id but no aws_secret_access_key"
                                              : "aws_secret_access_key but no aws_access_key_id"));
    }
    for (const char* unsupported :
         {"credential_process", "sso_session", "sso_start_url", "web_identity_token_file"}) {
      if (p.get(unsupported)) {
        throw UserError(subject,
                        std::string("uses ") + unsupported +
                            ", which snr does not support; use access keys or role_arn "
                            "with source_profile, or export the credentials as "
                            "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN");
      }
    }
    return nullptr;
  }

 private:
  std::shared_ptr<CredentialsProvider> assume_role_provider(const Profile& p,
                                                            const std::string& role_arn,
                                                            int depth) {
    std::string subject = "AWS profile '" + p.name + "'";
    std::shared_ptr<CredentialsProvider> source;
    if (auto sp = p.get("source_profile")) {
      Profile src = in_.files.profile(*sp);
      if (!src.found()) {
        throw UserError(subject,
                        "source_profile '" + *sp + "' not found in " + in_.files.describe_paths());
      }
      if (*sp == p.name) {
        // A profile may name itself: its own keys assume its role.
        Profile keys_only = src;
        keys_only.values.erase("role_arn");
        source = from_profile(keys_only, depth + 1);
      } else {
        source = from_profile(src, depth + 1);
      }
      if (!source) {
        throw UserError(subject, "source_profile '" + *sp + "' has no credentials");
      }
    } else if (auto cs = p.get("credential_source")) {
      if (*cs == "Environment") {
        auto key = util::env_value(in_.base.env, "AWS_ACCESS_KEY_ID");
        auto secret = util::env_value(in_.base.env, "AWS_SECRET_ACCESS_KEY");
        if (!key || !secret) {
          throw UserError(subject,
                          "credential_source = Environment, but AWS_ACCESS_KEY_ID and "
                          "AWS_SECRET_ACCESS_KEY are not both set");
        }
        source = std::make_shared<StaticCredentialsProvider>(Credentials{
            *key, *secret, util::env_value(in_.base.env, "AWS_SESSION_TOKEN").value_or(""),
            std::nullopt, "environment variables"});
      } else if (*cs == "Ec2InstanceMetadata") {
        source = imds_provider(in_);
      } else {
        throw UserError(subject, "credential_source '" + *cs +
                                     "' is not supported (use Environment or Ec2InstanceMetadata)");
      }
    } else {
      throw UserError(subject, "has role_arn but neither source_profile nor credential_source");
    }

    AssumeRoleRequest request;
    request.role_arn = role_arn;
    request.session_name = p.get("role_session_name").value_or("");
    if (auto d = p.get("duration_seconds")) {
      auto v = util::parse_uint(*d);
      if (!v || *v < 900 || *v > 43200) {
        throw UserError(subject, "duration_seconds '" + *d + "' must be 900..43200");
      }
      request.duration_seconds = static_cast<int>(*v);
    }
    request.external_id = p.get("external_id");

    AwsContext sts_context = in_.base;
    sts_context.credentials = source;
    auto sts = std::make_shared<StsClient>(sts_context);
    return std::make_shared<RefreshingCredentialsProvider>([sts, request]() mutable {
      AssumeRoleRequest r = request;
      if (r.session_name.empty()) {
        r.session_name = "snr-" + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                                     Clock::now().time_since_epoch())
                                                     .count());
      }
      return sts->assume_role(r);
    });
  }

  const CredentialChainInputs& in_;
};

class LazyChain final : public CredentialsProvider {
 public:
  explicit LazyChain(CredentialChainInputs in) : in_(std::move(in)) {}
  Credentials get() override {
    std::shared_ptr<CredentialsProvider> p;
    {
      std::lock_guard lock(mutex_);
      if (!resolved_) resolved_ = resolve_credentials(in_);
      p = resolved_;
    }
    return p->get();
  }

 private:
  CredentialChainInputs in_;
  std::mutex mutex_;
  std::shared_ptr<CredentialsProvider> resolved_;
};

}  // namespace

std::shared_ptr<CredentialsProvider> resolve_credentials(const CredentialChainInputs& in) {
  const util::Environment& env = in.base.env;
  std::vector<std::string> tried;

  // 1. Environment (not when --profile names a profile explicitly).
  if (!in.profile_flag) {
    auto key = util::env_value(env, "AWS_ACCESS_KEY_ID");
    auto secret = util::env_value(env, "AWS_SECRET_ACCESS_KEY");
    if (key && secret) {
      auto token = util::env_value(env, "AWS_SESSION_TOKEN");
      if (!token) token = util::env_value(env, "AWS_SECURITY_TOKEN");
      return std::make_shared<StaticCredentialsProvider>(
          Credentials{*key, *secret, token.value_or(""), std::nullopt,
                      "environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"});
    }
    if (key || secret) {
      throw UserError(key ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID",
                      std::string("is not set, but ") +
                          (key ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY") +
                          " is: set both or neither");
    }
    tried.emplace_back("environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (not set)");
  }

  // 2. The profile.
  std::string name = selected_profile(env, in.profile_flag);
  Profile profile = in.files.profile(name);
  bool named = in.profile_flag || util::env_value(env, "AWS_PROFILE");
  if (named && !profile.found()) {
    throw UserError(in.profile_flag ? "--profile" : "AWS_PROFILE",
                    "AWS profile '" + name + "' not found in " + in.files.describe_paths());
  }
  if (profile.found()) {
    if (auto p = Resolver(in).from_profile(profile, 0)) return p;
    tried.emplace_back("profile '" + name + "' (no credentials in it)");
  } else {
    tried.emplace_back("profile '" + name + "' in " + in.files.describe_paths() + " (not found)");
  }

  // 3. The EC2 instance role.
  if (util::env_flag(env, "AWS_EC2_METADATA_DISABLED")) {
    tried.emplace_back("EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)");
  } else {
    auto p = imds_provider(in);
    try {
      p->get();  // probe once; the provider caches what it fetched
      return p;
    } catch (const Failure& e) {
      tried.emplace_back("EC2 instance role via " + imds_endpoint(env) + " (" + e.what() + ")");
    }
  }
  throw UserError("AWS credentials", "none found; tried " + util::join(tried, ", ") +
                                         ". Set AWS_PROFILE or --profile, or AWS_ACCESS_KEY_ID "
                                         "and AWS_SECRET_ACCESS_KEY");
}

std::shared_ptr<CredentialsProvider> lazy_credentials_chain(CredentialChainInputs in) {
  return std::make_shared<LazyChain>(std::move(in));
}

}  // namespace snr::aws
