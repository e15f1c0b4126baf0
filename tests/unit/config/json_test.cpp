#include "config/json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/config_fixtures.h"
#include "util/error.h"

namespace snr::config {
namespace {

using snr::testing::kMinimalEnv;
using snr::testing::valid_config;

TEST(ConfigJson, RoundTripsEveryRoleAndNetwork) {
  for (const char* role : {"follower", "signer"}) {
    for (const char* net : {"mainnet", "testnet"}) {
      Config c = valid_config(std::string(kMinimalEnv) + "STACKS_NODE_CONFIGURATION=" + role +
                              "\nSTACKS_NETWORK=" + net + "\nSTACKS_ALARM_EMAIL=a@b.co\n");
      Config back = config_from_json(to_json(c));
      EXPECT_EQ(to_json(back), to_json(c)) << role << " " << net;
      EXPECT_EQ(back.role, c.role);
      EXPECT_EQ(back.network, c.network);
      EXPECT_EQ(back.bootstrap_nodes, c.bootstrap_nodes);
    }
  }
}

TEST(ConfigJson, NeverContainsThePassword) {
  Config c = valid_config(std::string(kMinimalEnv) + "BITCOIN_RPC_PASSWORD=hunter2-secret\n");
  EXPECT_EQ(to_json(c).dump().find("hunter2-secret"), std::string::npos);
  EXPECT_TRUE(config_from_json(to_json(c)).bitcoin.rpc_password.empty());
}

TEST(ConfigJson, BadDocumentsNameTheField) {
  Config c = valid_config(kMinimalEnv);
  auto j = to_json(c);
  j["ports"].erase("rpc");
  EXPECT_THAT([&] { config_from_json(j); },
              ::testing::ThrowsMessage<Failure>(::testing::HasSubstr("ports.rpc")));
  j = to_json(c);
  j["role"] = "pilot";
  EXPECT_THROW(config_from_json(j), Failure);
  EXPECT_THROW(config_from_json(nlohmann::json::array()), Failure);
}

}  // namespace
}  // namespace snr::config
