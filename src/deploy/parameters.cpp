#include "deploy/parameters.h"

#include <ostream>

#include "aws/secrets_manager.h"
#include "contract/names.h"
#include "infra/names.h"
#include "util/error.h"
#include "util/sha256.h"

namespace snr::deploy {

std::optional<std::string> parameter_of(const aws::Stack& s, const std::string& key) {
  for (const auto& p : s.parameters) {
    if (p.key == key) return p.value;
  }
  return std::nullopt;
}

ParameterFiller::ParameterFiller(const config::Config& config, const aws::AwsContext& context,
                                 ReleaseSource& releases, Options options, std::ostream& err)
    : config_(config),
      context_(context),
      releases_(releases),
      options_(std::move(options)),
      err_(err) {}

std::vector<aws::StackParameter> ParameterFiller::fill(const infra::StackArtifact& a,
                                                       const std::optional<aws::Stack>& existing) {
  std::vector<aws::StackParameter> out;
  for (const auto& p : a.parameters) {
    if (p.source == infra::ParameterSource::template_default) continue;
    if (p.source == infra::ParameterSource::bitcoin_rpc_password && options_.dry_run && existing &&
        parameter_of(*existing, p.name)) {
      out.push_back({p.name, "", true});
      continue;
    }
    out.push_back({p.name, value_of(a, p, existing)});
  }
  return out;
}

std::string ParameterFiller::value_of(const infra::StackArtifact& a,
                                      const infra::DeployParameter& p,
                                      const std::optional<aws::Stack>& existing) {
  using Source = infra::ParameterSource;
  switch (p.source) {
    case Source::template_default:
      break;
    case Source::vpc_id:
      return vpc().id;
    case Source::vpc_cidr:
      return vpc().cidr;
    case Source::subnet_ids: {
      std::string joined;
      for (const auto& s : vpc().subnet_ids)
        joined += (joined.empty() ? "" : ",") + s;
      return joined;
    }
    case Source::stacks_version: {
      std::optional<std::string> running;
      if (existing) running = parameter_of(*existing, p.name);
      ResolvedVersion v = resolve_stacks_version(config_, running, options_.upgrade, releases_);
      err_ << "  Stacks version: " << v.tag << " (" << v.why << ")\n";
      return v.tag;
    }
    case Source::asset_key:
      return asset().key;
    case Source::asset_sha256:
      return asset().sha256;
    case Source::bitcoin_rpc_password:
      return bitcoin_secret(a.name);
  }
  throw Failure("internal error: parameter " + p.name + " has no value to fill");
}

const DefaultVpc& ParameterFiller::vpc() {
  if (!vpc_) {
    vpc_ = lookup_default_vpc(context_);
    err_ << "  default VPC " << vpc_->id << " (" << vpc_->cidr << "), " << vpc_->subnet_ids.size()
         << " subnets\n";
  }
  return *vpc_;
}

const PublishedAsset& ParameterFiller::asset() {
  if (asset_) return *asset_;
  if (options_.dry_run) {  // diff: the key follows from the content; nothing is uploaded
    PublishedAsset a;
    a.sha256 = util::sha256_file_hex(options_.snr_binary);
    a.key = contract::asset_key(a.sha256, config_.cpu_type);
    asset_ = a;
    return *asset_;
  }
  std::string bucket = asset_bucket(context_);
  if (bucket.empty()) {
    throw Failure("the export " + std::string(infra::exports::kAssetBucket) +
                  " is missing: deploy stacks-common first (snr deploy stacks-common)");
  }
  asset_ = publish_snr_binary(context_, bucket, options_.snr_binary, config_.cpu_type);
  err_ << "  snr binary: s3://" << bucket << "/" << asset_->key
       << (asset_->uploaded ? " (uploaded)" : " (already there)") << "\n";
  return *asset_;
}

/// The secret holding BITCOIN_RPC_PASSWORD, created or brought up to date.
std::string ParameterFiller::bitcoin_secret(const std::string& stack_name) {
  aws::SecretsManagerClient sm(context_);
  const std::string name = contract::secret_name(stack_name, contract::kBitcoinRpcPasswordSecret);
  const std::string& password = config_.bitcoin.rpc_password.reveal();
  if (auto d = sm.describe_secret(name)) {
    if (d->deleted_date) {
      throw Failure("the secret " + name +
                    " is scheduled for deletion; restore it (aws secretsmanager restore-secret "
                    "--secret-id " +
                    name + ") and deploy again");
    }
    if (sm.get_secret_value(name).secret_string != password) {
      sm.put_secret_value(name, password);
      err_ << "  Bitcoin RPC password: updated secret " << name << "\n";
    }
    return d->arn;
  }
  aws::CreateSecretRequest req;
  req.name = name;
  req.secret_string = password;
  req.description = "Bitcoin RPC password of " + stack_name + ", stored by snr deploy";
  req.tags = {{"snr:stack", stack_name}};
  aws::SecretRef ref = sm.create_secret(req);
  err_ << "  Bitcoin RPC password: stored in secret " << name << "\n";
  return ref.arn;
}

}  // namespace snr::deploy
