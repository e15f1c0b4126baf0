/// Parsing the node's RPC bodies: tests/fixtures/node-rpc, shaped like stacks-core 4.0.2's
/// RPCPeerInfoData, RPCGetHealthResponse and RPCNeighborsInfo.

#include "agent/run/node_rpc.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "agent/run/node_sample.h"
#include "fake_clock.h"
#include "support/config_fixtures.h"
#include "support/local_server.h"
#include "util/error.h"

namespace snr::agent {
namespace {

using nlohmann::json;
using snr::testing::fixture_path;
using snr::testing::read_file;

json fixture(const std::string& name) {
  return json::parse(read_file(fixture_path("node-rpc/" + name)));
}

TEST(NodeRpcParse, MainnetInfoFromTheNodesOwnTests) {
  NodeInfo i = parse_node_info(fixture("v2-info.mainnet.json"));
  EXPECT_EQ(i.stacks_tip_height, 52537u);
  EXPECT_EQ(i.burn_block_height, 727631u);
  EXPECT_FALSE(i.is_fully_synced);
  EXPECT_EQ(i.network_id, 1u);
  EXPECT_NE(i.server_version.find("stacks-node"), std::string::npos);
  EXPECT_EQ(i.stacks_tip, "b3183f2ac588e12319ff0fde78f97e62c92a218d87828c35710c29aaf7adbedc");
}

TEST(NodeRpcParse, TestnetInfoOfA402Node) {
  // Nakamoto: no microblocks, so unanchored_tip/unanchored_seq are null; the testnet's
  // network_id (0x80000000) does not fit in a signed 32-bit integer.
  NodeInfo i = parse_node_info(fixture("v2-info.testnet-4.0.2.json"));
  EXPECT_EQ(i.stacks_tip_height, 14210u);
  EXPECT_EQ(i.burn_block_height, 3105u);
  EXPECT_TRUE(i.is_fully_synced);
  EXPECT_EQ(i.network_id, 0x80000000u);
  EXPECT_NE(i.server_version.find("stacks-node 4.0.2 "), std::string::npos);
}

TEST(NodeRpcParse, MissingOrMistypedFieldsAreNamed) {
  json j = fixture("v2-info.mainnet.json");
  j.erase("is_fully_synced");
  try {
    parse_node_info(j);
    FAIL();
  } catch (const Failure& e) {
    EXPECT_NE(std::string(e.what()).find("is_fully_synced"), std::string::npos);
  }
  j = fixture("v2-info.mainnet.json");
  j["stacks_tip_height"] = "52537";
  EXPECT_THROW(parse_node_info(j), Failure);
  EXPECT_THROW(parse_node_info(json::array()), Failure);
}

TEST(NodeRpcParse, PeerHealth) {
  PeerHealth b = parse_peer_health(fixture("v3-health.behind.json"));
  EXPECT_EQ(b.difference_from_max_peer, 48211u);
  EXPECT_EQ(b.max_stacks_height_of_neighbors, 52537u);
  EXPECT_EQ(b.node_stacks_tip_height, 4326u);
  EXPECT_EQ(b.max_stacks_neighbor_address, "203.0.113.7:20444");
  PeerHealth s = parse_peer_health(fixture("v3-health.synced.json"));
  EXPECT_EQ(s.difference_from_max_peer, 0u);
  EXPECT_EQ(s.node_stacks_tip_height, 52537u);
  // A node that knows no neighbor: address null, neighbors' height 0.
  PeerHealth none = parse_peer_health(fixture("v3-health.no-neighbor.json"));
  EXPECT_EQ(none.node_stacks_tip_height, 12345u);
  EXPECT_EQ(none.max_stacks_height_of_neighbors, 0u);
  EXPECT_EQ(none.difference_from_max_peer, 0u);
  EXPECT_EQ(none.max_stacks_neighbor_address, "");
}

TEST(NodeRpcParse, NeighborCounts) {
  PeerCounts c = parse_peer_counts(fixture("v2-neighbors.json"));
  EXPECT_EQ(c.bootstrap, 4u);
  EXPECT_EQ(c.sample, 2u);
  EXPECT_EQ(c.inbound, 1u);
  EXPECT_EQ(c.outbound, 3u);
  EXPECT_EQ(parse_peer_counts(json::object()).inbound, 0u);
  EXPECT_THROW(parse_peer_counts(json{{"inbound", 3}}), Failure);
}

TEST(NodeRpcCaps, AnOversizedAnswerIsABadAnswerNamingTheCap) {
  // The reliability review's 300 MB /v2/info took the agent to 2 GB; 2 MB shows the cap.
  snr::test::LocalServer node;
  const std::string big = "{\"x\":\"" + std::string(2'000'000, 'a') + "\"}";
  node.server.Get("/v2/info", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(big, "application/json");
  });
  node.server.Get("/status", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(big, "text/plain");
  });
  node.start();
  NodeRpcClient rpc(node.url());
  NodeRpcClient signer(node.url());
  testing::FakeClock clock;
  NodeSample s = sample_node(rpc, {false, {}}, clock, &signer);
  EXPECT_FALSE(s.rpc_up);
  EXPECT_NE(s.rpc_error.find("larger than 262144 bytes"), std::string::npos) << s.rpc_error;
  EXPECT_EQ(s.signer_up, false);
  EXPECT_NE(rpc.get("/status", body_cap::kSignerStatus).error.find("larger than 4096 bytes"),
            std::string::npos);
}

}  // namespace
}  // namespace snr::agent
