/// The bundled price table: AWS's public us-east-1 list prices, the regions covered,
/// and the exit-2 message for a region it does not have.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/instance_types.h"
#include "cost/price_table.h"
#include "util/error.h"

namespace snr::cost {
namespace {

using ::testing::HasSubstr;

TEST(PriceTable, UsEast1MatchesThePublicListPrices) {
  const RegionPrices& p = prices_for(bundled_prices(), "us-east-1");
  // aws.amazon.com/ec2/pricing/on-demand, /ebs/pricing, /elasticloadbalancing/pricing
  EXPECT_DOUBLE_EQ(*p.ec2("m5.large"), 0.096);
  EXPECT_DOUBLE_EQ(*p.ec2("m5.xlarge"), 0.192);
  EXPECT_DOUBLE_EQ(*p.ec2("m6i.xlarge"), 0.192);
  EXPECT_DOUBLE_EQ(*p.ec2("c5.9xlarge"), 1.53);
  EXPECT_DOUBLE_EQ(*p.ec2("t3.medium"), 0.0416);
  EXPECT_DOUBLE_EQ(*p.ec2("t3.micro"), 0.0104);
  EXPECT_DOUBLE_EQ(*p.ec2("m7g.large"), 0.0816);
  EXPECT_DOUBLE_EQ(*p.ec2("t4g.small"), 0.0168);
  EXPECT_DOUBLE_EQ(p.gp3_gb_month, 0.08);
  EXPECT_DOUBLE_EQ(p.gp3_iops_month, 0.005);
  EXPECT_DOUBLE_EQ(p.gp3_mbps_month, 0.04);
  EXPECT_DOUBLE_EQ(p.gp2_gb_month, 0.10);
  EXPECT_DOUBLE_EQ(p.io1_gb_month, 0.125);
  EXPECT_DOUBLE_EQ(p.io1_iops_month, 0.065);
  EXPECT_DOUBLE_EQ(p.snapshot_gb_month, 0.05);
  EXPECT_DOUBLE_EQ(p.alb_hour, 0.0225);
  EXPECT_DOUBLE_EQ(p.alb_lcu_hour, 0.008);
  EXPECT_DOUBLE_EQ(p.cw_metric_month, 0.30);
  EXPECT_DOUBLE_EQ(p.cw_alarm_month, 0.10);
  EXPECT_DOUBLE_EQ(p.cw_dashboard_month, 3.00);
  EXPECT_DOUBLE_EQ(p.cw_logs_ingest_gb, 0.50);
  EXPECT_DOUBLE_EQ(p.secret_month, 0.40);
  EXPECT_DOUBLE_EQ(p.transfer_out_gb, 0.09);
  EXPECT_EQ(p.ec2("m5.metal"), std::nullopt);  // not priced by vCPU: no guess
}

TEST(PriceTable, CoversTenLargeRegionsWithEveryPriceSet) {
  const PriceTable& t = bundled_prices();
  EXPECT_FALSE(t.date.empty());
  EXPECT_THAT(t.source, HasSubstr("https://aws.amazon.com/"));
  EXPECT_GE(t.regions.size(), 10u);
  for (const char* r : {"us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1",
                        "ap-northeast-1", "ap-southeast-1", "ap-southeast-2", "ap-south-1",
                        "eu-west-2"}) {
    const RegionPrices* p = t.find(r);
    ASSERT_NE(p, nullptr) << r;
    EXPECT_FALSE(p->location.empty()) << r;
    // The defaults and the samples' types, the common families, Graviton.
    for (const char* type : {"m5.large", "m6i.xlarge", "m7i.large", "c5.xlarge", "r5.large",
                             "t3.large", "m6g.large", "m7g.xlarge", "c6g.large", "c7g.large",
                             "t4g.large"}) {
      ASSERT_TRUE(p->ec2(type)) << r << " " << type;
      EXPECT_GT(*p->ec2(type), 0.01) << r << " " << type;
      EXPECT_TRUE(config::lookup_instance_type(type)) << type;
    }
    for (double v : {p->gp3_gb_month, p->gp3_iops_month, p->gp3_mbps_month, p->gp2_gb_month,
                     p->io1_gb_month, p->io1_iops_month, p->io2_gb_month, p->io2_iops_month,
                     p->snapshot_gb_month, p->alb_hour, p->alb_lcu_hour, p->cw_metric_month,
                     p->cw_alarm_month, p->cw_dashboard_month, p->cw_logs_ingest_gb,
                     p->secret_month, p->transfer_out_gb})
      EXPECT_GT(v, 0) << r;
  }
}

TEST(PriceTable, UnknownRegionIsAUserErrorNamingAwsRegionAndTheCoveredOnes) {
  try {
    prices_for(bundled_prices(), "me-central-1");
    FAIL() << "expected a UserError";
  } catch (const UserError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].subject, "AWS_REGION");
    EXPECT_THAT(e.diagnostics()[0].message, HasSubstr("me-central-1"));
    EXPECT_THAT(e.diagnostics()[0].message, HasSubstr("us-east-1"));
    EXPECT_THAT(e.diagnostics()[0].message, HasSubstr("eu-west-1"));
  }
}

}  // namespace
}  // namespace snr::cost
