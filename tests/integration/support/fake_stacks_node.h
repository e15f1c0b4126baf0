#pragma once
/// A fixture stacks-node (cpp-httplib, 127.0.0.1 only) serving /v2/info,
/// /v3/health and /v2/neighbors from tests/fixtures/node-rpc, with scenarios:
/// booting (not listening), syncing, synced, behind peers, stalled (tip
/// frozen), an old node without /v3/health (404), gone (stopped again).

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

namespace httplib {
class Server;
}

namespace snr::testing {

class FakeStacksNode {
 public:
  /// Picks a free port; does not listen until start() (a booting node).
  FakeStacksNode();
  ~FakeStacksNode();

  void start();
  void stop();
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  /// Synced at `tip` (is_fully_synced, 0 behind peers).
  void synced(std::uint64_t tip);
  /// Initial block download: is_fully_synced false, far behind peers.
  void syncing(std::uint64_t tip);
  /// Synced per /v2/info, but `behind` blocks behind the best peer.
  void behind(std::uint64_t tip, std::uint64_t behind);
  /// Serves the bodies of tests/fixtures/node-rpc/states/<state> (4.0.2-shaped), and
  /// its bitcoind's getblockchaininfo as JSON-RPC at POST / (bitcoin_url()).
  void serve_state(const std::string& state);
  /// Moves the served heights: Stacks tip, burn height, bitcoind's tip, peers' maximum.
  void advance(std::uint64_t stacks, std::uint64_t burn, std::uint64_t bitcoin,
               std::uint64_t peers);
  std::string bitcoin_url() const { return url(); }
  /// The Authorization header of the last bitcoind request.
  std::string bitcoin_authorization() const;
  /// No /v3/health (nodes before 3.2): 404.
  void without_v3_health(bool absent = true);
  int requests(const std::string& path) const;

 private:
  void set(std::uint64_t tip, bool fully_synced, std::uint64_t behind);
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mu_;
  nlohmann::json info_;
  nlohmann::json health_;
  nlohmann::json neighbors_;
  nlohmann::json bitcoin_;
  std::string bitcoin_auth_;
  bool no_health_ = false;
  std::map<std::string, int> requests_;
};

}  // namespace snr::testing
