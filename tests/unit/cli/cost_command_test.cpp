/// `snr cost` as a user runs it: text, --json, assumptions from flags and .env, exit codes.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/run_snr.h"
#include "support/temp_dir.h"

namespace snr::cli {
namespace {

using snr::testing::run_snr;
using snr::testing::TempDir;
using ::testing::HasSubstr;

constexpr const char* kEnv = "AWS_ACCOUNT_ID=123456789012\nAWS_REGION=us-east-1\n";

TEST(CostCommand, JsonShapeAndTotal) {
  TempDir dir;
  auto env = dir.write(".env", kEnv);
  auto r = run_snr({"cost", "--env", env.string(), "--json", "stacks-single-node"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["region"], "us-east-1");
  EXPECT_EQ(j["currency"], "USD");
  EXPECT_GT(j["monthly_total_usd"].get<double>(), 70.08);  // at least the m5.large
  bool ec2 = false;
  for (const auto& i : j["items"])
    if (i["service"] == "ec2") {
      ec2 = true;
      EXPECT_NEAR(i["monthly_usd"].get<double>(), 70.08, 0.005);
      EXPECT_THAT(i["description"].get<std::string>(), HasSubstr("m5.large"));
    }
  EXPECT_TRUE(ec2);
}

TEST(CostCommand, AssumptionsFromFlagAndDotenvArePrintedAndUsed) {
  TempDir dir;
  auto env = dir.write(".env", std::string(kEnv) + "SNR_COST_TRANSFER_GB=1000\n");
  auto from_env = run_snr({"cost", "--env", env.string(), "--json", "stacks-single-node"});
  ASSERT_EQ(from_env.code, 0) << from_env.err;
  auto flag = run_snr({"cost", "--env", env.string(), "stacks-single-node",
                       "--assume-transfer-gb", "10"});
  ASSERT_EQ(flag.code, 0) << flag.err;
  for (const auto& i : nlohmann::json::parse(from_env.out)["items"]) {
    if (i["service"] == "data-transfer") {
      EXPECT_NEAR(i["monthly_usd"].get<double>(), 90, 0.005);
    }
  }
  EXPECT_THAT(flag.out, HasSubstr("10 GB out to the Internet"));
  EXPECT_THAT(flag.out, HasSubstr("Assumptions"));
  EXPECT_THAT(flag.out, HasSubstr("Prices: bundled table of"));

  auto bad = run_snr({"cost", "--env", env.string(), "--assume-lcu", "lots"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--assume-lcu"));
}

TEST(CostCommand, RegionOutsideTheTableExits2NamingAwsRegion) {
  TempDir dir;
  auto env = dir.write(".env", "AWS_ACCOUNT_ID=123456789012\nAWS_REGION=af-south-1\n");
  auto r = run_snr({"cost", "--env", env.string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("AWS_REGION"));
  EXPECT_THAT(r.err, HasSubstr("af-south-1"));
  EXPECT_THAT(r.err, HasSubstr("us-east-1"));
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace snr::cli
