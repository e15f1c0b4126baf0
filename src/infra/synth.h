#pragma once
/// Synthesis of the stacks for one Config: templates, nag reports and the
/// manifest the deployer reads (see docs/synthesis.md for its format).

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cfn/intrinsics.h"
#include "cfn/nag.h"
#include "config/config.h"

namespace snr::infra {

/// Where the deployer takes a template parameter's value from.
enum class ParameterSource {
  template_default,      ///< keep the template's default
  vpc_id,                ///< the region's default VPC
  vpc_cidr,              ///< its IPv4 CIDR
  subnet_ids,            ///< its default subnets, comma-separated
  stacks_version,        ///< the exact Stacks release tag
  asset_key,             ///< the S3 key of the published snr binary
  asset_sha256,          ///< its SHA-256
  bitcoin_rpc_password,  ///< the ARN of the secret holding BITCOIN_RPC_PASSWORD
  image_id,              ///< the AMI: the stack's current one, or the latest AL2023 once
  availability_zone,  ///< the single node's zone: its current one, or the first offering the type
  data_snapshot,      ///< HA: the pinned snapshot new data volumes start from (docs/snapshots.md)
};

/// The manifest's spelling: "default", "default-vpc.id", "default-vpc.cidr",
/// "default-vpc.subnets", "stacks-version", "asset.snr.key",
/// "asset.snr.sha256", "secret.bitcoin-rpc-password", "ami.pinned",
/// "placement.zone", "snapshot.pinned".
std::string_view to_string(ParameterSource source);

/// A template parameter the deployer fills (or may leave at its default).
struct DeployParameter {
  std::string name;
  std::string type;
  ParameterSource source = ParameterSource::template_default;
  std::optional<std::string> default_value;
  std::string description;
};

struct StackArtifact {
  std::string id;    ///< "stacks-common"
  std::string name;  ///< CloudFormation stack name
  std::string file;  ///< "<id>.template.json"
  cfn::Json json;    ///< the template
  std::string body;  ///< its text, as written and as sent to CloudFormation
  std::string sha256;
  std::vector<std::string> depends_on;  ///< stack ids to deploy first
  /// What CloudFormation must be allowed to create (IAM resources): passed
  /// with every change set and listed in the manifest.
  std::vector<std::string> capabilities;
  std::vector<DeployParameter> parameters;
  cfn::nag::Report nag;
};

struct Synthesis {
  std::vector<StackArtifact> stacks;
  std::vector<std::pair<std::string, std::string>> skipped;  ///< stack id, why
  std::string manifest;                                      ///< manifest.json text
  bool nag_ok() const;
};

/// Every stack id, in deployment order.
const std::vector<std::string>& all_stack_ids();

/// Stack ids that apply to this Config (no HA for signer/miner).
std::vector<std::string> applicable_stack_ids(const config::Config& c);

/// The stack ids `id` needs deployed first (node stacks: stacks-common).
std::vector<std::string> stack_dependencies(std::string_view id);

/// `requested` (every applicable stack when empty) plus the stacks they
/// depend on, in deployment order. Throws snr::UserError as synthesize does.
std::vector<std::string> deployment_order(const config::Config& c,
                                          const std::vector<std::string>& requested);

/// Builds the requested stacks, or every applicable one when `requested` is
/// empty, in deployment order (dependencies are not added). Throws snr::UserError for an unknown id
/// or an explicitly requested stack the Config cannot have (stacks-ha-nodes for a signer/miner).
Synthesis synthesize(const config::Config& c, const std::vector<std::string>& requested);

/// Writes every template and manifest.json into `dir` (created when missing):
/// each file is written beside its final name first and renamed at the end.
/// Throws snr::Failure on I/O errors.
void write_synthesis(const Synthesis& s, const std::filesystem::path& dir);

}  // namespace snr::infra
