#include "contract/settings_document.h"

#include <algorithm>

#include "config/json.h"
#include "util/error.h"
#include "util/json_fields.h"

namespace snr::contract {

namespace {

using nlohmann::json;

const json& document_object_at(const json& j, const std::string& path, const char* key) {
  if (!j.contains(key) || !j.at(key).is_object())
    throw Failure("settings document: missing object " + path + key);
  return j.at(key);
}

template <typename T>
T document_field(const json& j, const std::string& path, const char* key) {
  return util::json_field<T>(j, "settings document", path, key);
}

}  // namespace

std::string_view to_string(DeploymentKind k) {
  return k == DeploymentKind::ha ? "ha" : "single-node";
}

std::uint32_t lifecycle_heartbeat_timeout_seconds(const config::Config& c) {
  return std::clamp<std::uint32_t>(c.ha.heartbeat_delay_min * 60, 30, 7200);
}

std::string chainstate_archive_url(const config::Config& c) {
  return c.download_chainstate ? c.chainstate_archive_url : std::string();
}

json to_json(const SettingsDocument& s) {
  json j;
  j["schema_version"] = s.schema_version;
  j["stack_id"] = s.stack_id;
  j["stack_name"] = s.stack_name;
  j["kind"] = to_string(s.kind);
  j["region"] = s.region;
  j["settings_parameter"] = s.settings_parameter;
  j["config"] = config::to_json(s.config);
  j["stacks_version"] = s.stacks_version;
  j["assets"] = {{"snr",
                  {{"bucket", s.snr_binary.bucket},
                   {"key", s.snr_binary.key},
                   {"sha256", s.snr_binary.sha256}}}};
  j["chainstate"] = {{"archive_url", s.chainstate_archive_url}};
  j["data_volume"] = {{"volume_id", s.data_volume.volume_id},
                      {"device_name", s.data_volume.device_name},
                      {"mount_point", s.data_volume.mount_point}};
  j["signal"] = {{"stack_name", s.signal.stack_name},
                 {"logical_id", s.signal.logical_id},
                 {"lifecycle_hook", s.signal.lifecycle_hook},
                 {"autoscaling_group_tag", s.signal.autoscaling_group_tag},
                 {"heartbeat_timeout_seconds", s.signal.heartbeat_timeout_seconds}};
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

SettingsDocument settings_document_from_json(const json& j) {
  if (!j.is_object()) throw Failure("settings document: not a JSON object");
  SettingsDocument s;
  s.schema_version = document_field<int>(j, "", "schema_version");
  if (s.schema_version != kSettingsDocumentSchemaVersion)
    throw Failure("settings document: schema_version " + std::to_string(s.schema_version) +
                  " is not supported (this snr reads version " +
                  std::to_string(kSettingsDocumentSchemaVersion) + ")");
  s.stack_id = document_field<std::string>(j, "", "stack_id");
  s.stack_name = document_field<std::string>(j, "", "stack_name");
  const auto kind = document_field<std::string>(j, "", "kind");
  if (kind == "single-node") {
    s.kind = DeploymentKind::single_node;
  } else if (kind == "ha") {
    s.kind = DeploymentKind::ha;
  } else {
    throw Failure("settings document: bad value for kind: \"" + kind +
                  "\" (allowed: single-node, ha)");
  }
  s.region = document_field<std::string>(j, "", "region");
  s.settings_parameter = document_field<std::string>(j, "", "settings_parameter");
  s.config = config::config_from_json(document_object_at(j, "", "config"));
  s.stacks_version = document_field<std::string>(j, "", "stacks_version");

  const json& snr = document_object_at(document_object_at(j, "", "assets"), "assets.", "snr");
  s.snr_binary.bucket = document_field<std::string>(snr, "assets.snr.", "bucket");
  s.snr_binary.key = document_field<std::string>(snr, "assets.snr.", "key");
  s.snr_binary.sha256 = document_field<std::string>(snr, "assets.snr.", "sha256");

  s.chainstate_archive_url = document_field<std::string>(document_object_at(j, "", "chainstate"),
                                                         "chainstate.", "archive_url");

  const json& dv = document_object_at(j, "", "data_volume");
  s.data_volume.volume_id = document_field<std::string>(dv, "data_volume.", "volume_id");
  s.data_volume.device_name = document_field<std::string>(dv, "data_volume.", "device_name");
  s.data_volume.mount_point = document_field<std::string>(dv, "data_volume.", "mount_point");
  if (s.data_volume.mount_point.empty())
    throw Failure("settings document: data_volume.mount_point is empty");
  if (s.kind == DeploymentKind::single_node && s.data_volume.volume_id.empty())
    throw Failure("settings document: data_volume.volume_id is empty for a single node");

  const json& sig = document_object_at(j, "", "signal");
  s.signal.stack_name = document_field<std::string>(sig, "signal.", "stack_name");
  s.signal.logical_id = document_field<std::string>(sig, "signal.", "logical_id");
  s.signal.lifecycle_hook = document_field<std::string>(sig, "signal.", "lifecycle_hook");
  s.signal.autoscaling_group_tag =
      document_field<std::string>(sig, "signal.", "autoscaling_group_tag");
  s.signal.heartbeat_timeout_seconds =
      document_field<std::uint32_t>(sig, "signal.", "heartbeat_timeout_seconds");
  if (s.signal.logical_id.empty()) throw Failure("settings document: signal.logical_id is empty");
  if (s.kind == DeploymentKind::ha && s.signal.lifecycle_hook.empty())
    throw Failure("settings document: signal.lifecycle_hook is empty for an HA node");
  if (s.kind == DeploymentKind::ha &&
      (s.signal.heartbeat_timeout_seconds < 30 || s.signal.heartbeat_timeout_seconds > 7200))
    throw Failure("settings document: signal.heartbeat_timeout_seconds " +
                  std::to_string(s.signal.heartbeat_timeout_seconds) +
                  " is outside 30..7200 for an HA node");

  const json& sec = document_object_at(j, "", "secrets");
  s.secrets.name_prefix = document_field<std::string>(sec, "secrets.", "name_prefix");
  s.secrets.may_create = document_field<bool>(sec, "secrets.", "may_create");
  s.secrets.signer_key_arn = document_field<std::string>(sec, "secrets.", "signer_key_arn");
  s.secrets.miner_key_arn = document_field<std::string>(sec, "secrets.", "miner_key_arn");
  s.secrets.bitcoin_rpc_password_arn =
      document_field<std::string>(sec, "secrets.", "bitcoin_rpc_password_arn");
  s.secrets.signer_lease_key = document_field<std::string>(sec, "secrets.", "signer_lease_key");
  if (s.config.needs_signer_wiring() && s.secrets.signer_lease_key.empty())
    throw Failure("settings document: secrets.signer_lease_key is empty for a node that signs");

  s.log_group = document_field<std::string>(j, "", "log_group");
  const json& m = document_object_at(j, "", "metrics");
  s.metrics.namespace_name = document_field<std::string>(m, "metrics.", "namespace");
  s.metrics.dimension_sets =
      document_field<std::vector<std::vector<std::string>>>(m, "metrics.", "dimension_sets");
  s.metrics.period_seconds = document_field<int>(m, "metrics.", "period_seconds");

  const json& h = document_object_at(j, "", "health");
  s.health.port = document_field<std::uint16_t>(h, "health.", "port");
  s.health.path = document_field<std::string>(h, "health.", "path");
  if (s.health.port == 0) throw Failure("settings document: health.port is 0");
  return s;
}

}  // namespace snr::contract
