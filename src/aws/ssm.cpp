#include "aws/ssm.h"

#include "aws/json_fields.h"
#include "util/json_fields.h"

namespace snr::aws {

std::string_view to_string(ParameterType t) {
  switch (t) {
    case ParameterType::string:
      return "String";
    case ParameterType::secure_string:
      return "SecureString";
    case ParameterType::string_list:
      return "StringList";
  }
  return "String";
}

SsmClient::SsmClient(const AwsContext& context) : json_(context, Service::ssm) {}

std::optional<SsmParameter> SsmClient::get_parameter(const std::string& name,
                                                     bool with_decryption) {
  nlohmann::json out;
  try {
    out = json_.call("GetParameter", {{"Name", name}, {"WithDecryption", with_decryption}});
  } catch (const AwsError& e) {
    if (e.code() == "ParameterNotFound") return std::nullopt;
    throw;
  }
  const nlohmann::json p = out.value("Parameter", nlohmann::json::object());
  SsmParameter r;
  r.name = util::json_value_or<std::string>(p, "Name", {});
  r.type = util::json_value_or<std::string>(p, "Type", {});
  r.value = util::json_value_or<std::string>(p, "Value", {});
  r.version = util::json_value_or<std::int64_t>(p, "Version", 0);
  r.arn = util::json_value_or<std::string>(p, "ARN", {});
  r.last_modified = json::timestamp(p, "LastModifiedDate");
  return r;
}

std::int64_t SsmClient::put_parameter(const PutParameterRequest& request) {
  nlohmann::json in = {{"Name", request.name},
                       {"Value", request.value},
                       {"Type", std::string(to_string(request.type))},
                       {"Overwrite", request.overwrite}};
  if (!request.description.empty()) in["Description"] = request.description;
  if (!request.kms_key_id.empty()) in["KeyId"] = request.kms_key_id;
  if (!request.tags.empty()) in["Tags"] = json::to_json(request.tags);
  return util::json_value_or<std::int64_t>(json_.call("PutParameter", in), "Version", 0);
}

bool SsmClient::delete_parameter(const std::string& name) {
  try {
    json_.call("DeleteParameter", {{"Name", name}});
    return true;
  } catch (const AwsError& e) {
    if (e.code() == "ParameterNotFound") return false;
    throw;
  }
}

std::string SsmClient::send_command(const SendCommandRequest& r) {
  nlohmann::json params = {{"commands", r.commands}};
  if (r.execution_timeout_seconds > 0)
    params["executionTimeout"] = {std::to_string(r.execution_timeout_seconds)};
  nlohmann::json in = {{"DocumentName", "AWS-RunShellScript"},
                       {"InstanceIds", r.instance_ids},
                       {"Parameters", params},
                       {"TimeoutSeconds", r.timeout_seconds}};
  if (!r.comment.empty()) in["Comment"] = r.comment.substr(0, 100);
  nlohmann::json out = json_.call("SendCommand", in);
  const nlohmann::json c = out.value("Command", nlohmann::json::object());
  return util::json_value_or<std::string>(c, "CommandId", {});
}

std::optional<CommandInvocation> SsmClient::get_command_invocation(const std::string& command_id,
                                                                   const std::string& instance_id) {
  nlohmann::json out;
  try {
    out = json_.call("GetCommandInvocation",
                     {{"CommandId", command_id}, {"InstanceId", instance_id}});
  } catch (const AwsError& e) {
    if (e.code() == "InvocationDoesNotExist") return std::nullopt;
    throw;
  }
  CommandInvocation r;
  r.command_id = util::json_value_or<std::string>(out, "CommandId", command_id);
  r.instance_id = util::json_value_or<std::string>(out, "InstanceId", instance_id);
  r.status = util::json_value_or<std::string>(out, "Status", {});
  r.status_details = util::json_value_or<std::string>(out, "StatusDetails", {});
  r.response_code = util::json_value_or<int>(out, "ResponseCode", -1);
  r.standard_output = util::json_value_or<std::string>(out, "StandardOutputContent", {});
  r.standard_error = util::json_value_or<std::string>(out, "StandardErrorContent", {});
  return r;
}

}  // namespace snr::aws
