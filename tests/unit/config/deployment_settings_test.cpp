#include "config/deployment_settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/config_fixtures.h"
#include "util/error.h"

namespace snr::config {
namespace {

using ::testing::HasSubstr;

DeploymentSettings sample() {
  DeploymentSettings s;
  s.stack_id = "stacks-ha-nodes";
  s.stack_name = "stacks-ha-nodes-follower";
  s.kind = DeploymentKind::ha;
  s.region = "us-west-2";
  s.settings_parameter = "/snr/stacks-ha-nodes-follower/settings";
  s.config = snr::testing::valid_config(snr::testing::kMinimalEnv);
  s.stacks_version = "4.0.2";
  s.snr_binary = {"bucket-1", "snr/" + std::string(64, 'f') + "/snr-linux-x86_64",
                  std::string(64, 'f')};
  s.data_volume = {"", std::string(kDataDeviceName), std::string(kDataMountPoint)};
  s.signal = {"stacks-ha-nodes-follower", "NodeGroup", std::string(kLaunchHookName),
              std::string(kAutoScalingGroupTag)};
  s.secrets = {"snr/stacks-ha-nodes-follower/", false, "", "", "arn:aws:secretsmanager:x", ""};
  s.log_group = "/snr/stacks-ha-nodes-follower";
  s.metrics = {std::string(metrics::kNamespace), {{"InstanceId"}, {"AutoScalingGroupName"}}, 60};
  s.health = {20445, std::string(kHealthPath)};
  return s;
}

TEST(DeploymentSettings, RoundTrips) {
  DeploymentSettings s = sample();
  nlohmann::json j = to_json(s);
  DeploymentSettings back = deployment_settings_from_json(j);
  EXPECT_EQ(to_json(back), j);
  EXPECT_EQ(j["kind"], "ha");
  EXPECT_EQ(j["schema_version"], kDeploymentSettingsSchemaVersion);
  EXPECT_EQ(back.config.ports.health, 20445);
}

TEST(DeploymentSettings, NamesTheMissingOrBadField) {
  nlohmann::json j = to_json(sample());
  j["signal"].erase("logical_id");
  try {
    deployment_settings_from_json(j);
    FAIL() << "no error";
  } catch (const Failure& e) {
    EXPECT_THAT(e.what(), HasSubstr("signal.logical_id"));
  }
  j = to_json(sample());
  j["kind"] = "cluster";
  EXPECT_THROW(deployment_settings_from_json(j), Failure);
  j = to_json(sample());
  j["health"]["port"] = "http";
  try {
    deployment_settings_from_json(j);
    FAIL() << "no error";
  } catch (const Failure& e) {
    EXPECT_THAT(e.what(), HasSubstr("health.port"));
  }
}

TEST(DeploymentSettings, RefusesUnknownSchemaVersion) {
  nlohmann::json j = to_json(sample());
  j["schema_version"] = kDeploymentSettingsSchemaVersion + 1;
  EXPECT_THROW(deployment_settings_from_json(j), Failure);
}

TEST(DeploymentSettings, SingleNodeNeedsItsVolume) {
  DeploymentSettings s = sample();
  s.kind = DeploymentKind::single_node;
  s.signal.lifecycle_hook.clear();
  EXPECT_THROW(deployment_settings_from_json(to_json(s)), Failure);
  s.data_volume.volume_id = "vol-1";
  EXPECT_NO_THROW(deployment_settings_from_json(to_json(s)));
}

TEST(DeploymentSettings, CarriesNoSecret) {
  DeploymentSettings s = sample();
  s.config.bitcoin.rpc_password = Secret("secret-pw-3141");
  EXPECT_THAT(to_json(s).dump(), ::testing::Not(HasSubstr("secret-pw-3141")));
}

}  // namespace
}  // namespace snr::config
