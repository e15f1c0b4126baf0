#include "infra/node_parts.h"

#include <functional>
#include <stdexcept>

#include "config/json.h"
#include "contract/metrics.h"
#include "contract/names.h"
#include "infra/constructs.h"
#include "infra/names.h"
#include "util/embedded.h"
#include "util/error.h"

namespace snr::infra {

using namespace cfn;

bool needs_bitcoin_secret_parameter(const config::Config& c) {
  return !c.bitcoin.rpc_password.empty() && c.bitcoin.rpc_password_secret_arn.empty();
}

namespace {

Parameter parameter(std::string type, std::string description,
                    std::optional<std::string> default_value = std::nullopt,
                    std::string pattern = "", std::string constraint = "") {
  Parameter p;
  p.type = std::move(type);
  p.description = std::move(description);
  p.default_value = std::move(default_value);
  p.allowed_pattern = std::move(pattern);
  p.constraint_description = std::move(constraint);
  return p;
}

}  // namespace

void add_node_parameters(Template& t, const config::Config& c) {
  t.add_parameter(
      std::string(params::kVpcId),
      parameter("AWS::EC2::VPC::Id", "VPC of the nodes (the deployer passes the default VPC)"));
  t.add_parameter(std::string(params::kSubnetIds),
                  parameter("List<AWS::EC2::Subnet::Id>",
                            "Subnets of that VPC with public IPs (the default subnets); the "
                            "single node uses the first"));
  // A concrete AMI, never an SSM-typed parameter: CloudFormation resolves
  // those again on every update, and a new Amazon Linux release would then
  // replace every node on an unrelated deploy.
  t.add_parameter(std::string(params::kImageId),
                  parameter("AWS::EC2::Image::Id",
                            "Amazon Linux 2023 AMI, pinned by the deployer (it moves only with "
                            "snr deploy --update-ami)"));
  t.add_parameter(
      std::string(params::kStacksVersion),
      parameter("String", "Exact stacks-core release tag (the deployer resolves \"latest\")",
                c.stacks_version != "latest" ? std::optional<std::string>(c.stacks_version)
                                             : std::nullopt,
                "^[0-9][0-9A-Za-z._-]{0,63}$", "an exact release tag such as 4.0.2"));
  t.add_parameter(std::string(params::kAssetKey),
                  parameter("String",
                            "Key of the snr binary in the common stack's asset bucket "
                            "(snr/<sha256>/snr-linux-<arch>)",
                            std::nullopt, "^snr/[0-9a-f]{64}/[A-Za-z0-9._-]{1,128}$",
                            "snr/<sha256>/<file name>"));
  t.add_parameter(std::string(params::kAssetSha256),
                  parameter("String", "sha256 of the snr binary (lower-case hex)", std::nullopt,
                            "^[0-9a-f]{64}$", "64 lower-case hex digits"));
  if (needs_bitcoin_secret_parameter(c))
    t.add_parameter(
        std::string(params::kBitcoinRpcPasswordSecretArn),
        parameter("String",
                  "ARN of the secret holding BITCOIN_RPC_PASSWORD (the deployer "
                  "stores it under snr/<stack-name>/)",
                  std::nullopt, "^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$",
                  "a Secrets Manager secret ARN"));
}

namespace {

Json bitcoin_secret_arn(const config::Config& c) {
  if (!c.bitcoin.rpc_password_secret_arn.empty()) return c.bitcoin.rpc_password_secret_arn;
  if (needs_bitcoin_secret_parameter(c)) return cfn::ref(params::kBitcoinRpcPasswordSecretArn);
  return nullptr;
}

/// Secrets the operator named in the .env (they may use their own KMS key).
Json operator_named_secrets(const config::Config& c) {
  Json out = Json::array();
  if (!c.bitcoin.rpc_password_secret_arn.empty()) out.push_back(c.bitcoin.rpc_password_secret_arn);
  if (c.needs_signer_wiring() && !c.signer_secret_arn.empty()) out.push_back(c.signer_secret_arn);
  if (c.is_miner() && !c.miner_secret_arn.empty()) out.push_back(c.miner_secret_arn);
  return out;
}

Json secret_prefix_arn() {
  return arn("secretsmanager", "secret:snr/${AWS::StackName}/*");
}

}  // namespace

Json node_statements(const config::Config& c, Json extra) {
  Json st = Json::array();
  // "parameter" + "/snr/<stack>/settings": the name's leading "/" separates them in the ARN.
  st.push_back(
      statement("ReadSettings", {"ssm:GetParameter"},
                arn("ssm", "parameter" + contract::settings_parameter_name("${AWS::StackName}"))));
  st.push_back(statement(
      "ReadSnrBinary", {"s3:GetObject"},
      sub("arn:${AWS::Partition}:s3:::${Bucket}/${" + std::string(params::kAssetKey) + "}",
          Json{{"Bucket", import_value(std::string(exports::kAssetBucket))}})));
  st.push_back(statement("SignalThisStack", {"cloudformation:SignalResource"}, pseudo::stack_id()));
  st.push_back(statement("WriteNodeLogs",
                         {"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
                         get_att(ids::kNodeLogGroup, "Arn")));
  Json secrets = Json::array();
  if (Json b = bitcoin_secret_arn(c); !b.is_null()) secrets.push_back(b);
  if (c.needs_signer_wiring() && !c.signer_secret_arn.empty())
    secrets.push_back(c.signer_secret_arn);
  if (c.is_miner() && !c.miner_secret_arn.empty()) secrets.push_back(c.miner_secret_arn);
  if (!secrets.empty())
    st.push_back(statement("ReadConfiguredSecrets",
                           {"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"},
                           secrets));
  if (Json named = operator_named_secrets(c); !named.empty())
    // A named secret may be encrypted with a customer-managed key: decrypt
    // only through Secrets Manager, only for these secrets (the key's policy
    // must also let the account's principals use it).
    st.push_back(statement(
        "DecryptNamedSecretsViaSecretsManager", {"kms:Decrypt"},
        sub("arn:${AWS::Partition}:kms:${AWS::Region}:*:key/*"),
        Json{{"StringEquals",
              {{"kms:ViaService", sub("secretsmanager.${AWS::Region}.amazonaws.com")},
               {"kms:EncryptionContext:SecretARN", std::move(named)}}}}));
  if (c.needs_signer_wiring()) {
    // Only this key's lease object: see agent/signer_lease.h.
    std::string lease = contract::signer_lease_key(c, stack_name(kSingleNodeStackId, c));
    st.push_back(
        statement("HoldSignerLease", {"s3:GetObject", "s3:PutObject"},
                  sub("arn:${AWS::Partition}:s3:::${Bucket}/" + lease,
                      Json{{"Bucket", import_value(std::string(exports::kAssetBucket))}})));
    // S3 answers a GET of a missing key with 403, not 404, without ListBucket:
    // the first lease could never be taken. Listing only the lease key itself.
    st.push_back(statement("FindSignerLease", {"s3:ListBucket"},
                           sub("arn:${AWS::Partition}:s3:::${Bucket}",
                               Json{{"Bucket", import_value(std::string(exports::kAssetBucket))}}),
                           Json{{"StringEquals", {{"s3:prefix", lease}}}}));
  }
  if (c.needs_signer_wiring()) {
    st.push_back(statement("KeepGeneratedKeys",
                           {"secretsmanager:CreateSecret", "secretsmanager:GetSecretValue",
                            "secretsmanager:DescribeSecret"},
                           secret_prefix_arn()));
    // CreateSecret with Tags also needs TagResource: only snr's own tag keys.
    st.push_back(statement(
        "TagGeneratedKeys", {"secretsmanager:TagResource"}, secret_prefix_arn(),
        Json{{"ForAllValues:StringEquals",
              {{"aws:TagKeys",
                Json::array({std::string(contract::kPublicKeyTag),
                             std::string(contract::kAddressTag),
                             std::string(contract::kGeneratedByTag)})}}},
             {"Null", {{"aws:TagKeys", "false"}}}}));
  }
  for (auto& e : extra)
    st.push_back(std::move(e));
  return st;
}

std::vector<std::pair<std::string, std::string>> node_wildcards(const config::Config& c) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!operator_named_secrets(c).empty())
    out.emplace_back("Resource::arn:<AWS::Partition>:kms:<AWS::Region>:*:key/*",
                     "A named secret may be encrypted with the operator's own KMS key, unknown "
                     "here: kms:Decrypt only via Secrets Manager for exactly those secrets "
                     "(kms:ViaService, kms:EncryptionContext:SecretARN).");
  if (c.needs_signer_wiring())
    out.emplace_back(
        "Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:"
        "secret:snr/<AWS::StackName>/*",
        "Signer and miner keys and the node-signer token are generated on first boot and "
        "stored once under this stack's own name prefix; Secrets Manager appends a random "
        "suffix to every secret ARN, so the prefix needs a wildcard.");
  return out;
}

