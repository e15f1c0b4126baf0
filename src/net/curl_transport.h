#pragma once
/// The libcurl HttpTransport. Signs with libcurl's own SigV4
/// (CURLOPT_AWS_SIGV4) when a request carries SigV4; see docs/aws-client.md
/// for the quirks of curl 7.88.1 the callers work around.

#include <memory>

#include "net/http.h"

namespace snr::net {

/// One CURL easy handle, reused for every request (keep-alive). Not
/// thread-safe: one transport per thread.
class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(HttpOptions options = {});
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  HttpResponse send(const HttpRequest& request) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// A TransportFactory making CurlTransports.
TransportFactory curl_transport_factory();

}  // namespace snr::net
