#pragma once
/// The agent's HTTP server (its own poll loop, on its own thread): GET /health
/// (200 only when healthy, else 503; short JSON body) and GET /metrics
/// (Prometheus text). The run loop hands it a new snapshot after each sample.
///
/// It cannot be starved (reliability review F3): at most `max_connections`
/// connections (a new one beyond that closes the oldest, so a fresh probe always
/// gets in), each with a whole-request deadline (not per read: a client sending
/// one byte a second is cut at the deadline), one request per connection, and
/// accept() failures (EMFILE...) pause accepting with a backoff and are logged
/// at most once a minute with a count.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "agent/clock.h"

namespace snr::agent {

struct HealthSnapshot {
  int status = 503;
  std::string health_json;   ///< body of GET /health
  std::string metrics_text;  ///< body of GET /metrics
};

struct HealthServerLimits {
  std::size_t max_connections = 256;  ///< well under the unit's LimitNOFILE=4096
  std::chrono::milliseconds request_deadline{std::chrono::seconds(5)};  ///< accept to last byte
  std::size_t max_request_bytes = std::size_t{16} * 1024;  ///< request line and headers
};

class HealthServer {
 public:
  /// Binds `host`:`port` at once (port 0: any free port); throws snr::Failure
  /// naming the address when it cannot. `health_path` is "/health".
  HealthServer(const std::string& host, std::uint16_t port, std::string health_path = "/health",
               HealthServerLimits limits = {}, LogFn log = {});
  ~HealthServer();
  HealthServer(const HealthServer&) = delete;
  HealthServer& operator=(const HealthServer&) = delete;

  /// The bound port.
  std::uint16_t port() const;
  /// Replaces what the server answers (thread-safe).
  void update(HealthSnapshot snapshot);
  /// Serves on a background thread until stop() or destruction.
  void start();
  /// Stops serving and closes the listening socket and every connection.
  void stop();
  /// Connections open now (thread-safe; for tests and the soak).
  std::size_t connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Splits "HOST:PORT" ("0.0.0.0:20445", "[::1]:20445", ":20445" = all IPv4);
/// throws snr::UserError naming `flag` on a bad value.
std::pair<std::string, std::uint16_t> parse_listen_address(const std::string& value,
                                                           const std::string& flag);

}  // namespace snr::agent
