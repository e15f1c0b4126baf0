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

std::size_t list_size(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return 0;
  if (!it->is_array()) throw Failure(std::string("/v2/neighbors: ") + key + " is not a list");
  return it->size();
}

}  // namespace

NodeInfo parse_node_info(const json& j) {
  NodeInfo i;
  i.stacks_tip_height = field<std::uint64_t>(j, "/v2/info", "stacks_tip_height");
  i.burn_block_height = field<std::uint64_t>(j, "/v2/info", "burn_block_height");
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
  h.difference_from_max_peer = field<std::uint64_t>(j, "/v3/health", "difference_from_max_peer");
  h.max_stacks_height_of_neighbors =
      field<std::uint64_t>(j, "/v3/health", "max_stacks_height_of_neighbors");
  h.node_stacks_tip_height = field<std::uint64_t>(j, "/v3/health", "node_stacks_tip_height");
  auto it = j.find("max_stacks_neighbor_address");
  if (it != j.end() && it->is_string()) h.max_stacks_neighbor_address = it->get<std::string>();
  return h;
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

RpcResponse NodeRpcClient::get(const std::string& path) {
  net::HttpRequest req;
  req.method = "GET";
  req.url = base_url_ + path;
  req.headers.emplace_back("Accept", "application/json");
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
  }
  return r;
}

}  // namespace snr::agent
