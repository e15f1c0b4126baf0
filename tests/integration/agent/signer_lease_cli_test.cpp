// `snr agent signer-lease`, as stacks-signer.service's ExecStartPre runs it,
// against moto: the first instance takes the lease, a second live one is
// refused (exit 1, naming the holder), and takes over once the first is
// terminated. The key is generated once and shared through Secrets Manager.

#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "contract/metrics.h"
#include "contract/settings_document.h"
#include "support/config_fixtures.h"
#include "support/moto_server.h"
#include "support/run_snr.h"
#include "support/temp_dir.h"

namespace snr::agent {
namespace {

using snr::testing::RunResult;
using snr::testing::TempDir;
using ::testing::HasSubstr;

const auto* const kMoto = snr::testing::add_shared_moto();

contract::SettingsDocument signer_settings(const std::string& bucket) {
  contract::SettingsDocument s;
  s.stack_id = "stacks-single-node";
  s.stack_name = "stacks-single-node-signer";
  s.kind = contract::DeploymentKind::single_node;
  s.region = "us-east-1";
  s.settings_parameter = "/snr/stacks-single-node-signer/settings";
  s.config = snr::testing::valid_config(std::string(snr::testing::kMinimalEnv) +
                                        "STACKS_NODE_CONFIGURATION=signer\n");
  s.stacks_version = "4.0.2";
  s.snr_binary = {bucket, "snr/" + std::string(64, 'a') + "/snr-linux-x86_64",
                  std::string(64, 'a')};
  s.data_volume = {"vol-0123", std::string(contract::kDataDeviceName),
                   std::string(contract::kDataMountPoint)};
  s.signal = {"stacks-single-node-signer", "NodeReady", "", ""};
  s.secrets = {"snr/stacks-single-node-signer/", true, "", "", "", "leases/signer/test.json"};
  s.log_group = "/snr/stacks-single-node-signer";
  s.metrics = {std::string(contract::metrics::kNamespace), {{"InstanceId"}}, 60};
  s.health = {20445, std::string(contract::kHealthPath)};
  return s;
}

std::string run_instance() {
  auto& moto = snr::testing::shared_moto();
  std::string image = moto.aws({"ec2", "describe-images", "--owners", "amazon", "--filters",
                                "Name=name,Values=amzn2-ami-hvm*"})["Images"][0]["ImageId"];
  return moto.aws({"ec2", "run-instances", "--image-id", image, "--count", "1", "--instance-type",
                   "m6i.xlarge"})["Instances"][0]["InstanceId"];
}

TEST(SignerLeaseCommand, OneSignerPerKeyWithColdStandby) {
  auto& moto = snr::testing::shared_moto();
  moto.aws({"s3api", "create-bucket", "--bucket", "snr-lease-cli-assets"});
  TempDir dir;
  auto settings =
      dir.write("settings.json", contract::to_json(signer_settings("snr-lease-cli-assets")).dump());
  std::map<std::string, std::string> env = {
      {"AWS_ACCESS_KEY_ID", "testing"},      {"AWS_SECRET_ACCESS_KEY", "testing"},
      {"AWS_CONFIG_FILE", "/dev/null"},      {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
      {"AWS_EC2_METADATA_DISABLED", "true"}, {"AWS_ENDPOINT_URL", moto.url()}};
  auto lease = [&](const std::string& instance) {
    return snr::testing::run_snr({"agent", "signer-lease", "--settings", settings.string(),
                                  "--instance-id", instance, "--region", "us-east-1"},
                                 env);
  };
  std::string active = run_instance();
  std::string standby = run_instance();

  RunResult first = lease(active);
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_THAT(first.err, HasSubstr("acquired"));
  RunResult restart = lease(active);  // the unit's ExecStartPre on a restart
  EXPECT_EQ(restart.code, 0) << restart.err;
  EXPECT_THAT(restart.err, HasSubstr("already ours"));

  RunResult refused = lease(standby);
  EXPECT_EQ(refused.code, 1);
  EXPECT_THAT(refused.err, HasSubstr("in use by instance " + active));
  EXPECT_THAT(refused.err, HasSubstr("never two signers on one key"));

  moto.aws({"ec2", "stop-instances", "--instance-ids", active});
  RunResult takeover = lease(standby);
  EXPECT_EQ(takeover.code, 0) << takeover.err;
  EXPECT_THAT(takeover.err, HasSubstr("acquired"));
  // The old instance, started again, must not sign any more.
  moto.aws({"ec2", "start-instances", "--instance-ids", active});
  RunResult back = lease(active);
  EXPECT_EQ(back.code, 1);
  EXPECT_THAT(back.err, HasSubstr("in use by instance " + standby));

  // One key, generated once, for both instances; never printed.
  auto secret = moto.aws({"secretsmanager", "get-secret-value", "--secret-id",
                          "snr/stacks-single-node-signer/signer-key"});
  std::string value = secret["SecretString"];
  EXPECT_THAT(value, HasSubstr("private_key"));
  auto key_hex = nlohmann::json::parse(value)["private_key"].get<std::string>();
  for (const auto& r : {first, restart, refused, takeover, back}) {
    EXPECT_EQ(r.err.find(key_hex), std::string::npos);
    EXPECT_EQ(r.out.find(key_hex), std::string::npos);
  }
}

}  // namespace
}  // namespace snr::agent
