#pragma once
/// The HTTP seam: clients build an HttpRequest and hand it to an
/// HttpTransport. The real transport is libcurl (curl_transport.h); unit
/// tests use canned responses without sockets. The AWS clients (aws/) sign on
/// top of it; the node RPC, the sandbox probe and the GitHub lookup use it plain.

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/error.h"

namespace snr::net {

using Header = std::pair<std::string, std::string>;

/// What libcurl needs to sign a request with AWS SigV4 (CURLOPT_AWS_SIGV4).
/// A session token is not here: callers send it as the X-Amz-Security-Token
/// header, which curl then signs like any other header.
struct SigV4 {
  std::string region;
  std::string service;  ///< signing name, e.g. "cloudformation", "monitoring"
  std::string access_key_id;
  std::string secret_access_key;
};

struct HttpRequest {
  std::string method = "GET";  ///< GET, HEAD, POST, PUT or DELETE
  std::string url;             ///< complete; any query already canonical (encoding.h)
  std::vector<Header> headers;
  std::string body;  ///< request body for POST/PUT (ignored with upload_file)
  /// When set, the PUT body is streamed from this file.
  std::optional<std::filesystem::path> upload_file;
  /// When set, a 2xx response body is streamed to this file (written to
  /// "<file>.part" and renamed when complete); other bodies stay in memory.
  std::optional<std::filesystem::path> download_file;
  std::optional<SigV4> sigv4;     ///< sign the request when set
  bool follow_redirects = false;  ///< follow 3xx (http/https only, at most 10)
  /// A body larger than this (in memory) fails the request; 0: no cap.
  std::size_t max_body_bytes = 0;
};

struct HttpResponse {
  long status = 0;
  std::vector<Header> headers;  ///< names lower-cased
  std::string body;             ///< empty when streamed to download_file

  /// The first header with this (case-insensitive) name, or "".
  std::string header(std::string_view name) const;
};

/// No HTTP response: connection refused, DNS failure, timeout, TLS error.
class TransportError : public Failure {
 public:
  TransportError(const std::string& message, bool retryable, bool timeout = false)
      : Failure(message), retryable_(retryable), timeout_(timeout) {}
  /// A transient failure (connect/read errors and timeouts) worth retrying.
  bool retryable() const { return retryable_; }
  bool timeout() const { return timeout_; }

 private:
  bool retryable_;
  bool timeout_;
};

/// Sends one request, no retries. Throws TransportError when no
/// HTTP response arrived; any HTTP status is a normal return.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

/// Timeouts for one attempt; zero means none.
struct HttpOptions {
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  /// Whole request, for requests with in-memory bodies.
  std::chrono::milliseconds timeout{std::chrono::seconds(60)};
  /// Whole request when streaming a file up or down (large objects); a stalled
  /// transfer (under 1 byte/s for 30 s) is aborted regardless.
  std::chrono::milliseconds file_timeout{0};
};

/// Makes a transport; each client owns one (libcurl: one reused handle,
/// so connections are kept alive between calls).
using TransportFactory = std::function<std::unique_ptr<HttpTransport>(const HttpOptions&)>;

}  // namespace snr::net
