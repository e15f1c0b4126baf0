#pragma once
/// The agent's HTTP server (libevent evhttp, on its own thread): GET /health
/// (200 only when healthy, else 503; short JSON body) and GET /metrics
/// (Prometheus text). The run loop hands it a new snapshot after each sample.

#include <cstdint>
#include <memory>
#include <string>

namespace snr::agent {

struct HealthSnapshot {
  int status = 503;
  std::string health_json;   ///< body of GET /health
  std::string metrics_text;  ///< body of GET /metrics
};

class HealthServer {
 public:
  /// Binds `host`:`port` at once (port 0: any free port); throws snr::Failure
  /// naming the address when it cannot. `health_path` is "/health".
  HealthServer(const std::string& host, std::uint16_t port, std::string health_path = "/health");
  ~HealthServer();
  HealthServer(const HealthServer&) = delete;
  HealthServer& operator=(const HealthServer&) = delete;

  /// The bound port.
  std::uint16_t port() const;
  /// Replaces what the server answers (thread-safe).
  void update(HealthSnapshot snapshot);
  /// Serves on a background thread until stop() or destruction.
  void start();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Splits "HOST:PORT" ("0.0.0.0:20445", "[::1]:20445", ":20445" = all IPv4);
/// throws snr::UserError naming `flag` on a bad value.
std::pair<std::string, std::uint16_t> parse_listen_address(const std::string& value,
                                                           const std::string& flag);

}  // namespace snr::agent
