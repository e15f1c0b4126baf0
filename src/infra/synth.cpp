#include "infra/synth.h"

#include <algorithm>
#include <map>

#include "config/load.h"
#include "contract/names.h"
#include "infra/names.h"
#include "infra/stacks.h"
#include "util/embedded.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/sha256.h"

namespace snr::infra {

namespace {

/// The stacks create IAM roles, instance profiles and policies (no named ones);
/// the deployer passes CAPABILITY_NAMED_IAM as well, as `cdk deploy` does.
const std::vector<std::string>& stack_capabilities() {
  static const std::vector<std::string> kCapabilities = {"CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"};
  return kCapabilities;
}

ParameterSource parameter_source(std::string_view name) {
  static const std::map<std::string_view, ParameterSource> kSources = {
      {params::kVpcId, ParameterSource::vpc_id},
      {params::kVpcCidr, ParameterSource::vpc_cidr},
      {params::kSubnetIds, ParameterSource::subnet_ids},
      {params::kImageId, ParameterSource::image_id},
      {params::kAvailabilityZone, ParameterSource::availability_zone},
      {params::kStacksVersion, ParameterSource::stacks_version},
      {params::kAssetKey, ParameterSource::asset_key},
      {params::kAssetSha256, ParameterSource::asset_sha256},
      {params::kBitcoinRpcPasswordSecretArn, ParameterSource::bitcoin_rpc_password},
      {params::kDataSnapshotId, ParameterSource::data_snapshot}};
  auto it = kSources.find(name);
  return it == kSources.end() ? ParameterSource::template_default : it->second;
}

/// Throws snr::UserError for an unknown id or a requested stack the Config cannot have.
void check_stack_ids(const config::Config& c, const std::vector<std::string>& requested) {
  Diagnostics d;
  for (const auto& id : requested)
    if (std::find(all_stack_ids().begin(), all_stack_ids().end(), id) == all_stack_ids().end())
      d.error(id, "unknown stack id; allowed: stacks-common, stacks-single-node, stacks-ha-nodes");
  if (d.has_errors()) throw UserError(d.errors());
  if (std::find(requested.begin(), requested.end(), kHaStackId) != requested.end()) {
    Diagnostics ha = config::validate_for_ha(c);
    if (ha.has_errors()) throw UserError(ha.errors());
  }
}

cfn::Template build(const std::string& id, const config::Config& c) {
  if (id == kCommonStackId) return build_common_stack(c);
  if (id == kSingleNodeStackId) return build_single_node_stack(c);
  return build_ha_stack(c);
}

StackArtifact artifact(const std::string& id, const config::Config& c) {
  cfn::Template t = build(id, c);
  if (auto problems = t.reference_problems(); !problems.empty())
    throw Failure("internal error: template " + id + " has dangling references: " + problems[0]);
  StackArtifact a;
  a.id = id;
  a.name = stack_name(id, c);
  a.file = id + ".template.json";
  a.json = t.to_json();
  a.body = a.json.dump(1) + "\n";
  a.sha256 = util::sha256_hex(a.body);
  a.depends_on = stack_dependencies(id);
  a.capabilities = stack_capabilities();
  for (const auto& [name, p] : t.parameters())
    a.parameters.push_back({name, p.type, parameter_source(name), p.default_value, p.description});
  a.nag = cfn::nag::check(a.json, a.name);
  return a;
}

std::string manifest(const config::Config& c, const Synthesis& s) {
  using cfn::Json;
  Json m;
  m["schema_version"] = 1;
  m["snr_version"] = SNR_VERSION;
  m["account_id"] = c.account_id;
  m["region"] = c.region;
  m["role"] = node::to_string(c.role);
  m["network"] = node::to_string(c.network);
  Json stacks = Json::array();
  for (const auto& a : s.stacks) {
    Json params = Json::array();
    for (const auto& p : a.parameters) {
      Json e{{"name", p.name}, {"type", p.type}, {"source", to_string(p.source)}};
      if (p.default_value) e["default"] = *p.default_value;
      e["required"] = !p.default_value.has_value();
      params.push_back(std::move(e));
    }
    stacks.push_back({{"id", a.id},
                      {"stack_name", a.name},
                      {"template", a.file},
                      {"template_sha256", a.sha256},
                      {"depends_on", a.depends_on},
                      {"capabilities", a.capabilities},
                      {"parameters", std::move(params)},
                      {"nag",
                       {{"findings", a.nag.findings.size()},
                        {"suppressed", a.nag.suppressed()},
                        {"unsuppressed_errors", a.nag.unsuppressed_errors()}}}});
  }
  m["stacks"] = std::move(stacks);
  Json skipped = Json::array();
  for (const auto& [id, why] : s.skipped)
    skipped.push_back({{"id", id}, {"reason", why}});
  m["skipped"] = std::move(skipped);
  const std::string arch(contract::asset_arch(c.cpu_type));
  Json embedded = Json::object();
  if (auto ud = assets::find("user-data/bootstrap.sh"))
    embedded["user-data/bootstrap.sh"] = {{"sha256", util::sha256_hex(*ud)}};
  m["assets"] = {{"snr",
                  {{"description", "snr binary for the instances (linux, " + arch + ")"},
                   {"arch", arch},
                   {"bucket_export", std::string(exports::kAssetBucket)},
                   {"key_format", contract::asset_key_format(c.cpu_type)},
                   {"parameters",
                    {{"key", std::string(params::kAssetKey)},
                     {"sha256", std::string(params::kAssetSha256)}}}}},
                 {"embedded", std::move(embedded)}};
  return m.dump(1) + "\n";
}

}  // namespace

std::string_view to_string(ParameterSource source) {
  switch (source) {
    case ParameterSource::template_default:
      return "default";
    case ParameterSource::vpc_id:
      return "default-vpc.id";
    case ParameterSource::vpc_cidr:
      return "default-vpc.cidr";
    case ParameterSource::subnet_ids:
      return "default-vpc.subnets";
    case ParameterSource::stacks_version:
      return "stacks-version";
    case ParameterSource::asset_key:
      return "asset.snr.key";
    case ParameterSource::asset_sha256:
      return "asset.snr.sha256";
    case ParameterSource::bitcoin_rpc_password:
      return "secret.bitcoin-rpc-password";
    case ParameterSource::image_id:
      return "ami.pinned";
    case ParameterSource::availability_zone:
      return "placement.zone";
    case ParameterSource::data_snapshot:
      return "snapshot.pinned";
  }
  return "default";
}

bool Synthesis::nag_ok() const {
  return std::all_of(stacks.begin(), stacks.end(),
                     [](const StackArtifact& a) { return a.nag.ok(); });
}

const std::vector<std::string>& all_stack_ids() {
  static const std::vector<std::string> kIds = {
      std::string(kCommonStackId), std::string(kSingleNodeStackId), std::string(kHaStackId)};
  return kIds;
}

std::vector<std::string> applicable_stack_ids(const config::Config& c) {
  std::vector<std::string> out;
  for (const auto& id : all_stack_ids())
    if (id != kHaStackId || !config::validate_for_ha(c).has_errors()) out.push_back(id);
  return out;
}

std::vector<std::string> stack_dependencies(std::string_view id) {
  if (id == kCommonStackId) return {};
  return {std::string(kCommonStackId)};
}

std::vector<std::string> deployment_order(const config::Config& c,
                                          const std::vector<std::string>& requested) {
  std::vector<std::string> ids = requested.empty() ? applicable_stack_ids(c) : requested;
  check_stack_ids(c, ids);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    for (auto& d : stack_dependencies(ids[i]))
      if (std::find(ids.begin(), ids.end(), d) == ids.end()) ids.push_back(std::move(d));
  }
  std::vector<std::string> ordered;
  for (const auto& id : all_stack_ids())
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) ordered.push_back(id);
  return ordered;
}

Synthesis synthesize(const config::Config& c, const std::vector<std::string>& requested) {
  check_stack_ids(c, requested);

  Synthesis s;
  const std::vector<std::string> wanted = requested.empty() ? applicable_stack_ids(c) : requested;
  for (const auto& id : all_stack_ids()) {
    if (std::find(wanted.begin(), wanted.end(), id) != wanted.end()) {
      s.stacks.push_back(artifact(id, c));
    } else if (requested.empty()) {
      s.skipped.emplace_back(id, "HA nodes are followers only; a " +
                                     std::string(node::to_string(c.role)) +
                                     " runs as stacks-single-node");
    }
  }
  s.manifest = manifest(c, s);
  return s;
}

void write_synthesis(const Synthesis& s, const std::filesystem::path& dir) {
  std::vector<std::pair<std::string, std::string_view>> files;
  for (const auto& a : s.stacks)
    files.emplace_back(a.file, a.body);
  files.emplace_back("manifest.json", s.manifest);
  util::write_files_atomic(dir, files);
}

}  // namespace snr::infra
