/// Parsing the node's RPC bodies: the real and documented ones in ../shared/reference.

#include "agent/run/node_rpc.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/config_fixtures.h"
#include "util/error.h"

namespace snr::agent {
namespace {

using nlohmann::json;
using snr::testing::read_file;
using snr::testing::reference;

json fixture(const std::string& name) {
  json j = json::parse(read_file(reference("stacks-core/fixtures/" + name)));
  return j.contains("value") ? j["value"] : j;  // OpenAPI examples wrap the body
}

TEST(NodeRpcParse, MainnetInfoFromTheNodesOwnTests) {
  NodeInfo i = parse_node_info(fixture("v2-info.mainnet-2022-test.json"));
  EXPECT_EQ(i.stacks_tip_height, 52537u);
  EXPECT_EQ(i.burn_block_height, 727631u);
  EXPECT_FALSE(i.is_fully_synced);
  EXPECT_EQ(i.network_id, 1u);
  EXPECT_NE(i.server_version.find("stacks-node"), std::string::npos);
}

TEST(NodeRpcParse, OpenApiInfoExample) {
  NodeInfo i = parse_node_info(fixture("v2-info.openapi-example.json"));
  EXPECT_EQ(i.stacks_tip_height, 1832097u);
  EXPECT_EQ(i.burn_block_height, 16u);
}

TEST(NodeRpcParse, MissingOrMistypedFieldsAreNamed) {
  json j = fixture("v2-info.mainnet-2022-test.json");
  j.erase("is_fully_synced");
  try {
    parse_node_info(j);
    FAIL();
  } catch (const Failure& e) {
    EXPECT_NE(std::string(e.what()).find("is_fully_synced"), std::string::npos);
  }
  j = fixture("v2-info.mainnet-2022-test.json");
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
  PeerHealth e = parse_peer_health(fixture("node-health.example.json"));
  EXPECT_EQ(e.node_stacks_tip_height, 12345u);
  json none = fixture("v3-health.synced.json");
  none["max_stacks_neighbor_address"] = nullptr;
  EXPECT_EQ(parse_peer_health(none).max_stacks_neighbor_address, "");
}

TEST(NodeRpcParse, NeighborCounts) {
  PeerCounts c = parse_peer_counts(fixture("network-peers.example.json"));
  EXPECT_EQ(c.inbound, 1u);
  EXPECT_EQ(c.outbound, 1u);
  EXPECT_EQ(c.sample, 1u);
  EXPECT_EQ(c.bootstrap, 1u);
  EXPECT_EQ(parse_peer_counts(json::object()).inbound, 0u);
  EXPECT_THROW(parse_peer_counts(json{{"inbound", 3}}), Failure);
}

}  // namespace
}  // namespace snr::agent
