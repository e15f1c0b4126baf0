// What real AWS (and the real cdk-nag) enforce that moto does not: the order
// CloudFormation deletes in, the AMI a stack update resolves, the SSM value
// limit, and the template forms cdk-nag can evaluate.

#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "infra/names.h"
#include "infra/node_parts.h"
#include "infra/stacks.h"
#include "infra_fixtures.h"
#include "util/error.h"

namespace snr::infra {
namespace {

using cfn::Json;
using snr::testing::kFollowerEnv;
using snr::testing::kSignerEnv;
using snr::testing::valid_config;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

Json single_node_of(const std::string& env) {
  return build_single_node_stack(valid_config(env)).to_json();
}
Json ha_of(const std::string& env) {
  return build_ha_stack(valid_config(env)).to_json();
}

/// Logical ids `value` references through Ref, Fn::GetAtt or ${X} of Fn::Sub.
void collect_references(const Json& value, std::set<std::string>& out) {
  if (value.is_object()) {
    if (auto r = value.find("Ref"); r != value.end() && r->is_string()) out.insert(*r);
    if (auto g = value.find("Fn::GetAtt"); g != value.end() && g->is_array() && !g->empty())
      out.insert((*g)[0].get<std::string>());
    for (const auto& [k, v] : value.items())
      collect_references(v, out);
  } else if (value.is_array()) {
    for (const auto& v : value)
      collect_references(v, out);
  }
}

/// What `id` depends on: DependsOn plus every reference of its properties.
std::set<std::string> dependencies_of(const Json& t, const std::string& id) {
  const Json& r = t["Resources"][id];
  std::set<std::string> out;
  collect_references(r.value("Properties", Json::object()), out);
  if (auto d = r.find("DependsOn"); d != r.end()) {
    if (d->is_string()) out.insert(d->get<std::string>());
    for (const auto& x : *d)
      if (x.is_string()) out.insert(x.get<std::string>());
  }
  return out;
}

// The agent attaches the data volume outside CloudFormation. CloudFormation
// deletes in reverse dependency order, so the instance must depend on the
// volume (deleted first, which detaches it), never the other way round.
TEST(DeleteOrder, TheInstanceGoesBeforeItsVolume) {
  Json t = single_node_of(kSignerEnv);
  EXPECT_THAT(dependencies_of(t, "NodeInstance"), Contains("DataVolume"));
  EXPECT_THAT(dependencies_of(t, "DataVolume"), Not(Contains("NodeInstance")));
  // The zone comes from a parameter the deployer fills (the first subnet's zone).
  EXPECT_EQ(t["Resources"]["DataVolume"]["Properties"]["AvailabilityZone"],
            cfn::ref("AvailabilityZone"));
  EXPECT_EQ(t["Parameters"]["AvailabilityZone"]["Type"], "AWS::EC2::AvailabilityZone::Name");
}

// The instance keeps DisableApiTermination (cdk-nag EC29): a rollback could
// not terminate it, so the deployer creates without rollback and lifts it
// before deleting a failed creation (tests/integration/deploy/
// update_fake_cfn_test.cpp, AFailedCreationIsDeletedWithoutProtection).
TEST(DeleteOrder, TheInstanceStaysProtected) {
  Json t = single_node_of(kSignerEnv);
  EXPECT_EQ(t["Resources"]["NodeInstance"]["Properties"]["DisableApiTermination"], true);
}

// An SSM-typed ImageId is resolved again on every update: a new AL2023
// release would replace every node on any deploy.
TEST(PinnedAmi, ImageIdIsAConcreteAmiTheDeployerPasses) {
  for (const Json& t : {single_node_of(kFollowerEnv), ha_of(kFollowerEnv)}) {
    const Json& p = t["Parameters"]["ImageId"];
    EXPECT_EQ(p["Type"], "AWS::EC2::Image::Id");
    EXPECT_FALSE(p.contains("Default"));
    EXPECT_THAT(t.dump(), Not(HasSubstr("AWS::SSM::Parameter::Value")));
  }
}

/// cdk-nag's EC23 resolves every CidrIp of a group's inline rules until one is
/// open to the world; a value it cannot resolve (a Ref) is a rule error.
std::vector<std::string> ec23_rule_errors(const Json& t) {
  std::vector<std::string> out;
  for (const auto& [id, r] : t["Resources"].items()) {
    const Json props = r.value("Properties", Json::object());
    if (r["Type"] == "AWS::EC2::SecurityGroup") {
      for (const auto& rule : props.value("SecurityGroupIngress", Json::array())) {
        auto cidr = rule.find("CidrIp");
        if (cidr == rule.end()) continue;
        if (!cidr->is_string()) {
          out.push_back(id);
          break;
        }
        if (cidr->get<std::string>().find("/0") != std::string::npos) break;
      }
    } else if (r["Type"] == "AWS::EC2::SecurityGroupIngress") {
      if (props.contains("CidrIp") && !props["CidrIp"].is_string()) out.push_back(id);
    }
  }
  return out;
}

TEST(NagForms, Ec23CanEvaluateEverySecurityGroup) {
  for (const std::string& env : {kFollowerEnv, kFollowerEnv + "STACKS_RPC_PUBLIC=true\n"}) {
    EXPECT_THAT(ec23_rule_errors(single_node_of(env)), ::testing::IsEmpty());
  }
  EXPECT_THAT(ec23_rule_errors(ha_of(kFollowerEnv)), ::testing::IsEmpty());
}

TEST(PeerPorts, P2pIsTcpOnly) {
  for (const Json& t : {single_node_of(kFollowerEnv), ha_of(kFollowerEnv)}) {
    for (const auto& rule :
         t["Resources"]["NodeSecurityGroup"]["Properties"]["SecurityGroupIngress"])
      EXPECT_NE(rule["IpProtocol"], "udp") << rule.dump();
  }
}

const Json* rpc_rule(const Json& t, int port) {
  for (const auto& rule : t["Resources"]["NodeSecurityGroup"]["Properties"]["SecurityGroupIngress"])
    if (rule["FromPort"] == port) return &rule;
  return nullptr;
}

// Nakamoto blocks are served to peers over the RPC port: VPC-only by default,
// the whole internet when STACKS_RPC_PUBLIC=true.
TEST(PeerPorts, RpcIsPublicOnlyWhenAskedFor) {
  Json closed = single_node_of(kFollowerEnv);
  const Json* vpc_only = rpc_rule(closed, 20443);
  ASSERT_NE(vpc_only, nullptr);
  EXPECT_EQ((*vpc_only)["CidrIp"], "172.31.0.0/16");
  Json open = single_node_of(kFollowerEnv + "STACKS_RPC_PUBLIC=true\n");
  const Json* pub = rpc_rule(open, 20443);
  ASSERT_NE(pub, nullptr);
  EXPECT_EQ((*pub)["CidrIp"], "0.0.0.0/0");
  Json ha_open = ha_of(kFollowerEnv + "STACKS_RPC_PUBLIC=true\n");
  const Json* ha_pub = rpc_rule(ha_open, 20443);
  ASSERT_NE(ha_pub, nullptr);
  EXPECT_EQ((*ha_pub)["CidrIp"], "0.0.0.0/0");
  Json ha_closed = ha_of(kFollowerEnv);
  for (const auto& rule :
       ha_closed["Resources"]["NodeSecurityGroup"]["Properties"]["SecurityGroupIngress"])
    if (rule["FromPort"] == 20443) {
      EXPECT_FALSE(rule.contains("CidrIp")) << rule.dump();
    }
}

// SSM Standard parameters hold 4 KB; the settings document of a config with
// many bootstrap peers is larger once substituted.
TEST(SettingsSize, OverFourKilobytesTakesTheAdvancedTier) {
  std::string peers;
  for (int i = 0; i < 20; ++i) {
    peers += (i ? "," : "") + std::string("02") + std::string(64, 'a') + "@seed-" +
             std::to_string(i) + ".stacks-node.example.org:20444";
  }
  Json small = single_node_of(kFollowerEnv);
  EXPECT_EQ(small["Resources"]["SettingsParameter"]["Properties"]["Tier"], "Standard");
  Json big = single_node_of(kFollowerEnv + "STACKS_BOOTSTRAP_NODE=" + peers + "\n");
  EXPECT_EQ(big["Resources"]["SettingsParameter"]["Properties"]["Tier"], "Advanced");
}

TEST(SettingsSize, OverEightKilobytesIsRefusedNamingTheVariable) {
  std::string peers;
  for (int i = 0; i < 60; ++i) {
    peers += (i ? "," : "") + std::string("02") + std::string(64, 'a') + "@seed-" +
             std::to_string(i) + ".stacks-node.example.org:20444";
  }
  try {
    single_node_of(kFollowerEnv + "STACKS_BOOTSTRAP_NODE=" + peers + "\n");
    FAIL() << "expected a UserError";
  } catch (const UserError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("STACKS_BOOTSTRAP_NODE"));
  }
}

}  // namespace
}  // namespace snr::infra
