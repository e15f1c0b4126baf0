/// What `snr agent run` takes from the settings document: the Bitcoin reference among it.

#include "agent/run/run_options.h"

#include <gtest/gtest.h>

#include "support/config_fixtures.h"

namespace snr::agent {
namespace {

contract::SettingsDocument follower() {
  contract::SettingsDocument s;
  s.config = snr::testing::valid_config(snr::testing::kMinimalEnv);
  return s;
}

TEST(RunOptions, TheBitcoinReferenceIsTheNodesOwnBitcoind) {
  RunOptions o = run_options_from_document(follower());
  // The mainnet default: the public peer and its published credentials (as bootstrap renders).
  EXPECT_EQ(o.bitcoin_rpc_url, "http://bitcoin.mainnet.stacks.org:8332");
  EXPECT_EQ(o.bitcoin_rpc_user, "stacks");
  EXPECT_EQ(o.bitcoin_rpc_password, "foundation");
  // A password kept in a secret is read by the service (with AWS), never guessed here.
  contract::SettingsDocument s = follower();
  s.secrets.bitcoin_rpc_password_arn =
      "arn:aws:secretsmanager:us-west-2:123456789012:secret:btc-AbCdEf";
  EXPECT_EQ(run_options_from_document(s).bitcoin_rpc_password, "");
  EXPECT_EQ(run_options_from_document(s).bitcoin_rpc_url, o.bitcoin_rpc_url);
}

}  // namespace
}  // namespace snr::agent
