#include "deploy/parameters.h"

#include <algorithm>
#include <ostream>

#include "aws/ec2.h"
#include "aws/secrets_manager.h"
#include "aws/ssm.h"
#include "contract/names.h"
#include "deploy/snapshots.h"
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

ResolvedImage choose_image(const std::optional<aws::Stack>& running, bool update,
                           const std::function<std::string()>& latest) {
  std::string current;
  if (running) {
    for (const auto& p : running->parameters) {
      if (p.key != infra::params::kImageId) continue;
      // A stack of the SSM-typed template: what the parameter resolved to.
      current = !p.resolved_value.empty() ? p.resolved_value : p.value;
    }
  }
  if (current.rfind("ami-", 0) != 0) current.clear();
  if (update) return {latest(), "--update-ami: the latest Amazon Linux 2023"};
  if (!current.empty()) {
    return {current,
            "the stack's current AMI; --update-ami moves it to the latest Amazon Linux "
            "2023 (replaces the node)"};
  }
  return {latest(), "the latest Amazon Linux 2023, pinned from now on"};
}

Placement choose_placement(const DefaultVpc& vpc, const std::vector<std::string>& offered,
                           const std::optional<std::string>& running_zone,
                           const std::string& instance_type) {
  auto is_offered = [&](const std::string& z) {
    return std::find(offered.begin(), offered.end(), z) != offered.end();
  };
  std::optional<std::size_t> chosen;
  if (running_zone) {
    if (!is_offered(*running_zone)) {
      throw UserError("STACKS_INSTANCE_TYPE",
                      instance_type + " is not offered in " + *running_zone +
                          ", where the node and its data volume are; choose a type offered "
                          "there (aws ec2 describe-instance-type-offerings --location-type "
                          "availability-zone --filters Name=location,Values=" +
                          *running_zone + ")");
    }
    for (std::size_t i = 0; i < vpc.zones.size(); ++i)
      if (vpc.zones[i] == *running_zone) chosen = i;
  } else {
    for (std::size_t i = 0; i < vpc.zones.size() && !chosen; ++i)
      if (is_offered(vpc.zones[i])) chosen = i;
    if (!chosen) {
      throw UserError("STACKS_INSTANCE_TYPE",
                      instance_type +
                          " is not offered in any zone of the default VPC's subnets; "
                          "choose another instance type");
    }
  }
  Placement p;
  p.zone = running_zone ? *running_zone : vpc.zones[*chosen];
  if (chosen) p.subnet_ids.push_back(vpc.subnet_ids[*chosen]);
  for (std::size_t i = 0; i < vpc.subnet_ids.size(); ++i)
    if (!chosen || i != *chosen) p.subnet_ids.push_back(vpc.subnet_ids[i]);
  return p;
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
      for (const auto& s : placement(a, existing).subnet_ids)
        joined += (joined.empty() ? "" : ",") + s;
      return joined;
    }
    case Source::availability_zone: {
      Placement pl = placement(a, existing);
      err_ << "  zone: " << pl.zone << "\n";
      return pl.zone;
    }
    case Source::image_id: {
      ResolvedImage img = choose_image(existing, options_.update_ami, [&] { return latest_ami(); });
      err_ << "  AMI: " << img.id << " (" << img.why << ")\n";
      return img.id;
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
    case Source::data_snapshot: {
      std::optional<std::string> running;
      if (existing) running = parameter_of(*existing, p.name).value_or("");
      std::vector<aws::Snapshot> snaps;
      try {
        snaps = list_snapshots(context_, a.name);
      } catch (const aws::AwsError& e) {
        err_ << "  data snapshot: cannot list snapshots (" << e.what() << "); none used\n";
      }
      ChosenSnapshot s = choose_data_snapshot(running, snaps, config_.network,
                                              config_.data_volume.size_gib,
                                              options_.refresh_data_snapshot);
      err_ << "  data snapshot: " << (s.id.empty() ? "none" : s.id) << " (" << s.why << ")\n";
      return s.id;
    }
  }
  throw Failure("internal error: parameter " + p.name + " has no value to fill");
}

std::optional<Placement> ParameterFiller::placement_of(const infra::StackArtifact& a,
                                                      const std::optional<aws::Stack>& existing) {
  const bool placed = std::any_of(a.parameters.begin(), a.parameters.end(), [](const auto& p) {
    return p.name == infra::params::kAvailabilityZone || p.name == infra::params::kSubnetIds;
  });
  if (!placed) return std::nullopt;
  return placement(a, existing);
}

Placement ParameterFiller::placement(const infra::StackArtifact& a,
                                     const std::optional<aws::Stack>& existing) {
  if (!offered_zones_)
    offered_zones_ = aws::Ec2Client(context_).instance_type_zones(config_.instance_type);
  std::optional<std::string> running;
  const bool zoned = std::any_of(a.parameters.begin(), a.parameters.end(), [](const auto& p) {
    return p.name == infra::params::kAvailabilityZone;
  });
  if (zoned && existing) {
    running = parameter_of(*existing, std::string(infra::params::kAvailabilityZone));
    if (!running) {  // deployed before the zone parameter: the zone of its first subnet
      if (auto subnets = parameter_of(*existing, std::string(infra::params::kSubnetIds))) {
        std::string first = subnets->substr(0, subnets->find(','));
        for (std::size_t i = 0; i < vpc().subnet_ids.size(); ++i)
          if (vpc().subnet_ids[i] == first) running = vpc().zones[i];
      }
    }
  }
  return choose_placement(vpc(), *offered_zones_, running, config_.instance_type);
}

std::string ParameterFiller::latest_ami() {
  if (latest_ami_) return *latest_ami_;
  const std::string path = infra::ami_parameter_path(config_.cpu_type);
  auto p = aws::SsmClient(context_).get_parameter(path, false);
  if (!p || p->value.rfind("ami-", 0) != 0)
    throw Failure("the SSM public parameter " + path + " gives no AMI in " + context_.region);
  latest_ami_ = p->value;
  return *latest_ami_;
}

const DefaultVpc& ParameterFiller::vpc() {
  if (!vpc_) {
    vpc_ = lookup_default_vpc(context_);
    if (vpc_->cidr != infra::kDefaultVpcCidr) {
      throw Failure("the default VPC " + vpc_->id + " has the CIDR " + vpc_->cidr + ", not " +
                    std::string(infra::kDefaultVpcCidr) +
                    " that AWS gives every default VPC; the templates allow RPC from " +
                    std::string(infra::kDefaultVpcCidr) + " only");
    }
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
