#include "contract/settings_document.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "contract/metrics.h"
#include "contract/names.h"
#include "support/config_fixtures.h"
#include "util/error.h"

namespace snr::contract {
namespace {

using ::testing::HasSubstr;

SettingsDocument sample() {
  SettingsDocument s;
  s.stack_id = "stacks-ha-nodes";
  s.stack_name = "stacks-ha-nodes-follower";
  s.kind = DeploymentKind::ha;
  s.region = "us-west-2";
  s.settings_parameter = "/snr/stacks-ha-nodes-follower/settings";
  s.config = snr::testing::valid_config(snr::testing::kMinimalEnv);
  s.stacks_version = "4.0.2";
  s.snr_binary = {"bucket-1", "snr/" + std::string(64, 'f') + "/snr-linux-x86_64",
                  std::string(64, 'f')};
  s.chainstate_archive_url = chainstate_archive_url(s.config);
  s.data_volume = {"", std::string(kDataDeviceName), std::string(kDataMountPoint)};
  s.signal = {"stacks-ha-nodes-follower", "NodeGroup", std::string(kLaunchHookName),
              std::string(kAutoScalingGroupTag), lifecycle_heartbeat_timeout_seconds(s.config)};
  s.secrets = {"snr/stacks-ha-nodes-follower/", false, "", "", "arn:aws:secretsmanager:x", ""};
  s.log_group = "/snr/stacks-ha-nodes-follower";
  s.metrics = {std::string(metrics::kNamespace), {{"InstanceId"}, {"AutoScalingGroupName"}}, 60};
  s.health = {20445, std::string(kHealthPath)};
  return s;
}

TEST(SettingsDocument, RoundTrips) {
  SettingsDocument s = sample();
  nlohmann::json j = to_json(s);
  SettingsDocument back = settings_document_from_json(j);
  EXPECT_EQ(to_json(back), j);
  EXPECT_EQ(j["kind"], "ha");
  EXPECT_EQ(j["schema_version"], kSettingsDocumentSchemaVersion);
  EXPECT_EQ(back.config.ports.health, 20445);
  EXPECT_EQ(j["signal"]["heartbeat_timeout_seconds"], 6000);  // the default 100 minutes
  EXPECT_THAT(back.chainstate_archive_url, HasSubstr("/mainnet/"));
}

TEST(SettingsDocument, NamesTheMissingOrBadField) {
  nlohmann::json j = to_json(sample());
  j["signal"].erase("logical_id");
  try {
    settings_document_from_json(j);
    FAIL() << "no error";
  } catch (const Failure& e) {
    EXPECT_THAT(e.what(), HasSubstr("signal.logical_id"));
  }
  j = to_json(sample());
  j["kind"] = "cluster";
  EXPECT_THROW(settings_document_from_json(j), Failure);
  j = to_json(sample());
  j["health"]["port"] = "http";
  try {
    settings_document_from_json(j);
    FAIL() << "no error";
  } catch (const Failure& e) {
    EXPECT_THAT(e.what(), HasSubstr("health.port"));
  }
}

TEST(SettingsDocument, RefusesUnknownSchemaVersion) {
  nlohmann::json j = to_json(sample());
  j["schema_version"] = kSettingsDocumentSchemaVersion + 1;
  EXPECT_THROW(settings_document_from_json(j), Failure);
  j["schema_version"] = 1;  // before heartbeat_timeout_seconds and chainstate
  EXPECT_THROW(settings_document_from_json(j), Failure);
}

TEST(SettingsDocument, CarriesTheValuesTheOperatorComputed) {
  nlohmann::json j = to_json(sample());
  j["signal"].erase("heartbeat_timeout_seconds");
  try {
    settings_document_from_json(j);
    FAIL() << "no error";
  } catch (const Failure& e) {
    EXPECT_THAT(e.what(), HasSubstr("signal.heartbeat_timeout_seconds"));
  }
  j = to_json(sample());
  j["signal"]["heartbeat_timeout_seconds"] = 0;  // an HA node needs its hook's timeout
  EXPECT_THROW(settings_document_from_json(j), Failure);
  j = to_json(sample());
  j.erase("chainstate");
  EXPECT_THROW(settings_document_from_json(j), Failure);
  j = to_json(sample());
  j["data_volume"]["mount_point"] = "";
  EXPECT_THROW(settings_document_from_json(j), Failure);
  j = to_json(sample());
  j["health"]["port"] = 0;
  EXPECT_THROW(settings_document_from_json(j), Failure);
}

TEST(SettingsDocument, HeartbeatTimeoutIsClampedToWhatAutoScalingAllows) {
  config::Config c = snr::testing::valid_config(snr::testing::kMinimalEnv);
  c.ha.heartbeat_delay_min = 60;
  EXPECT_EQ(lifecycle_heartbeat_timeout_seconds(c), 3600u);
  c.ha.heartbeat_delay_min = 0;
  EXPECT_EQ(lifecycle_heartbeat_timeout_seconds(c), 30u);
  c.ha.heartbeat_delay_min = 500;
  EXPECT_EQ(lifecycle_heartbeat_timeout_seconds(c), 7200u);
}

TEST(SettingsDocument, ChainstateArchiveOnlyWhenDownloading) {
  config::Config c =
      snr::testing::valid_config(std::string(snr::testing::kMinimalEnv) +
                                 "STACKS_CHAINSTATE_ARCHIVE=https://x.test/a.tar.gz\n");
  EXPECT_EQ(chainstate_archive_url(c), "https://x.test/a.tar.gz");
  c.download_chainstate = false;
  EXPECT_EQ(chainstate_archive_url(c), "");
}

TEST(SettingsDocument, SingleNodeNeedsItsVolume) {
  SettingsDocument s = sample();
  s.kind = DeploymentKind::single_node;
  s.signal.lifecycle_hook.clear();
  EXPECT_THROW(settings_document_from_json(to_json(s)), Failure);
  s.data_volume.volume_id = "vol-1";
  EXPECT_NO_THROW(settings_document_from_json(to_json(s)));
}

TEST(SettingsDocument, CarriesNoSecret) {
  SettingsDocument s = sample();
  s.config.bitcoin.rpc_password = config::Secret("secret-pw-3141");
  EXPECT_THAT(to_json(s).dump(), ::testing::Not(HasSubstr("secret-pw-3141")));
}

}  // namespace
}  // namespace snr::contract
