#include "aws/secrets_manager.h"

#include "aws/encoding.h"
#include "aws/json_fields.h"
#include "util/json_fields.h"

namespace snr::aws {

namespace {

SecretDescription description_from(const nlohmann::json& j) {
  SecretDescription d;
  d.arn = util::json_value_or<std::string>(j, "ARN", {});
  d.name = util::json_value_or<std::string>(j, "Name", {});
  d.description = util::json_value_or<std::string>(j, "Description", {});
  d.kms_key_id = util::json_value_or<std::string>(j, "KmsKeyId", {});
  d.tags = json::tags(j, "Tags");
  d.created_date = json::timestamp(j, "CreatedDate");
  d.last_changed_date = json::timestamp(j, "LastChangedDate");
  d.deleted_date = json::timestamp(j, "DeletedDate");
  return d;
}

}  // namespace

SecretsManagerClient::SecretsManagerClient(const AwsContext& context)
    : json_(context, Service::secrets_manager) {}

SecretRef SecretsManagerClient::create_secret(const CreateSecretRequest& request) {
  // Raw HTTP callers must supply the idempotency token the SDKs generate;
  // it stays the same across retries of this call.
  nlohmann::json in = {{"Name", request.name},
                       {"SecretString", request.secret_string},
                       {"ClientRequestToken", random_uuid()}};
  if (!request.description.empty()) in["Description"] = request.description;
  if (!request.kms_key_id.empty()) in["KmsKeyId"] = request.kms_key_id;
  if (!request.tags.empty()) in["Tags"] = json::to_json(request.tags);
  nlohmann::json out = json_.call("CreateSecret", in);
  return {util::json_value_or<std::string>(out, "ARN", {}),
          util::json_value_or<std::string>(out, "Name", {}),
          util::json_value_or<std::string>(out, "VersionId", {})};
}

SecretValue SecretsManagerClient::get_secret_value(const std::string& secret_id,
                                                   const std::string& version_stage) {
  nlohmann::json in = {{"SecretId", secret_id}};
  if (!version_stage.empty()) in["VersionStage"] = version_stage;
  // A secret holds at most 64 KiB; escaped in JSON, or base64 as SecretBinary, well under this.
  nlohmann::json out = json_.call("GetSecretValue", in, std::size_t{256} * 1024);
  SecretValue v;
  v.arn = util::json_value_or<std::string>(out, "ARN", {});
  v.name = util::json_value_or<std::string>(out, "Name", {});
  v.version_id = util::json_value_or<std::string>(out, "VersionId", {});
  v.secret_string = util::json_value_or<std::string>(out, "SecretString", {});
  if (auto it = out.find("VersionStages"); it != out.end() && it->is_array()) {
    for (const auto& s : *it) {
      if (s.is_string()) v.version_stages.push_back(s.get<std::string>());
    }
  }
  v.created_date = json::timestamp(out, "CreatedDate");
  return v;
}

std::optional<SecretDescription> SecretsManagerClient::describe_secret(
    const std::string& secret_id) {
  try {
    return description_from(json_.call("DescribeSecret", {{"SecretId", secret_id}}));
  } catch (const AwsError& e) {
    if (e.code() == "ResourceNotFoundException") return std::nullopt;
    throw;
  }
}

std::vector<SecretDescription> SecretsManagerClient::list_secrets(const std::string& name_prefix) {
  std::vector<SecretDescription> out;
  std::string token;
  do {
    nlohmann::json in = {{"MaxResults", 100}};
    if (!name_prefix.empty()) {
      in["Filters"] = nlohmann::json::array(
          {nlohmann::json{{"Key", "name"}, {"Values", nlohmann::json::array({name_prefix})}}});
    }
    if (!token.empty()) in["NextToken"] = token;
    nlohmann::json page = json_.call("ListSecrets", in);
    if (auto it = page.find("SecretList"); it != page.end() && it->is_array()) {
      for (const auto& s : *it) {
        SecretDescription d = description_from(s);
        // The name filter matches prefixes of words too; keep true prefixes only.
        if (d.name.rfind(name_prefix, 0) == 0) out.push_back(std::move(d));
      }
    }
    token = util::json_value_or<std::string>(page, "NextToken", {});
  } while (!token.empty());
  return out;
}

std::optional<Timestamp> SecretsManagerClient::delete_secret(const std::string& secret_id,
                                                             const DeleteSecretOptions& options) {
  nlohmann::json in = {{"SecretId", secret_id}};
  if (options.force_without_recovery) {
    in["ForceDeleteWithoutRecovery"] = true;
  } else if (options.recovery_window_days) {
    in["RecoveryWindowInDays"] = *options.recovery_window_days;
  }
  return json::timestamp(json_.call("DeleteSecret", in), "DeletionDate");
}

SecretRef SecretsManagerClient::put_secret_value(const std::string& secret_id,
                                                 const std::string& secret_string) {
  nlohmann::json out = json_.call("PutSecretValue", {{"SecretId", secret_id},
                                                     {"SecretString", secret_string},
                                                     {"ClientRequestToken", random_uuid()}});
  return {util::json_value_or<std::string>(out, "ARN", {}),
          util::json_value_or<std::string>(out, "Name", {}),
          util::json_value_or<std::string>(out, "VersionId", {})};
}

}  // namespace snr::aws
