#pragma once
/// Synthesis of the stacks for one Config: templates, nag reports and the
/// manifest the deployer reads (see docs/synthesis.md for its format).

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cfn/nag.h"
#include "config/config.h"

namespace snr::infra {

/// A template parameter the deployer fills (or may leave at its default).
struct DeployParameter {
  std::string name;
  std::string type;
  /// What to fill it with: "default-vpc.id", "default-vpc.cidr",
  /// "default-vpc.subnets", "stacks-version", "asset.snr.key",
  /// "asset.snr.sha256", "secret.bitcoin-rpc-password", or "default" (keep
  /// the template's default).
  std::string source;
  std::optional<std::string> default_value;
  std::string description;
};

struct StackArtifact {
  std::string id;    ///< "stacks-common"
  std::string name;  ///< CloudFormation stack name
  std::string file;  ///< "<id>.template.json"
  std::string body;  ///< the template text
  std::string sha256;
  std::vector<std::string> depends_on;  ///< stack ids to deploy first
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

/// Builds the requested stacks, or every applicable one when `requested` is
/// empty. Throws snr::UserError for an unknown id or an explicitly requested
/// stack the Config cannot have (stacks-ha-nodes for a signer/miner).
Synthesis synthesize(const config::Config& c, const std::vector<std::string>& requested);

/// Writes every template and manifest.json into `dir` (created when missing):
/// each file is written beside its final name first and renamed at the end.
/// Throws snr::Failure on I/O errors.
void write_synthesis(const Synthesis& s, const std::filesystem::path& dir);

}  // namespace snr::infra
