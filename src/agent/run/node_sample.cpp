#include "agent/run/node_sample.h"

#include <sys/statvfs.h>

#include "util/error.h"

namespace snr::agent {
namespace {

using nlohmann::json;

/// Parses a 2xx body with `parse`; on any problem returns nullopt and sets `error`.
template <typename T, typename Parse>
std::optional<T> parse_body(const RpcResponse& r, Parse parse, std::string& error) {
  try {
    return parse(json::parse(r.body));
  } catch (const json::exception& e) {
    error = "bad JSON: " + std::string(e.what()).substr(0, 120);
  } catch (const Failure& e) {
    error = e.what();
  }
  return std::nullopt;
}

}  // namespace

std::optional<DiskUsage> disk_usage(const std::filesystem::path& path) {
  struct statvfs s {};
  if (::statvfs(path.c_str(), &s) != 0 || s.f_blocks == 0) return std::nullopt;
  DiskUsage d;
  d.total_bytes = static_cast<std::uint64_t>(s.f_blocks) * s.f_frsize;
  d.available_bytes = static_cast<std::uint64_t>(s.f_bavail) * s.f_frsize;
  // As df computes Use%: used / (used + available to unprivileged users).
  const double used = static_cast<double>(s.f_blocks - s.f_bfree);
  const double denom = used + static_cast<double>(s.f_bavail);
  d.used_percent = denom > 0 ? 100.0 * used / denom : 0;
  return d;
}

NodeSample sample_node(NodeRpcClient& rpc, const SampleOptions& options, const Clock& clock,
                       NodeRpcClient* signer, const BitcoinRpc* bitcoin) {
  NodeSample s;
  s.at = clock.now();

  RpcResponse info = rpc.get("/v2/info", body_cap::kInfo);
  if (info.kind == RpcResponse::Kind::ok) {
    s.info = parse_body<NodeInfo>(info, parse_node_info, s.rpc_error);
    s.rpc_up = s.info.has_value();
  } else {
    s.rpc_error = "/v2/info: " + info.error;
  }

  if (s.rpc_up) {
    RpcResponse health = rpc.get("/v3/health", body_cap::kHealth);
    if (health.kind == RpcResponse::Kind::ok) {
      s.peer_health = parse_body<PeerHealth>(health, parse_peer_health, s.peer_health_error);
    } else if (health.kind == RpcResponse::Kind::http_error && health.status == 404) {
      s.peer_health_absent = true;
    } else {
      s.peer_health_error = "/v3/health: " + health.error;
    }
    if (options.neighbors) {
      RpcResponse n = rpc.get("/v2/neighbors", body_cap::kNeighbors);
      std::string ignored;
      if (n.kind == RpcResponse::Kind::ok)
        s.peers = parse_body<PeerCounts>(n, parse_peer_counts, ignored);
    }
  }

  if (bitcoin != nullptr && bitcoin->client != nullptr) {
    RpcResponse b = bitcoin->client->post_json(
        "/", R"({"jsonrpc":"1.0","id":"snr","method":"getblockchaininfo","params":[]})",
        bitcoin->user, bitcoin->password, body_cap::kBitcoin);
    // bitcoind answers JSON-RPC errors with HTTP 500 and a JSON body: parse those too.
    if (b.kind == RpcResponse::Kind::ok || (b.status == 500 && !b.body.empty())) {
      s.bitcoin = parse_body<BitcoinTip>(b, parse_bitcoin_tip, s.bitcoin_error);
    } else {
      s.bitcoin_error = "bitcoind getblockchaininfo: " + b.error;
    }
  }

  if (!options.data_path.empty()) s.disk = disk_usage(options.data_path);
  if (signer != nullptr) {
    RpcResponse st = signer->get("/status", body_cap::kSignerStatus);
    s.signer_up = st.kind == RpcResponse::Kind::ok;
  }
  return s;
}

}  // namespace snr::agent
