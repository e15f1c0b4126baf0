#include "agent/run/node_rpc.h"

#include "aws/error.h"
#include "net/curl_transport.h"
#include "util/error.h"
#include "util/json_fields.h"

namespace snr::agent {
namespace {

using nlohmann::json;

template <typename T>
T field(const json& j, const char* what, const char* key) {
  return util::json_field<T>(j, what, "", key);
}

/// A height or count: a JSON integer >= 0. A negative, fractional or overflowing number
/// (1e300, 2^64) is a bad answer from the node, never a height (nlohmann's get<uint64_t> of
/// a double is undefined behaviour, of a negative integer a wrap-around).
std::uint64_t count(const json& j, const char* what, const char* key) {
  if (!j.is_object()) throw Failure(std::string(what) + ": not a JSON object");
  auto it = j.find(key);
  if (it == j.end()) throw Failure(std::string(what) + ": missing " + key);
  if (!it->is_number_unsigned() || it->get<std::uint64_t>() > kMaxHeight)
    throw Failure(std::string(what) + ": bad value for " + key +
                  " (not an integer between 0 and 2^53)");
  return it->get<std::uint64_t>();
}

std::size_t list_size(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return 0;
  if (!it->is_array()) throw Failure(std::string("/v2/neighbors: ") + key + " is not a list");
  return it->size();
}

}  // namespace

NodeInfo parse_node_info(const json& j) {
  NodeInfo i;
  i.stacks_tip_height = count(j, "/v2/info", "stacks_tip_height");
  i.burn_block_height = count(j, "/v2/info", "burn_block_height");
  i.is_fully_synced = field<bool>(j, "/v2/info", "is_fully_synced");
  if (j.contains("server_version") && j["server_version"].is_string())
    i.server_version = j["server_version"].get<std::string>();
  if (j.contains("network_id") && j["network_id"].is_number_unsigned())
    i.network_id = j["network_id"].get<std::uint64_t>();
  if (j.contains("stacks_tip") && j["stacks_tip"].is_string())
    i.stacks_tip = j["stacks_tip"].get<std::string>();
  return i;
}

PeerHealth parse_peer_health(const json& j) {
  PeerHealth h;
  h.difference_from_max_peer = count(j, "/v3/health", "difference_from_max_peer");
  h.max_stacks_height_of_neighbors = count(j, "/v3/health", "max_stacks_height_of_neighbors");
  h.node_stacks_tip_height = count(j, "/v3/health", "node_stacks_tip_height");
  auto it = j.find("max_stacks_neighbor_address");
  if (it != j.end() && it->is_string()) h.max_stacks_neighbor_address = it->get<std::string>();
  return h;
}

BitcoinTip parse_bitcoin_tip(const json& reply) {
  if (!reply.is_object()) throw Failure("bitcoind getblockchaininfo: not a JSON object");
  auto err = reply.find("error");
  if (err != reply.end() && !err->is_null()) {
    std::string msg = err->is_object() && err->contains("message") && (*err)["message"].is_string()
                          ? (*err)["message"].get<std::string>()
                          : std::string("an error");
    throw Failure("bitcoind getblockchaininfo: " + msg.substr(0, 120));
  }
  auto res = reply.find("result");
  if (res == reply.end() || !res->is_object())
    throw Failure("bitcoind getblockchaininfo: no result object");
  BitcoinTip t;
  t.blocks = count(*res, "bitcoind getblockchaininfo", "blocks");
  t.headers = count(*res, "bitcoind getblockchaininfo", "headers");
  auto ibd = res->find("initialblockdownload");
  t.initial_block_download = ibd != res->end() && ibd->is_boolean() && ibd->get<bool>();
  return t;
}

PeerCounts parse_peer_counts(const json& j) {
  if (!j.is_object()) throw Failure("/v2/neighbors: not a JSON object");
  return {list_size(j, "inbound"), list_size(j, "outbound"), list_size(j, "sample"),
          list_size(j, "bootstrap")};
}

NodeRpcClient::NodeRpcClient(std::string base_url, std::chrono::milliseconds timeout)
    : base_url_(std::move(base_url)) {
  while (!base_url_.empty() && base_url_.back() == '/')
    base_url_.pop_back();
  net::HttpOptions o;
  o.connect_timeout = std::min<std::chrono::milliseconds>(timeout, std::chrono::seconds(2));
  o.timeout = timeout;
  transport_ = std::make_unique<net::CurlTransport>(o);
}

NodeRpcClient::~NodeRpcClient() = default;

namespace {

std::string base64(std::string_view in) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    out += {k[(v >> 18) & 63], k[(v >> 12) & 63], k[(v >> 6) & 63], k[v & 63]};
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += {k[(v >> 18) & 63], k[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    const unsigned v =
        (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += {k[(v >> 18) & 63], k[(v >> 12) & 63], k[(v >> 6) & 63], '='};
  }
  return out;
}

}  // namespace

RpcResponse NodeRpcClient::get(const std::string& path, std::size_t max_body) {
  net::HttpRequest req;
  req.method = "GET";
  req.url = base_url_ + path;
  req.headers.emplace_back("Accept", "application/json");
  return send(req, max_body);
}

RpcResponse NodeRpcClient::post_json(const std::string& path, const std::string& body,
                                     const std::string& user, const std::string& password,
                                     std::size_t max_body) {
  net::HttpRequest req;
  req.method = "POST";
  req.url = base_url_ + path;
  req.body = body;
  req.headers.emplace_back("Content-Type", "application/json");
  if (!user.empty())
    req.headers.emplace_back("Authorization", "Basic " + base64(user + ":" + password));
  return send(req, max_body);
}

RpcResponse NodeRpcClient::send(net::HttpRequest& req, std::size_t max_body) {
  req.max_body_bytes = max_body;
  RpcResponse r;
  try {
    net::HttpResponse resp = transport_->send(req);
    r.status = resp.status;
    r.body = std::move(resp.body);
    if (resp.status >= 200 && resp.status < 300) {
      r.kind = RpcResponse::Kind::ok;
    } else {
      r.kind = RpcResponse::Kind::http_error;
      r.error = "HTTP " + std::to_string(resp.status);
    }
  } catch (const aws::TransportError& e) {
    r.kind = RpcResponse::Kind::unreachable;
    r.error = e.what();
  } catch (const Failure& e) {  // the answer is over the cap: a bad answer, not a memory blow-up
    r.kind = RpcResponse::Kind::http_error;
    r.error = e.what();
  }
  return r;
}

}  // namespace snr::agent
