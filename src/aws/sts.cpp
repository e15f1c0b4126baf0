#include "aws/sts.h"

#include "aws/xml.h"

namespace snr::aws {

StsClient::StsClient(const AwsContext& context) : query_(context, Service::sts) {}

CallerIdentity StsClient::get_caller_identity() {
  QueryResponse r = query_.call("GetCallerIdentity", {});
  return {xml::text(r.result, "Account"), xml::text(r.result, "Arn"),
          xml::text(r.result, "UserId")};
}

Credentials StsClient::assume_role(const AssumeRoleRequest& request) {
  Params p{{"RoleArn", request.role_arn}, {"RoleSessionName", request.session_name}};
  if (request.duration_seconds) {
    p.emplace_back("DurationSeconds", std::to_string(*request.duration_seconds));
  }
  if (request.external_id) p.emplace_back("ExternalId", *request.external_id);
  QueryResponse r = query_.call("AssumeRole", p);
  pugi::xml_node c = r.result.child("Credentials");
  Credentials out;
  out.access_key_id = xml::text(c, "AccessKeyId");
  out.secret_access_key = xml::text(c, "SecretAccessKey");
  out.session_token = xml::text(c, "SessionToken");
  out.expiration = xml::timestamp(c, "Expiration");
  out.source = "assumed role " + request.role_arn;
  if (out.access_key_id.empty() || out.secret_access_key.empty()) {
    throw Failure("STS AssumeRole: the response carries no credentials");
  }
  return out;
}

}  // namespace snr::aws
