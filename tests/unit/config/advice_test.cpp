/// Advice on valid configurations: provisioned EBS throughput the instance cannot use.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/advice.h"
#include "config/instance_types.h"
#include "support/config_fixtures.h"

namespace snr::config {
namespace {

using snr::testing::kMinimalEnv;
using snr::testing::valid_config;
using ::testing::HasSubstr;

TEST(EbsBandwidth, FromAwsEbsOptimizedTable) {
  auto m5 = ebs_bandwidth("m5.large");
  ASSERT_TRUE(m5);
  EXPECT_DOUBLE_EQ(m5->baseline_mbps, 81.25);  // 650 Mbps
  EXPECT_DOUBLE_EQ(m5->max_mbps, 593.75);      // 4,750 Mbps
  EXPECT_DOUBLE_EQ(ebs_bandwidth("m6i.xlarge")->baseline_mbps, 156.25);
  EXPECT_DOUBLE_EQ(ebs_bandwidth("m6i.xlarge")->max_mbps, 1250);
  EXPECT_DOUBLE_EQ(ebs_bandwidth("m7g.4xlarge")->baseline_mbps, 625);
  EXPECT_DOUBLE_EQ(ebs_bandwidth("c5.9xlarge")->baseline_mbps, 1187.5);
  EXPECT_EQ(ebs_bandwidth("z1d.large"), std::nullopt);  // not in the table: no advice
  EXPECT_EQ(ebs_bandwidth("m5"), std::nullopt);
}

TEST(Advice, ThroughputAboveTheInstancesEbsBandwidthIsAWarningNamingBoth) {
  // m5.large pushes 81.25 MB/s to EBS; 700 MiB/s is 734 MB/s.
  auto d = advise(valid_config(std::string(kMinimalEnv) +
                               "STACKS_INSTANCE_TYPE=m5.large\nSTACKS_DATA_VOL_THROUGHPUT=700\n"));
  EXPECT_FALSE(d.has_errors());
  ASSERT_EQ(d.warnings().size(), 1u);
  const Diagnostic w = d.warnings()[0];  // warnings() returns a copy
  EXPECT_EQ(w.subject, "STACKS_DATA_VOL_THROUGHPUT");
  EXPECT_THAT(w.message, HasSubstr("700 MiB/s"));
  EXPECT_THAT(w.message, HasSubstr("STACKS_INSTANCE_TYPE m5.large"));
  EXPECT_THAT(w.message, HasSubstr("81.25 MB/s"));
}

TEST(Advice, NoWarningWhenTheInstanceCanUseTheThroughput) {
  // m6i.4xlarge: 625 MB/s sustained; 500 MiB/s = 524 MB/s.
  EXPECT_TRUE(advise(valid_config(std::string(kMinimalEnv) +
                                  "STACKS_INSTANCE_TYPE=m6i.4xlarge\n"
                                  "STACKS_DATA_VOL_THROUGHPUT=500\n"))
                  .items()
                  .empty());
  // gp2 has no throughput setting.
  EXPECT_TRUE(advise(valid_config(std::string(kMinimalEnv) + "STACKS_DATA_VOL_TYPE=gp2\n"))
                  .items()
                  .empty());
}

}  // namespace
}  // namespace snr::config
