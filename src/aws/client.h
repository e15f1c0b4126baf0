#pragma once
/// What every service client shares: the context (region, credentials,
/// endpoints, retries, log) and the engine that signs, sends, retries and
/// turns error responses into AwsError.

#include <memory>
#include <optional>
#include <string>

#include "aws/credentials.h"
#include "aws/endpoints.h"
#include "aws/error.h"
#include "aws/request_log.h"
#include "aws/retry.h"
#include "net/http.h"
#include "util/env.h"

namespace snr::aws {

/// Built once per command (make_context in context.h) and passed to each
/// client's constructor; clients copy what they need.
struct AwsContext {
  std::string region;
  std::shared_ptr<CredentialsProvider> credentials;
  util::Environment env;                    ///< for AWS_ENDPOINT_URL_* lookups
  std::optional<std::string> endpoint_url;  ///< --endpoint-url: every service
  net::HttpOptions http;
  RetryPolicy retry;
  RetryHooks retry_hooks;           ///< unset members: real sleep / random
  RequestLog log;                   ///< verbose request log; empty: off
  net::TransportFactory transport;  ///< empty: libcurl
};

/// The AwsError an error response stands for. A body without an AWS error
/// document gets a code from the status ("NotFound" for a HEAD 404), or
/// "NotImplemented" for HTTP 500 from a custom endpoint (how emulators answer
/// operations they lack).
AwsError error_from_response(const ServiceInfo& info, const Endpoint& endpoint,
                             const net::HttpResponse& response);

/// Sends requests to one service. Not thread-safe (it owns one connection).
/// How large an AWS answer held in memory may be when the call names no cap of its own:
/// one page of a list, or a template (CloudFormation's own limit is 1 MB). Streamed
/// downloads (download_file) are not held in memory and not capped by it.
inline constexpr std::size_t kDefaultBodyCap = std::size_t{8} << 20;

class ServiceClient {
 public:
  ServiceClient(const AwsContext& context, Service service);

  /// Signs with the current credentials (adding X-Amz-Security-Token for
  /// session credentials), sends, retries per the policy, and returns a
  /// 2xx response. Throws AwsError for error responses and TransportError
  /// when no response came after the last attempt.
  /// A request without its own body cap (max_body_bytes 0) gets kDefaultBodyCap.
  net::HttpResponse send(net::HttpRequest request);

  const ServiceInfo& info() const { return *info_; }
  const Endpoint& endpoint() const { return endpoint_; }
  const std::string& region() const { return context_.region; }

 private:
  AwsContext context_;
  const ServiceInfo* info_;
  Endpoint endpoint_;
  std::unique_ptr<net::HttpTransport> transport_;
  RetryHooks hooks_;
  RetryQuota quota_;
};

}  // namespace snr::aws
