/// `snr agent signer-lease` refuses deployments without a signer before it
/// asks AWS anything (the lease itself runs against moto in
/// tests/integration/agent/signer_lease_cli_test.cpp).

#include "agent/agent_session.h"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/config_fixtures.h"
#include "support/temp_dir.h"
#include "util/error.h"

namespace snr::agent {
namespace {

using ::testing::HasSubstr;

contract::SettingsDocument follower_settings() {
  contract::SettingsDocument s;
  s.stack_id = "stacks-single-node";
  s.stack_name = "stacks-single-node-follower";
  s.kind = contract::DeploymentKind::single_node;
  s.region = "us-east-1";
  s.settings_parameter = "/snr/stacks-single-node-follower/settings";
  s.config = snr::testing::valid_config(snr::testing::kMinimalEnv);
  s.stacks_version = "4.0.2";
  s.snr_binary = {"assets", "snr/" + std::string(64, 'a') + "/snr-linux-x86_64",
                  std::string(64, 'a')};
  s.data_volume = {"vol-0123", std::string(contract::kDataDeviceName),
                   std::string(contract::kDataMountPoint)};
  s.signal = {"stacks-single-node-follower", "NodeReady", "", ""};
  s.secrets = {"snr/stacks-single-node-follower/", false, "", "", "", ""};
  s.log_group = "/snr/stacks-single-node-follower";
  s.metrics = {std::string(contract::metrics::kNamespace), {{"InstanceId"}}, 60};
  s.health = {20445, std::string(contract::kHealthPath)};
  return s;
}

TEST(SignerLeaseCommand, AFollowerDeploymentIsRefusedNamingTheSettings) {
  snr::testing::TempDir dir;
  auto file = dir.write("settings.json", contract::to_json(follower_settings()).dump());
  SignerLeaseRequest request;
  request.settings = file.string();
  request.instance_id = "i-0123456789abcdef0";  // never looked up: refused before
  std::ostringstream err;
  try {
    run_signer_lease(request, err);
    FAIL() << "a follower has no signer lease to take";
  } catch (const UserError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].subject, "--settings");
    EXPECT_THAT(e.diagnostics()[0].message, HasSubstr("is not a signer or miner deployment"));
  }
}

}  // namespace
}  // namespace snr::agent
