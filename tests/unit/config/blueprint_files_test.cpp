/// The blueprint's own .env files are test inputs: existing users have files like these.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/config_fixtures.h"

namespace snr::config {
namespace {

using snr::testing::about;
using snr::testing::fixture_path;
using snr::testing::load_text;
using snr::testing::read_file;
using ::testing::HasSubstr;

std::string sample_follower() {
  return read_file(fixture_path("blueprint/env-sample-follower"));
}

TEST(BlueprintFiles, SampleFollowerOnlyLacksTheAccountId) {
  std::string text = sample_follower();
  ASSERT_FALSE(text.empty()) << "fixture missing";
  auto r = load_text(text);
  auto errors = r.diagnostics.errors();
  ASSERT_EQ(errors.size(), 1u) << errors[0].to_string();
  EXPECT_THAT(errors[0].subject, HasSubstr("AWS_ACCOUNT_ID"));
  EXPECT_THAT(errors[0].message, HasSubstr("placeholder"));
  EXPECT_THAT(errors[0].message, HasSubstr("12-digit AWS account id"));
}

TEST(BlueprintFiles, SampleFollowerWithAnAccountIdIsValid) {
  std::string text = sample_follower();
  auto pos = text.find("xxxxxxxxxxxx");
  ASSERT_NE(pos, std::string::npos);
  text.replace(pos, 12, "123456789012");
  auto r = load_text(text);
  EXPECT_FALSE(r.diagnostics.has_errors());
  EXPECT_EQ(r.config.region, "us-west-2");
  EXPECT_EQ(r.config.role, Role::follower);
  EXPECT_EQ(r.config.network, Network::mainnet);
  EXPECT_EQ(r.config.variables.at("AWS_REGION").source, Source::file);
}

TEST(BlueprintFiles, EnvTestIsRejectedNamingTheCpuTypeMismatch) {
  auto r = load_text(read_file(fixture_path("blueprint/env-test")));
  ASSERT_TRUE(r.diagnostics.has_errors());
  auto cpu = about(r, "STACKS_CPU_TYPE");
  ASSERT_EQ(cpu.size(), 1u);
  EXPECT_THAT(cpu[0].message, HasSubstr("ARM_64"));
  EXPECT_THAT(cpu[0].message, HasSubstr("m5.large"));
  // And everything else that is wrong with it, at once.
  for (const char* v : {"AWS_ACCOUNT_ID", "STACKS_P2P_PORT", "STACKS_RPC_PORT",
                        "STACKS_BOOTSTRAP_NODE", "STACKS_CHAINSTATE_ARCHIVE"}) {
    EXPECT_EQ(about(r, v).size(), 1u) << v;
  }
  // BITCOIN_PEER_HOST= is empty: the default, not an error.
  EXPECT_TRUE(about(r, "BITCOIN_PEER_HOST").empty());
  EXPECT_EQ(r.config.bitcoin.peer_host, "bitcoin.mainnet.stacks.org");
}

}  // namespace
}  // namespace snr::config
