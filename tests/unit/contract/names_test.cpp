#include "contract/names.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/config_fixtures.h"

namespace snr::contract {
namespace {

// These strings are a wire format: instances already deployed read and write
// them, so a change here is a migration, not a refactoring.
TEST(ContractNames, SecretNamesAndTheirIdentityRule) {
  EXPECT_EQ(secret_prefix("stacks-single-node-signer"), "snr/stacks-single-node-signer/");
  EXPECT_EQ(secret_name("stacks-single-node-signer", kSignerKeySecret),
            "snr/stacks-single-node-signer/signer-key");
  EXPECT_EQ(secret_name("${AWS::StackName}", kBitcoinRpcPasswordSecret),
            "snr/${AWS::StackName}/bitcoin-rpc-password");
  EXPECT_TRUE(is_identity_secret("snr/s/signer-key"));
  EXPECT_TRUE(is_identity_secret("snr/s/miner-seed"));
  EXPECT_FALSE(is_identity_secret("snr/s/auth-token"));
  EXPECT_FALSE(is_identity_secret("snr/s/bitcoin-rpc-password"));
  EXPECT_FALSE(is_identity_secret("snr/s/not-a-signer-key"));
  EXPECT_FALSE(is_identity_secret("signer-key"));
  EXPECT_EQ(kPublicKeyTag, "snr:public-key");
  EXPECT_EQ(kAddressTag, "snr:address");
}

TEST(ContractNames, AssetKeyByContentHashAndArch) {
  EXPECT_EQ(asset_key("abc", node::CpuType::x86_64), "snr/abc/snr-linux-x86_64");
  EXPECT_EQ(asset_key("abc", node::CpuType::arm64), "snr/abc/snr-linux-arm64");
  EXPECT_EQ(asset_key_format(node::CpuType::arm64), "snr/<sha256>/snr-linux-arm64");
}

TEST(ContractNames, WhereTheSettingsDocumentLives) {
  EXPECT_EQ(settings_parameter_name("stacks-ha-nodes-follower"),
            "/snr/stacks-ha-nodes-follower/settings");
  EXPECT_EQ(settings_parameter_name("${AWS::StackName}"), "/snr/${AWS::StackName}/settings");
  EXPECT_EQ(kSettingsFile, "/etc/snr/settings.json");
  EXPECT_EQ(kStackTagKey, "snr-stack");
  EXPECT_EQ(kDataMountPoint, "/var/lib/stacks");
  EXPECT_EQ(kHealthPath, "/health");
  EXPECT_EQ(kLaunchHookName, "snr-sync-gate");
}

TEST(ContractNames, OneSignerLeasePerKey) {
  const std::string minimal = snr::testing::kMinimalEnv;
  const std::string arn = "arn:aws:secretsmanager:us-west-2:123456789012:secret:shared-key-AbCdEf";
  auto given = snr::testing::valid_config(minimal + "STACKS_NODE_CONFIGURATION=signer\n" +
                                          "STACKS_SIGNER_SECRET_ARN=" + arn + "\n");
  auto generated = snr::testing::valid_config(minimal + "STACKS_NODE_CONFIGURATION=signer\n");
  const std::string name = "stacks-single-node-signer";
  // One lease per key: the same ARN gives the same object, whichever stack uses it.
  EXPECT_EQ(signer_lease_key(given, name), signer_lease_key(given, "another-stack"));
  EXPECT_EQ(signer_lease_key(given, name), signer_lease_key(arn));
  EXPECT_NE(signer_lease_key(given, name), signer_lease_key(generated, name));
  EXPECT_EQ(signer_lease_key(generated, name),
            signer_lease_key(secret_name(name, kSignerKeySecret)));
  EXPECT_THAT(signer_lease_key(generated, name),
              ::testing::MatchesRegex("leases/signer/[0-9a-f]{32}\\.json"));
  EXPECT_EQ(signer_lease_key(snr::testing::valid_config(minimal), name), "");
}

}  // namespace
}  // namespace snr::contract
