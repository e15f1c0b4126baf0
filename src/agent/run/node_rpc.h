#pragma once
/// The stacks-node RPC endpoints the agent polls: GET /v2/info, /v3/health
/// (absent before 3.2: 404) and /v2/neighbors, as stacks-network/stacks-core
/// tag 4.0.2 serves them (stackslib/src/net/api/{getinfo,gethealth,getneighbors}.rs).
/// Parsing is separate from the transport so the bodies in tests/fixtures/node-rpc
/// test it directly.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace snr::net {
class HttpTransport;
struct HttpRequest;
}  // namespace snr::net

namespace snr::agent {

/// The largest height or count the agent accepts from the node (2^53, the largest integer a
/// JSON double holds exactly); anything above it, negative or fractional is a bad answer.
inline constexpr std::uint64_t kMaxHeight = std::uint64_t{1} << 53;

/// How large each answer may be (the body cap of each GET/POST): a few times the largest
/// answer a real node gives, far below what would hurt the agent's memory.
namespace body_cap {
inline constexpr std::size_t kKiB = 1024;
inline constexpr std::size_t kInfo = 256 * kKiB;        ///< /v2/info (~2 kB, grows with stackerdbs)
inline constexpr std::size_t kHealth = 16 * kKiB;       ///< /v3/health (~200 B)
inline constexpr std::size_t kNeighbors = 1024 * kKiB;  ///< /v2/neighbors (~400 B a peer)
inline constexpr std::size_t kSignerStatus = 4 * kKiB;  ///< stacks-signer GET /status ("OK")
inline constexpr std::size_t kBitcoin = 64 * kKiB;      ///< bitcoind getblockchaininfo (~1 kB)
}  // namespace body_cap

/// What /v2/info says (the fields the agent uses).
struct NodeInfo {
  std::uint64_t stacks_tip_height = 0;
  std::uint64_t burn_block_height = 0;
  bool is_fully_synced = false;
  std::string server_version;
  std::uint64_t network_id = 0;
  std::string stacks_tip;
};

/// What /v3/health says: how far the node is behind its most advanced peer.
struct PeerHealth {
  std::uint64_t difference_from_max_peer = 0;
  std::uint64_t max_stacks_height_of_neighbors = 0;
  std::uint64_t node_stacks_tip_height = 0;
  std::string max_stacks_neighbor_address;  ///< "" when the node knows no neighbor
};

/// Counts from /v2/neighbors.
struct PeerCounts {
  std::size_t inbound = 0;
  std::size_t outbound = 0;
  std::size_t sample = 0;
  std::size_t bootstrap = 0;
};

/// What the node's bitcoind says (getblockchaininfo): the Bitcoin tip, an independent
/// reference for the node's burn_block_height.
struct BitcoinTip {
  std::uint64_t blocks = 0;   ///< validated blocks: the tip
  std::uint64_t headers = 0;  ///< headers seen
  bool initial_block_download = false;
};

/// Parse a response body; throw snr::Failure naming the missing/bad field. Heights and
/// counts must be integers in [0, kMaxHeight].
NodeInfo parse_node_info(const nlohmann::json& j);
PeerHealth parse_peer_health(const nlohmann::json& j);
PeerCounts parse_peer_counts(const nlohmann::json& j);
/// A JSON-RPC reply {"result": {...}, "error": null, "id": ...}; a non-null error is a Failure.
BitcoinTip parse_bitcoin_tip(const nlohmann::json& reply);

/// The outcome of one GET: a body, an HTTP error, or no answer at all.
struct RpcResponse {
  enum class Kind { ok, http_error, unreachable };
  Kind kind = Kind::unreachable;
  long status = 0;
  std::string body;
  std::string error;  ///< for http_error/unreachable: short human text
};

/// GETs from the node's RPC port on one reused connection. Not thread-safe.
class NodeRpcClient {
 public:
  /// `base_url` like "http://127.0.0.1:20443" (no trailing slash needed).
  explicit NodeRpcClient(std::string base_url,
                         std::chrono::milliseconds timeout = std::chrono::seconds(5));
  ~NodeRpcClient();
  NodeRpcClient(const NodeRpcClient&) = delete;
  NodeRpcClient& operator=(const NodeRpcClient&) = delete;

  /// GET `path`; a body over `max_body` bytes is an http_error naming the cap.
  RpcResponse get(const std::string& path, std::size_t max_body);
  /// POST `body` (JSON) to `path` with HTTP basic auth when `user` is not empty.
  RpcResponse post_json(const std::string& path, const std::string& body, const std::string& user,
                        const std::string& password, std::size_t max_body);
  const std::string& base_url() const { return base_url_; }

 private:
  RpcResponse send(net::HttpRequest& req, std::size_t max_body);
  std::string base_url_;
  std::unique_ptr<net::HttpTransport> transport_;
};

}  // namespace snr::agent
