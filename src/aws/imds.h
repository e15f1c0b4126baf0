#pragma once
/// The EC2 instance metadata service, IMDSv2 only: every read carries a
/// session token from `PUT /latest/api/token`.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "aws/credentials.h"
#include "aws/request_log.h"
#include "net/http.h"
#include "util/env.h"

namespace snr::aws {

struct ImdsOptions {
  std::string endpoint = "http://169.254.169.254";
  net::HttpOptions http{std::chrono::seconds(1), std::chrono::seconds(1), std::chrono::seconds(1)};
  int attempts = 1;  ///< tries per read on connection errors and 5xx (no sleeping)
  std::chrono::seconds token_ttl{21600};
  net::TransportFactory transport;  ///< empty: libcurl
  RequestLog log;
  std::function<Timestamp()> now = [] { return Clock::now(); };
};

/// The endpoint per AWS_EC2_METADATA_SERVICE_ENDPOINT, else
/// AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE (IPv6: http://[fd00:ec2::254]),
/// else http://169.254.169.254.
std::string imds_endpoint(const util::Environment& env);

/// ImdsOptions with the endpoint from the environment.
ImdsOptions imds_options(const util::Environment& env);

/// Not thread-safe.
class ImdsClient {
 public:
  explicit ImdsClient(ImdsOptions options);
  ~ImdsClient();
  ImdsClient(ImdsClient&&) noexcept;
  ImdsClient& operator=(ImdsClient&&) noexcept;

  /// The body at `path` (e.g. "/latest/meta-data/instance-id"). Throws
  /// snr::Failure for HTTP errors, TransportError when unreachable.
  std::string get(std::string_view path);

  std::string instance_id();
  std::string region();             ///< placement/region
  std::string availability_zone();  ///< placement/availability-zone
  /// The instance profile's role name; throws snr::Failure when none is attached.
  std::string role_name();
  /// The role's current credentials (with expiration).
  Credentials role_credentials();

 private:
  std::string token();
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace snr::aws
