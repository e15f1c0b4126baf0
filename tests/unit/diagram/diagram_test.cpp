#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "diagram/from_templates.h"
#include "diagram/render.h"
#include "infra/synth.h"
#include "support/config_fixtures.h"
#include "support/temp_dir.h"

namespace snr::diagram {
namespace {

const std::string kFollower = snr::testing::kMinimalEnv;
const std::string kSigner =
    std::string(snr::testing::kMinimalEnv) + "STACKS_NODE_CONFIGURATION=signer\n";

Graph graph_of(const std::string& env, const std::string& stack) {
  config::Config c = snr::testing::valid_config(env);
  return graph_from_templates(c, infra::synthesize(c, infra::deployment_order(c, {stack})));
}

bool has_dot() {
  return std::system("command -v dot >/dev/null 2>&1") == 0;
}

TEST(Diagram, SingleNodeInstanceVolumeSecurityGroupPathsAndServices) {
  Graph g = graph_of(kFollower, "stacks-single-node");
  ASSERT_TRUE(g.cluster("single_NodeInstance")) << to_dot(g);
  ASSERT_TRUE(g.node("single_stacks_node"));
  EXPECT_TRUE(g.inside("single_stacks_node", "single_NodeInstance"));
  EXPECT_TRUE(g.inside("single_stacks_node", "vpc"));
  // node → data volume, from the template's AWS::EC2::Volume.
  EXPECT_TRUE(g.edge("single_stacks_node", "single_DataVolume", "chainstate"));
  // P2P from the internet through the gateway, RPC from the VPC: the SG's ingress ports.
  EXPECT_TRUE(g.edge("internet", "igw"));
  EXPECT_TRUE(g.edge("igw", "single_stacks_node", ":20444"));
  EXPECT_TRUE(g.edge("vpc_clients", "single_stacks_node", ":20443"));
  // What the node role may call.
  EXPECT_TRUE(g.edge("single_agent", "single_SettingsParameter", "ssm:GetParameter"));
  EXPECT_TRUE(g.edge("single_agent", "secrets"));
  EXPECT_TRUE(g.edge("single_agent", "common_AssetBucket"));
  EXPECT_TRUE(g.edge("single_agent", "single_metrics", "PutMetricData"));
  EXPECT_TRUE(g.node("single_alarms"));
  EXPECT_TRUE(g.edge("single_alarms", "single_AlarmTopic", "notify"));
  EXPECT_TRUE(g.node("common_AccessLogBucket"));
  EXPECT_FALSE(g.node("single_signer"));  // a follower has none
  EXPECT_FALSE(g.node("ha_stacks_node"));
}

TEST(Diagram, HaLoadBalancerToTheGroupOnTheRpcPort) {
  Graph g = graph_of(kFollower, "stacks-ha-nodes");
  ASSERT_TRUE(g.cluster("ha_NodeGroup")) << to_dot(g);
  EXPECT_TRUE(g.inside("ha_stacks_node", "ha_NodeGroup"));
  const Edge* e = g.edge("ha_LoadBalancer", "ha_stacks_node", "RPC :20443");
  ASSERT_TRUE(e) << to_dot(g);
  EXPECT_NE(e->label.find("health :20445/health"), std::string::npos) << e->label;
  // Clients reach the load balancer on its SG's port; the group's volume from its launch template.
  EXPECT_TRUE(g.edge("vpc_clients", "ha_LoadBalancer", ":20443"));
  EXPECT_TRUE(g.edge("ha_stacks_node", "ha_data_volume", "chainstate"));
  EXPECT_TRUE(g.edge("ha_LoadBalancer", "common_AccessLogBucket", "access logs"));
  EXPECT_FALSE(g.node("single_stacks_node"));
}

TEST(Diagram, SignerBesideItsNode) {
  Graph g = graph_of(kSigner, "stacks-single-node");
  ASSERT_TRUE(g.node("single_signer"));
  EXPECT_TRUE(g.inside("single_signer", "single_NodeInstance"));
  EXPECT_TRUE(g.edge("single_stacks_node", "single_signer"));
  EXPECT_NE(g.edge("single_agent", "common_AssetBucket")->label.find("signer lease"),
            std::string::npos);
}

TEST(Diagram, DotAcceptsTheDotText) {
  if (!has_dot()) GTEST_SKIP() << "Graphviz's dot is not installed (package graphviz)";
  snr::testing::TempDir dir;
  for (const auto& [env, stack] :
       {std::pair{kFollower, "stacks-single-node"}, std::pair{kFollower, "stacks-ha-nodes"},
        std::pair{kSigner, "stacks-single-node"}}) {
    const auto svg = dir.path() / "d.svg";
    run_dot(to_dot(graph_of(env, stack)), "svg", svg);
    std::ifstream f(svg);
    std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("<svg"), std::string::npos);
    EXPECT_NE(text.find("stacks&#45;node"), std::string::npos) << stack;
  }
}

TEST(Diagram, MissingDotNamesThePackage) {
  const char* old = std::getenv("PATH");
  std::string saved = old ? old : "";
  ::setenv("PATH", "/nonexistent", 1);
  snr::testing::TempDir dir;
  try {
    run_dot("digraph{}", "png", dir.path() / "x.png");
    ADD_FAILURE() << "no error";
  } catch (const Failure& e) {
    EXPECT_NE(std::string(e.what()).find("graphviz"), std::string::npos) << e.what();
  }
  ::setenv("PATH", saved.c_str(), 1);
}

TEST(Diagram, MermaidIsAFlowchartWithBalancedSubgraphsAndKnownIds) {
  Graph g = graph_of(kFollower, "stacks-ha-nodes");
  const std::string m = to_mermaid(g);
  EXPECT_NE(m.find("flowchart LR\n"), std::string::npos);
  int depth = 0;
  std::istringstream in(m);
  std::string line;
  const std::regex edge(R"(^\s+(\w+) (-->|-\.->)(\|"[^"]*"\|)? (\w+)$)");
  while (std::getline(in, line)) {
    if (line.find("subgraph ") != std::string::npos) ++depth;
    if (line == std::string(line.size() - 3, ' ') + "end" && line.size() >= 3) --depth;
    EXPECT_GE(depth, 0);
    std::smatch sm;
    if (std::regex_match(line, sm, edge)) {
      EXPECT_TRUE(g.node(sm[1])) << line;
      EXPECT_TRUE(g.node(sm[4])) << line;
    }
    // Labels never carry a raw double quote or newline (they would end the string).
    EXPECT_EQ(line.find("\"\""), std::string::npos) << line;
  }
  EXPECT_EQ(depth, 0);
  EXPECT_NE(m.find("ha_LoadBalancer -->|\"listener :20443"), std::string::npos) << m;
}

}  // namespace
}  // namespace snr::diagram
