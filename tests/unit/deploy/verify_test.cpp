#include "deploy/verify.h"

#include <gtest/gtest.h>

namespace snr::deploy {
namespace {

TEST(Verify, ReportsTemplateResourcesTheStackDoesNotHold) {
  nlohmann::json t = {{"Resources",
                       {{"Bucket", {{"Type", "AWS::S3::Bucket"}}},
                        {"Alarm", {{"Type", "AWS::CloudWatch::Alarm"}}},
                        {"Volume", {{"Type", "AWS::EC2::Volume"}}},
                        {"Role", {{"Type", "AWS::IAM::Role"}}}}}};
  std::vector<aws::StackResourceSummary> held = {
      {"Bucket", "b-1", "AWS::S3::Bucket", "CREATE_COMPLETE", "", std::nullopt},
      {"Volume", "vol-1", "AWS::EC2::Volume", "CREATE_FAILED", "", std::nullopt},
      {"Role", "r-1", "AWS::IAM::Role", "UPDATE_COMPLETE", "", std::nullopt},
      {"", "", "AWS::CloudWatch::Alarm", "CREATE_COMPLETE", "", std::nullopt},  // moto's skipped
  };
  auto missing = missing_resources(t, held);
  ASSERT_EQ(missing.size(), 2u);
  EXPECT_EQ(missing[0].logical_id, "Alarm");
  EXPECT_EQ(missing[0].status, "");
  EXPECT_EQ(missing[1].logical_id, "Volume");
  EXPECT_EQ(missing[1].status, "CREATE_FAILED");
}

}  // namespace
}  // namespace snr::deploy
