#pragma once
/// Errors from AWS: a service error response (AwsError) or a failure to get
/// any response at all (TransportError). Both are snr::Failure (exit 1).

#include <string>
#include <string_view>
#include <vector>

#include "net/http.h"
#include "util/error.h"

namespace snr::aws {

/// No HTTP response (net/http.h); the AWS clients add the service to its message.
using net::TransportError;

/// An error response from an AWS service, e.g.
/// `CloudFormation ValidationError: Stack [x] does not exist`.
class AwsError : public Failure {
 public:
  AwsError(std::string service, std::string code, std::string message, long http_status,
           std::string request_id = {});

  /// Display name of the service ("CloudFormation", "Secrets Manager").
  const std::string& service() const { return service_; }
  /// The service's error code ("ValidationError", "ResourceNotFoundException").
  const std::string& code() const { return code_; }
  /// The service's message, as sent.
  const std::string& message() const { return message_; }
  long http_status() const { return http_status_; }
  const std::string& request_id() const { return request_id_; }

  /// A throttling code (Throttling, SlowDown, RequestLimitExceeded, ...).
  bool is_throttling() const;
  /// Worth retrying: throttling, transient codes or HTTP 500/502/503/504 (but
  /// never an operation the endpoint does not implement).
  bool is_retryable() const;
  /// The endpoint does not implement the operation: NotImplemented,
  /// InvalidAction, UnknownOperationException or HTTP 501 - or an emulator at a
  /// custom endpoint answering HTTP 500 without an AWS error document (moto
  /// does this for operations it lacks).
  bool is_not_implemented() const;
  /// A credentials problem (InvalidClientTokenId, SignatureDoesNotMatch,
  /// ExpiredToken, AuthFailure, UnrecognizedClientException, ...).
  bool is_auth_error() const;

 private:
  std::string service_;
  std::string code_;
  std::string message_;
  long http_status_;
  std::string request_id_;
};

/// What an error response body says; `code` is empty when the body is not
/// an AWS error document.
struct ErrorDetails {
  std::string code;
  std::string message;
  std::string request_id;
};

/// Parses an XML error body in any of the shapes AWS uses:
/// `<ErrorResponse><Error><Code>` (Query APIs), `<Response><Errors><Error>`
/// (EC2), `<Error><Code>` (S3) and moto's `<ErrorResponse><Errors><Error>`.
ErrorDetails parse_xml_error(std::string_view body);

/// Parses a JSON protocol error: `__type` (or the x-amzn-ErrorType header),
/// `message`/`Message`. Prefixes like "com.amazon.coral.service#" and
/// suffixes like ":http://internal..." are stripped from the code.
ErrorDetails parse_json_error(std::string_view body, std::string_view error_type_header);

/// "ThrottlingException:http://x" or "aws.x#Code" -> "Code".
std::string normalize_error_code(std::string_view raw);

}  // namespace snr::aws
