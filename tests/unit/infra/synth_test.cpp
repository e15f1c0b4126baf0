#include "infra/synth.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "infra/names.h"
#include "infra_fixtures.h"
#include "util/error.h"

namespace snr::infra {
namespace {

using cfn::Json;
using snr::testing::kFollowerEnv;
using snr::testing::kMinerEnv;
using snr::testing::kSignerEnv;
using snr::testing::valid_config;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

const DeployParameter* parameter(const StackArtifact& a, std::string_view name) {
  for (const auto& p : a.parameters)
    if (p.name == name) return &p;
  return nullptr;
}

TEST(DeploymentOrder, DependenciesFirstCommonAlwaysIncluded) {
  auto c = valid_config(kFollowerEnv);
  EXPECT_THAT(deployment_order(c, {"stacks-single-node"}),
              ElementsAre("stacks-common", "stacks-single-node"));
  EXPECT_THAT(deployment_order(c, {"stacks-ha-nodes", "stacks-common"}),
              ElementsAre("stacks-common", "stacks-ha-nodes"));
  EXPECT_THAT(deployment_order(c, {}),
              ElementsAre("stacks-common", "stacks-single-node", "stacks-ha-nodes"));
  EXPECT_THROW(deployment_order(c, {"stacks-nope"}), UserError);
  auto signer = valid_config(kSignerEnv);
  EXPECT_THROW(deployment_order(signer, {"stacks-ha-nodes"}), UserError);
  EXPECT_THAT(deployment_order(signer, {}), ElementsAre("stacks-common", "stacks-single-node"));
}

TEST(Synthesis, ArtifactsNameTheirDependencies) {
  EXPECT_THAT(stack_dependencies(kCommonStackId), IsEmpty());
  EXPECT_THAT(stack_dependencies(kSingleNodeStackId), ElementsAre("stacks-common"));
  EXPECT_THAT(stack_dependencies(kHaStackId), ElementsAre("stacks-common"));
  Synthesis s = synthesize(valid_config(kFollowerEnv), {});
  ASSERT_EQ(s.stacks.size(), 3u);
  for (const auto& a : s.stacks)
    EXPECT_EQ(a.depends_on, stack_dependencies(a.id)) << a.id;
}

TEST(Synthesis, TheTemplateValueIsWhatTheBodySays) {
  for (const auto& a : synthesize(valid_config(kMinerEnv), {}).stacks) {
    EXPECT_EQ(Json::parse(a.body), a.json) << a.id;
    EXPECT_TRUE(a.json.contains("Resources")) << a.id;
  }
}

TEST(Synthesis, ParametersCarryTheirSourceAndTheManifestSpellsIt) {
  Synthesis s = synthesize(valid_config(kMinerEnv), {"stacks-single-node"});
  ASSERT_EQ(s.stacks.size(), 1u);
  const StackArtifact& node = s.stacks[0];
  const std::pair<std::string_view, ParameterSource> expected[] = {
      {params::kVpcId, ParameterSource::vpc_id},
      {params::kSubnetIds, ParameterSource::subnet_ids},
      {params::kImageId, ParameterSource::image_id},
      {params::kAvailabilityZone, ParameterSource::availability_zone},
      {params::kStacksVersion, ParameterSource::stacks_version},
      {params::kAssetKey, ParameterSource::asset_key},
      {params::kAssetSha256, ParameterSource::asset_sha256},
      {params::kBitcoinRpcPasswordSecretArn, ParameterSource::bitcoin_rpc_password}};
  for (const auto& [name, source] : expected) {
    const DeployParameter* p = parameter(node, name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_EQ(p->source, source) << name;
  }

  Json m = Json::parse(s.manifest);
  const Json& listed = m["stacks"][0]["parameters"];
  ASSERT_EQ(listed.size(), node.parameters.size());
  for (std::size_t i = 0; i < listed.size(); ++i) {
    EXPECT_EQ(listed[i]["name"], node.parameters[i].name);
    EXPECT_EQ(listed[i]["source"], to_string(node.parameters[i].source));
  }
  EXPECT_EQ(to_string(ParameterSource::vpc_id), "default-vpc.id");
  EXPECT_EQ(to_string(ParameterSource::vpc_cidr), "default-vpc.cidr");
  EXPECT_EQ(to_string(ParameterSource::subnet_ids), "default-vpc.subnets");
  EXPECT_EQ(to_string(ParameterSource::template_default), "default");
  EXPECT_EQ(to_string(ParameterSource::stacks_version), "stacks-version");
  EXPECT_EQ(to_string(ParameterSource::asset_key), "asset.snr.key");
  EXPECT_EQ(to_string(ParameterSource::asset_sha256), "asset.snr.sha256");
  EXPECT_EQ(to_string(ParameterSource::bitcoin_rpc_password), "secret.bitcoin-rpc-password");
  EXPECT_EQ(to_string(ParameterSource::image_id), "ami.pinned");
  EXPECT_EQ(to_string(ParameterSource::availability_zone), "placement.zone");
  EXPECT_EQ(to_string(ParameterSource::data_snapshot), "snapshot.pinned");
  Synthesis ha = synthesize(valid_config(kFollowerEnv), {"stacks-ha-nodes"});
  const DeployParameter* snap = parameter(ha.stacks.back(), params::kDataSnapshotId);
  ASSERT_NE(snap, nullptr);
  EXPECT_EQ(snap->source, ParameterSource::data_snapshot);
}

TEST(Synthesis, TheManifestListsTheCapabilitiesTheDeployerPasses) {
  Synthesis s = synthesize(valid_config(kFollowerEnv), {});
  Json m = Json::parse(s.manifest);
  ASSERT_EQ(m["stacks"].size(), s.stacks.size());
  for (std::size_t i = 0; i < s.stacks.size(); ++i) {
    EXPECT_THAT(s.stacks[i].capabilities, ElementsAre("CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"));
    EXPECT_EQ(m["stacks"][i]["capabilities"], Json(s.stacks[i].capabilities));
  }
}

}  // namespace
}  // namespace snr::infra