namespace {

/// Escapes every string of a JSON tree for Fn::Sub.
void escape_strings(Json& j) {
  if (j.is_string()) {
    j = escape_sub(j.get<std::string>());
  } else if (j.is_structured()) {
    for (auto& e : j)
      escape_strings(e);
  }
}

}  // namespace

Json settings_document(const config::Config& c, contract::DeploymentKind kind,
                       const std::string& stack_id, const std::string& signal_logical_id,
                       const std::string& volume_logical_id) {
  using contract::DeploymentKind;
  namespace m = contract::metrics;
  contract::SettingsDocument s;
  s.stack_id = stack_id;
  s.kind = kind;
  s.config = c;
  s.data_volume.device_name = std::string(contract::kDataDeviceName);
  s.data_volume.mount_point = std::string(contract::kDataMountPoint);
  s.signal.logical_id = signal_logical_id;
  if (kind == DeploymentKind::ha) {
    s.signal.lifecycle_hook = std::string(contract::kLaunchHookName);
    s.signal.autoscaling_group_tag = std::string(contract::kAutoScalingGroupTag);
    s.signal.heartbeat_timeout_seconds = contract::lifecycle_heartbeat_timeout_seconds(c);
  }
  s.chainstate_archive_url = contract::chainstate_archive_url(c);
  s.secrets.may_create = c.needs_signer_wiring();
  s.secrets.signer_key_arn = c.needs_signer_wiring() ? c.signer_secret_arn : "";
  s.secrets.miner_key_arn = c.is_miner() ? c.miner_secret_arn : "";
  s.secrets.bitcoin_rpc_password_arn = c.bitcoin.rpc_password_secret_arn;
  s.secrets.signer_lease_key = contract::signer_lease_key(c, stack_name(stack_id, c));
  s.metrics.namespace_name = std::string(m::kNamespace);
  s.metrics.dimension_sets = {{std::string(m::kDimInstanceId)}};
  if (kind == DeploymentKind::ha)
    s.metrics.dimension_sets.push_back({std::string(m::kDimAutoScalingGroupName)});
  s.health.port = c.ports.health;
  s.health.path = std::string(contract::kHealthPath);

  // Literal values are escaped; deploy-time values are set after escaping.
  Json doc = contract::to_json(s);
  escape_strings(doc);
  doc["stack_name"] = "${AWS::StackName}";
  doc["region"] = "${AWS::Region}";
  doc["settings_parameter"] = contract::settings_parameter_name("${AWS::StackName}");
  doc["stacks_version"] = "${" + std::string(params::kStacksVersion) + "}";
  doc["assets"]["snr"] = {{"bucket", "${AssetBucket}"},
                          {"key", "${" + std::string(params::kAssetKey) + "}"},
                          {"sha256", "${" + std::string(params::kAssetSha256) + "}"}};
  if (!volume_logical_id.empty()) doc["data_volume"]["volume_id"] = "${" + volume_logical_id + "}";
  doc["signal"]["stack_name"] = "${AWS::StackName}";
  doc["secrets"]["name_prefix"] = contract::secret_prefix("${AWS::StackName}");
  if (needs_bitcoin_secret_parameter(c))
    doc["secrets"]["bitcoin_rpc_password_arn"] =
        "${" + std::string(params::kBitcoinRpcPasswordSecretArn) + "}";
  doc["log_group"] = "${" + std::string(ids::kNodeLogGroup) + "}";
  return sub(doc.dump(), Json{{"AssetBucket", import_value(std::string(exports::kAssetBucket))}});
}

