#include "contract/names.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace snr::contract
