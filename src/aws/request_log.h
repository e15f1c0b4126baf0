#pragma once
/// The verbose request log (`--verbose`) and the redaction that keeps
/// secrets out of it: no signature, token or secret value is ever written.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "net/http.h"

namespace snr::aws {

/// Receives one log line at a time (no trailing newline). Empty: no log.
using RequestLog = std::function<void(std::string_view line)>;

inline constexpr std::string_view kRedacted = "<redacted>";

/// True for a field whose value is secret: SecretString, SecretBinary,
/// SecretAccessKey, SessionToken, Token, Password (and any name containing
/// "password" or "privatekey"), ParameterValue; with `json`, also "Value"
/// (SSM parameter values may be SecureStrings). Case-insensitive.
bool is_secret_field(std::string_view name, bool json);

/// The URL with signature and credential query values redacted
/// (X-Amz-Signature, X-Amz-Credential, X-Amz-Security-Token, ...).
std::string redact_url(std::string_view url);

/// The header value, or kRedacted for Authorization, X-Amz-Security-Token,
/// X-aws-ec2-metadata-token and other credentials.
std::string redact_header(std::string_view name, std::string_view value);

/// Form body with secret fields (judged by the last dotted name component,
/// e.g. Parameters.member.1.ParameterValue) redacted.
std::string redact_form(std::string_view body);
/// JSON body with secret fields redacted at any depth; a body that does not
/// parse is not shown at all.
std::string redact_json(std::string_view body);
/// XML body with the text of secret elements redacted.
std::string redact_xml(std::string_view body);
/// Dispatches on the content type; bodies that are not form, JSON or XML
/// (object data) are summarized by size, long ones truncated.
std::string redact_body(std::string_view body, std::string_view content_type);

/// One attempt as the client reports it.
struct Exchange {
  std::string_view service;  ///< display name
  const net::HttpRequest* request = nullptr;
  const net::HttpResponse* response = nullptr;  ///< null when the transport failed
  std::string_view transport_error;             ///< set when response is null
  std::chrono::milliseconds duration{0};
  int attempt = 1;
  int max_attempts = 1;
};

/// Writes the exchange to `log`: a summary line (method, redacted URL,
/// status, duration, attempt), then redacted headers and bodies.
void log_exchange(const RequestLog& log, const Exchange& exchange);

}  // namespace snr::aws
