#include "aws/error.h"

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

namespace snr::aws {

namespace {

bool in(std::string_view code, std::initializer_list<std::string_view> codes) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

// What the user can do about some errors; empty when there is nothing useful to add.
std::string hint_for(std::string_view code) {
  if (in(code, {"InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException",
                "InvalidAccessKeyId", "AuthFailure", "IncompleteSignature",
                "MissingAuthenticationToken"})) {
    return "check which AWS credentials are in use (--profile/AWS_PROFILE, AWS_ACCESS_KEY_ID, "
           "~/.aws/credentials, instance role): the key or secret is wrong or deactivated";
  }
  if (in(code, {"ExpiredToken", "ExpiredTokenException", "RequestExpired", "InvalidToken"})) {
    return "the AWS session credentials expired: refresh them (e.g. aws sso login, or new "
           "AWS_SESSION_TOKEN) and check the system clock";
  }
  if (in(code, {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation"})) {
    return "the AWS identity in use lacks this permission; `aws sts get-caller-identity` shows "
           "which identity that is";
  }
  return {};
}

std::string format_what(const std::string& service, const std::string& code,
                        const std::string& message) {
  std::string out = service + " " + code;
  if (!message.empty()) out += ": " + message;
  std::string hint = hint_for(code);
  if (!hint.empty()) out += "\n  hint: " + hint;
  return out;
}

// Depth-first search for the first element named `name`.
pugi::xml_node find_element(pugi::xml_node root, const char* name) {
  return root.find_node([name](pugi::xml_node n) {
    return n.type() == pugi::node_element && std::string_view(n.name()) == name;
  });
}

}  // namespace

AwsError::AwsError(std::string service, std::string code, std::string message, long http_status,
                   std::string request_id)
    : Failure(format_what(service, code, message)),
      service_(std::move(service)),
      code_(std::move(code)),
      message_(std::move(message)),
      http_status_(http_status),
      request_id_(std::move(request_id)) {}

bool AwsError::is_throttling() const {
  // The union of throttling codes botocore's "standard" retry mode knows.
  return in(code_,
            {"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
             "TooManyRequestsException", "ProvisionedThroughputExceededException",
             "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
             "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
             "EC2ThrottledException"});
}

bool AwsError::is_retryable() const {
  if (is_not_implemented()) return false;
  if (is_throttling()) return true;
  if (in(code_, {"RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"})) {
    return true;
  }
  return http_status_ == 500 || http_status_ == 502 || http_status_ == 503 || http_status_ == 504;
}

bool AwsError::is_not_implemented() const {
  return http_status_ == 501 || in(code_, {"NotImplemented", "InvalidAction",
                                           "UnknownOperationException", "UnknownOperation"});
}

bool AwsError::is_auth_error() const {
  return in(code_, {"InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken",
                    "ExpiredTokenException", "AuthFailure", "UnrecognizedClientException",
                    "InvalidAccessKeyId", "InvalidToken", "IncompleteSignature",
                    "MissingAuthenticationToken", "RequestExpired"});
}

std::string normalize_error_code(std::string_view raw) {
  auto colon = raw.find(':');
  if (colon != std::string_view::npos) raw = raw.substr(0, colon);
  auto hash = raw.rfind('#');
  if (hash != std::string_view::npos) raw = raw.substr(hash + 1);
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t'))
    raw.remove_suffix(1);
  while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t'))
    raw.remove_prefix(1);
  return std::string(raw);
}

ErrorDetails parse_xml_error(std::string_view body) {
  ErrorDetails d;
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size())) return d;
  // The first <Error> that has a <Code>, wherever it is nested.
  pugi::xml_node error = doc.find_node([](pugi::xml_node n) {
    return n.type() == pugi::node_element && std::string_view(n.name()) == "Error" &&
           n.child("Code");
  });
  if (!error) return d;
  d.code = normalize_error_code(error.child("Code").text().as_string());
  d.message = error.child("Message").text().as_string();
  for (const char* name : {"RequestId", "RequestID"}) {
    if (pugi::xml_node id = find_element(doc, name)) {
      d.request_id = id.text().as_string();
      break;
    }
  }
  return d;
}

ErrorDetails parse_json_error(std::string_view body, std::string_view error_type_header) {
  ErrorDetails d;
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_object()) {
    for (const char* key : {"__type", "code", "Code"}) {
      auto it = j.find(key);
      if (it != j.end() && it->is_string()) {
        d.code = normalize_error_code(it->get<std::string>());
        break;
      }
    }
    for (const char* key : {"message", "Message", "errorMessage"}) {
      auto it = j.find(key);
      if (it != j.end() && it->is_string()) {
        d.message = it->get<std::string>();
        break;
      }
    }
  }
  if (!error_type_header.empty()) {
    // The header is authoritative when present (it carries the modeled code).
    std::string code = normalize_error_code(error_type_header);
    if (!code.empty()) d.code = code;
  }
  return d;
}

}  // namespace snr::aws
