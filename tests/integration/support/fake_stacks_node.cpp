#include "support/fake_stacks_node.h"

#include <fstream>
#include <sstream>

#include <httplib.h>

#include "support/subprocess.h"

namespace snr::testing {
namespace {

/// A response body from tests/fixtures/node-rpc.
nlohmann::json fixture(const std::string& name) {
  std::ifstream in(std::string(SNR_FIXTURES_DIR) + "/node-rpc/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return nlohmann::json::parse(s.str());
}

}  // namespace

FakeStacksNode::FakeStacksNode() : port_(free_port()) {
  info_ = fixture("v2-info.mainnet.json");
  health_ = fixture("v3-health.synced.json");
  neighbors_ = fixture("v2-neighbors.json");
  synced(52537);
}

FakeStacksNode::~FakeStacksNode() {
  stop();
}

void FakeStacksNode::start() {
  if (server_) return;
  server_ = std::make_unique<httplib::Server>();
  auto reply = [this](const std::string& path, const httplib::Request&, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu_);
    ++requests_[path];
    if (path == "/v2/info") {
      res.set_content(info_.dump(), "application/json");
    } else if (path == "/v3/health") {
      if (no_health_) {
        res.status = 404;
        res.set_content("Not found", "text/plain");
      } else {
        res.set_content(health_.dump(), "application/json");
      }
    } else {
      res.set_content(neighbors_.dump(), "application/json");
    }
  };
  for (const char* p : {"/v2/info", "/v3/health", "/v2/neighbors"}) {
    std::string path = p;
    server_->Get(
        p, [reply, path](const httplib::Request& q, httplib::Response& r) { reply(path, q, r); });
  }
  server_->Post("/", [this](const httplib::Request& q, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu_);
    ++requests_["bitcoind"];
    bitcoin_auth_ = q.get_header_value("Authorization");
    if (bitcoin_.is_null()) {
      res.status = 404;
      return;
    }
    res.set_content(bitcoin_.dump(), "application/json");
  });
  if (!server_->bind_to_port("127.0.0.1", port_))
    throw std::runtime_error("fake stacks-node: cannot bind 127.0.0.1:" + std::to_string(port_));
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  for (int i = 0; i < 2000 && !server_->is_running(); ++i)  // bounded: the socket already listens
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void FakeStacksNode::stop() {
  if (!server_) return;
  server_->stop();
  thread_.join();
  server_.reset();
}

void FakeStacksNode::set(std::uint64_t tip, bool fully_synced, std::uint64_t behind) {
  std::lock_guard<std::mutex> lock(mu_);
  info_["stacks_tip_height"] = tip;
  info_["is_fully_synced"] = fully_synced;
  health_["node_stacks_tip_height"] = tip;
  health_["max_stacks_height_of_neighbors"] = tip + behind;
  health_["difference_from_max_peer"] = behind;
}

void FakeStacksNode::serve_state(const std::string& state) {
  std::lock_guard<std::mutex> lock(mu_);
  info_ = fixture("states/" + state + "/v2-info.json");
  health_ = fixture("states/" + state + "/v3-health.json");
  neighbors_ = fixture("states/" + state + "/v2-neighbors.json");
  const std::string btc = "states/" + state + "/bitcoind-getblockchaininfo.json";
  bitcoin_ = std::ifstream(std::string(SNR_FIXTURES_DIR) + "/node-rpc/" + btc).good()
                 ? fixture(btc)
                 : nlohmann::json();
}

void FakeStacksNode::advance(std::uint64_t stacks, std::uint64_t burn, std::uint64_t bitcoin,
                             std::uint64_t peers) {
  std::lock_guard<std::mutex> lock(mu_);
  info_["stacks_tip_height"] = info_["stacks_tip_height"].get<std::uint64_t>() + stacks;
  info_["burn_block_height"] = info_["burn_block_height"].get<std::uint64_t>() + burn;
  health_["node_stacks_tip_height"] = info_["stacks_tip_height"];
  if (peers != 0)
    health_["max_stacks_height_of_neighbors"] =
        health_["max_stacks_height_of_neighbors"].get<std::uint64_t>() + peers;
  const auto tip = info_["stacks_tip_height"].get<std::uint64_t>();
  const auto max = health_["max_stacks_height_of_neighbors"].get<std::uint64_t>();
  health_["difference_from_max_peer"] = max > tip ? max - tip : 0;
  if (!bitcoin_.is_null())
    bitcoin_["result"]["blocks"] = bitcoin_["result"]["blocks"].get<std::uint64_t>() + bitcoin;
}

std::string FakeStacksNode::bitcoin_authorization() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bitcoin_auth_;
}

void FakeStacksNode::synced(std::uint64_t tip) {
  set(tip, true, 0);
}
void FakeStacksNode::syncing(std::uint64_t tip) {
  set(tip, false, 48211);
}
void FakeStacksNode::behind(std::uint64_t tip, std::uint64_t behind) {
  set(tip, true, behind);
}
void FakeStacksNode::without_v3_health(bool absent) {
  std::lock_guard<std::mutex> lock(mu_);
  no_health_ = absent;
}
int FakeStacksNode::requests(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = requests_.find(path);
  return it == requests_.end() ? 0 : it->second;
}

}  // namespace snr::testing
