#pragma once
/// One observation of the node: what its RPC endpoints answered, plus the
/// data volume's use and (signer/miner) whether stacks-signer answers.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "agent/clock.h"
#include "agent/run/node_rpc.h"

namespace snr::agent {

struct DiskUsage {
  std::uint64_t total_bytes = 0;
  std::uint64_t available_bytes = 0;
  double used_percent = 0;
};

struct NodeSample {
  SystemTime at{};
  /// /v2/info answered with a parsable body.
  bool rpc_up = false;
  std::string rpc_error;  ///< why not, when !rpc_up
  std::optional<NodeInfo> info;
  /// /v3/health: set when it answered; `peer_health_absent` when it is 404
  /// (nodes before 3.2); `peer_health_error` for any other failure.
  std::optional<PeerHealth> peer_health;
  bool peer_health_absent = false;
  std::string peer_health_error;
  std::optional<PeerCounts> peers;
  /// The node's bitcoind (getblockchaininfo), when one is configured: its tip, or why not.
  std::optional<BitcoinTip> bitcoin;
  std::string bitcoin_error;
  std::optional<DiskUsage> disk;
  std::optional<bool> signer_up;
};

struct SampleOptions {
  bool neighbors = true;
  /// statvfs of this path (the data volume mount); empty: none.
  std::filesystem::path data_path;
};

/// The node's configured bitcoind JSON-RPC (host, port, user and password of its
/// [burnchain]); the password is never logged.
struct BitcoinRpc {
  NodeRpcClient* client = nullptr;
  std::string user;
  std::string password;
};

/// statvfs of `path`; nullopt when it cannot be read.
std::optional<DiskUsage> disk_usage(const std::filesystem::path& path);

/// Asks the node once (and, when `signer` is given, the signer's GET /status). Never throws for an
/// unreachable or misbehaving node: that is what the sample records.
NodeSample sample_node(NodeRpcClient& rpc, const SampleOptions& options, const Clock& clock,
                       NodeRpcClient* signer = nullptr, const BitcoinRpc* bitcoin = nullptr);

}  // namespace snr::agent
