#include "config/deployment_settings.h"

#include "config/json.h"
#include "util/error.h"
#include "util/json_fields.h"

namespace snr::config {

namespace {

using nlohmann::json;

const json& object_at(const json& j, const std::string& path, const char* key) {
  if (!j.contains(key) || !j.at(key).is_object())
    throw Failure("deployment settings: missing object " + path + key);
  return j.at(key);
}

template <typename T>
T field(const json& j, const std::string& path, const char* key) {
  return util::json_field<T>(j, "deployment settings", path, key);
}

}  // namespace

std::string_view to_string(DeploymentKind k) {
  return k == DeploymentKind::ha ? "ha" : "single-node";
}

json to_json(const DeploymentSettings& s) {
  json j;
  j["schema_version"] = s.schema_version;
  j["stack_id"] = s.stack_id;
  j["stack_name"] = s.stack_name;
  j["kind"] = to_string(s.kind);
  j["region"] = s.region;
  j["settings_parameter"] = s.settings_parameter;
  j["config"] = to_json(s.config);
  j["stacks_version"] = s.stacks_version;
  j["assets"] = {{"snr",
                  {{"bucket", s.snr_binary.bucket},
                   {"key", s.snr_binary.key},
                   {"sha256", s.snr_binary.sha256}}}};
  j["data_volume"] = {{"volume_id", s.data_volume.volume_id},
                      {"device_name", s.data_volume.device_name},
                      {"mount_point", s.data_volume.mount_point}};
  j["signal"] = {{"stack_name", s.signal.stack_name},
                 {"logical_id", s.signal.logical_id},
                 {"lifecycle_hook", s.signal.lifecycle_hook},
                 {"autoscaling_group_tag", s.signal.autoscaling_group_tag}};
  j["secrets"] = {{"name_prefix", s.secrets.name_prefix},
                  {"may_create", s.secrets.may_create},
                  {"signer_key_arn", s.secrets.signer_key_arn},
                  {"miner_key_arn", s.secrets.miner_key_arn},
                  {"bitcoin_rpc_password_arn", s.secrets.bitcoin_rpc_password_arn},
                  {"signer_lease_key", s.secrets.signer_lease_key}};
  j["log_group"] = s.log_group;
  j["metrics"] = {{"namespace", s.metrics.namespace_name},
                  {"dimension_sets", s.metrics.dimension_sets},
                  {"period_seconds", s.metrics.period_seconds}};
  j["health"] = {{"port", s.health.port}, {"path", s.health.path}};
  return j;
}

DeploymentSettings deployment_settings_from_json(const json& j) {
  if (!j.is_object()) throw Failure("deployment settings: not a JSON object");
  DeploymentSettings s;
  s.schema_version = field<int>(j, "", "schema_version");
  if (s.schema_version != kDeploymentSettingsSchemaVersion)
    throw Failure("deployment settings: schema_version " + std::to_string(s.schema_version) +
                  " is not supported (this snr reads version " +
                  std::to_string(kDeploymentSettingsSchemaVersion) + ")");
  s.stack_id = field<std::string>(j, "", "stack_id");
  s.stack_name = field<std::string>(j, "", "stack_name");
  const auto kind = field<std::string>(j, "", "kind");
  if (kind == "single-node") {
    s.kind = DeploymentKind::single_node;
  } else if (kind == "ha") {
    s.kind = DeploymentKind::ha;
  } else {
    throw Failure("deployment settings: bad value for kind: \"" + kind +
                  "\" (allowed: single-node, ha)");
  }
  s.region = field<std::string>(j, "", "region");
  s.settings_parameter = field<std::string>(j, "", "settings_parameter");
  s.config = config_from_json(object_at(j, "", "config"));
  s.stacks_version = field<std::string>(j, "", "stacks_version");

  const json& snr = object_at(object_at(j, "", "assets"), "assets.", "snr");
  s.snr_binary.bucket = field<std::string>(snr, "assets.snr.", "bucket");
  s.snr_binary.key = field<std::string>(snr, "assets.snr.", "key");
  s.snr_binary.sha256 = field<std::string>(snr, "assets.snr.", "sha256");

  const json& dv = object_at(j, "", "data_volume");
  s.data_volume.volume_id = field<std::string>(dv, "data_volume.", "volume_id");
  s.data_volume.device_name = field<std::string>(dv, "data_volume.", "device_name");
  s.data_volume.mount_point = field<std::string>(dv, "data_volume.", "mount_point");
  if (s.kind == DeploymentKind::single_node && s.data_volume.volume_id.empty())
    throw Failure("deployment settings: data_volume.volume_id is empty for a single node");

  const json& sig = object_at(j, "", "signal");
  s.signal.stack_name = field<std::string>(sig, "signal.", "stack_name");
  s.signal.logical_id = field<std::string>(sig, "signal.", "logical_id");
  s.signal.lifecycle_hook = field<std::string>(sig, "signal.", "lifecycle_hook");
  s.signal.autoscaling_group_tag = field<std::string>(sig, "signal.", "autoscaling_group_tag");
  if (s.signal.logical_id.empty()) throw Failure("deployment settings: signal.logical_id is empty");
  if (s.kind == DeploymentKind::ha && s.signal.lifecycle_hook.empty())
    throw Failure("deployment settings: signal.lifecycle_hook is empty for an HA node");

  const json& sec = object_at(j, "", "secrets");
  s.secrets.name_prefix = field<std::string>(sec, "secrets.", "name_prefix");
  s.secrets.may_create = field<bool>(sec, "secrets.", "may_create");
  s.secrets.signer_key_arn = field<std::string>(sec, "secrets.", "signer_key_arn");
  s.secrets.miner_key_arn = field<std::string>(sec, "secrets.", "miner_key_arn");
  s.secrets.bitcoin_rpc_password_arn =
      field<std::string>(sec, "secrets.", "bitcoin_rpc_password_arn");
  s.secrets.signer_lease_key = field<std::string>(sec, "secrets.", "signer_lease_key");
  if (s.config.needs_signer_wiring() && s.secrets.signer_lease_key.empty())
    throw Failure("deployment settings: secrets.signer_lease_key is empty for a node that signs");

  s.log_group = field<std::string>(j, "", "log_group");
  const json& m = object_at(j, "", "metrics");
  s.metrics.namespace_name = field<std::string>(m, "metrics.", "namespace");
  s.metrics.dimension_sets =
      field<std::vector<std::vector<std::string>>>(m, "metrics.", "dimension_sets");
  s.metrics.period_seconds = field<int>(m, "metrics.", "period_seconds");

  const json& h = object_at(j, "", "health");
  s.health.port = field<std::uint16_t>(h, "health.", "port");
  s.health.path = field<std::string>(h, "health.", "path");
  return s;
}

}  // namespace snr::config