std::size_t settings_document_worst_size(const Json& document) {
  const Json& sub_value = document["Fn::Sub"];
  const std::string text =
      sub_value.is_array() ? sub_value[0].get<std::string>() : sub_value.get<std::string>();
  // The longest value each deploy-time name can take.
  auto longest = [](std::string_view name) -> std::size_t {
    if (name == "AWS::StackName") return 128;
    if (name == "AWS::Region" || name == "AWS::Partition") return 20;
    if (name == "AWS::AccountId") return 12;
    if (name == params::kAssetKey) return 200;
    if (name == params::kBitcoinRpcPasswordSecretArn) return 600;  // 512-byte names
    return 128;  // versions, hashes, bucket, volume and log group names
  };
  std::size_t size = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 2, "${") == 0) {
      std::size_t end = text.find('}', i);
      if (text.compare(i, 3, "${!") == 0 || end == std::string::npos) {
        size += 2;  // "${!" is a literal "${"
        i += 3;
        continue;
      }
      size += longest(std::string_view(text).substr(i + 2, end - i - 2));
      i = end + 1;
      continue;
    }
    ++size;
    ++i;
  }
  return size;
}

void add_settings_parameter(Template& t, Json document) {
  // SSM: Standard parameters hold 4 KB, Advanced 8 KB (and cost a little).
  constexpr std::size_t kStandardLimit = 4096, kAdvancedLimit = 8192;
  const std::size_t size = settings_document_worst_size(document);
  if (size > kAdvancedLimit) {
    throw UserError("STACKS_BOOTSTRAP_NODE",
                    "the settings document would be up to " + std::to_string(size) +
                        " bytes, over the 8 KB SSM parameter limit; list fewer bootstrap peers "
                        "(or shorten the other long values: STACKS_CHAINSTATE_ARCHIVE, "
                        "BITCOIN_PEER_HOST)");
  }
  const bool advanced = size > kStandardLimit;
  t.add_resource(ids::kSettingsParameter, "AWS::SSM::Parameter",
                 {{"Name", sub(contract::settings_parameter_name("${AWS::StackName}"))},
                  {"Type", "String"},
                  // Advanced is billed per parameter per month; only when needed.
                  {"Tier", advanced ? "Advanced" : "Standard"},
                  {"DataType", "text"},
                  {"Description", "snr deployment settings read by the node agent (no secrets)"},
                  {"Value", std::move(document)}});
}

Json bootstrap_user_data(const std::string& signal_logical_id, const std::string& lifecycle_hook) {
  auto script = assets::find("user-data/bootstrap.sh");
  if (!script) throw std::logic_error("asset user-data/bootstrap.sh is not embedded");
  return base64(sub(*script, Json{{"SettingsParameterName",
                                   sub(contract::settings_parameter_name("${AWS::StackName}"))},
                                  {"SignalLogicalId", signal_logical_id},
                                  {"LifecycleHookName", lifecycle_hook}}));
}

}  // namespace snr::infra
