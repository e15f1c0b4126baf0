/// The estimate against AWS's public us-east-1 list prices, computed by hand here
/// (m5.large 0.096 USD/h; gp3 0.08 USD/GB-month, 0.005 per IOPS-month over 3000,
/// 0.04 per MB/s-month over 125; ALB 0.0225 USD/h, 0.008 per LCU-h; CloudWatch
/// 0.30 per metric, 0.10 per alarm, 3.00 per dashboard, 0.50 per GB of logs; KMS
/// 1.00 per key; Secrets Manager 0.40 per secret; 0.09 per GB out).

#include "cost/estimate.h"

#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cost/report.h"
#include "infra/synth.h"
#include "support/config_fixtures.h"

namespace snr::cost {
namespace {

using ::testing::HasSubstr;

constexpr const char* kUsEast1 =
    "AWS_ACCOUNT_ID=123456789012\nAWS_REGION=us-east-1\n"
    "STACKS_DATA_VOL_SIZE=2048\nSTACKS_DATA_VOL_IOPS=12000\nSTACKS_DATA_VOL_THROUGHPUT=700\n";

struct Priced {
  Estimate estimate;
  infra::Synthesis synthesis;
  double count(const std::string& type) const {
    double n = 0;
    for (const auto& a : synthesis.stacks)
      for (const auto& [id, r] : a.json["Resources"].items())
        if (r["Type"] == type) n += 1;
    return n;
  }
};

Priced price(const std::string& env, const std::vector<std::string>& stacks,
             const Assumptions& a = {}) {
  config::Config c = testing::valid_config(env);
  Priced p;
  p.synthesis = infra::synthesize(c, infra::deployment_order(c, stacks));
  p.estimate = estimate(c, templates_of(p.synthesis), prices_for(bundled_prices(), c.region), a);
  return p;
}

double sum(const Estimate& e, const std::string& service) {
  double t = 0;
  for (const auto& i : e.items)
    if (i.service == service) t += i.monthly_usd;
  return t;
}

// The data volume of the .env above: 2048 GB, 9000 IOPS and 575 MB/s over the baseline.
constexpr double kDataVolume = 2048 * 0.08 + 9000 * 0.005 + 575 * 0.04;  // 231.84
constexpr double kRootVolume = 30 * 0.08;                                // 2.40
constexpr double kSnapshots = (205 * 4.3 + 2 * 20) * 0.05;               // 46.08

TEST(CostEstimate, SingleNodeFollowerMatchesTheListPricesByHand) {
  Priced p = price(kUsEast1, {"stacks-single-node"});
  const Estimate& e = p.estimate;
  EXPECT_EQ(e.region, "us-east-1");
  EXPECT_NEAR(sum(e, "ec2"), 730 * 0.096, 0.01);  // 70.08
  EXPECT_NEAR(sum(e, "ebs"), kDataVolume + kRootVolume, 0.01);
  EXPECT_NEAR(sum(e, "elb"), 0, 1e-9);
  // STACKS_SNAPSHOT_RETAIN (3): the chainstate once (205 GB archive × 4.3), 2 × 20 GB changes.
  EXPECT_NEAR(sum(e, "snapshots"), kSnapshots, 0.01);
  EXPECT_NEAR(sum(e, "kms"), 1.00, 1e-9);  // stacks-common's alarm-topic key
  // The Bitcoin RPC password (the network's public default) that snr deploy stores.
  EXPECT_NEAR(sum(e, "secretsmanager"), 0.40, 1e-9);
  const double alarms = p.count("AWS::CloudWatch::Alarm");
  EXPECT_GE(alarms, 5);
  const double cloudwatch = alarms * 0.10 + 1 * 3.00  // one dashboard
                            + 14 * 0.30               // the agent's metrics
                            + 35 * 0.30               // CloudWatch agent (assumed)
                            + 7 * 0.30                // detailed monitoring
                            + 2 * 0.50;               // 2 GB of logs (assumed)
  EXPECT_NEAR(sum(e, "cloudwatch"), cloudwatch, 0.01);
  EXPECT_NEAR(sum(e, "data-transfer"), 100 * 0.09, 0.01);
  const double total =
      70.08 + kDataVolume + kRootVolume + kSnapshots + 1.00 + 0.40 + cloudwatch + 9.00;
  EXPECT_NEAR(e.total(), total, total * 0.01);
  EXPECT_NEAR(e.total(), total, 0.01);
}

TEST(CostEstimate, HaSetCountsEveryNodeAndTheLoadBalancer) {
  Priced p = price(std::string(kUsEast1) + "STACKS_HA_NUMBER_OF_NODES=3\n", {"stacks-ha-nodes"},
                   Assumptions{.alb_lcu = 2});
  const Estimate& e = p.estimate;
  EXPECT_NEAR(sum(e, "ec2"), 3 * 730 * 0.096, 0.01);
  EXPECT_NEAR(sum(e, "ebs"), 3 * (kDataVolume + kRootVolume), 0.01);
  EXPECT_NEAR(sum(e, "elb"), 730 * 0.0225 + 2 * 730 * 0.008, 0.01);  // 16.425 + 11.68
  const double alarms = p.count("AWS::CloudWatch::Alarm");
  const double cloudwatch = alarms * 0.10 + 3.00 + 14 * 4 * 0.30  // per node and per group
                            + 3 * 35 * 0.30 + 3 * 7 * 0.30 + 3 * 2 * 0.50;
  EXPECT_NEAR(sum(e, "cloudwatch"), cloudwatch, 0.01);
  EXPECT_NEAR(sum(e, "data-transfer"), 3 * 100 * 0.09, 0.01);
  EXPECT_NEAR(sum(e, "secretsmanager"), 0.40, 1e-9);  // one Bitcoin RPC password secret
  EXPECT_NEAR(sum(e, "snapshots"), 3 * kSnapshots, 0.01);
  const double total = 3 * 70.08 + 3 * (kDataVolume + kRootVolume + kSnapshots) + 16.425 + 11.68 +
                       1.00 + 0.40 + cloudwatch + 27.00;
  EXPECT_NEAR(e.total(), total, total * 0.01);
  EXPECT_NEAR(e.total(), total, 0.01);
  // The LCU line says what it assumes.
  bool lcu = false;
  for (const auto& i : e.items)
    if (i.assumption && i.assumption->find("LCU") != std::string::npos) lcu = true;
  EXPECT_TRUE(lcu);
}

TEST(CostEstimate, SignerOnM6iXlargeWithGeneratedKeyAndSnapshots) {
  Priced p =
      price(std::string(kUsEast1) +
                "STACKS_NODE_CONFIGURATION=signer\nSTACKS_SIGNER_SECRET_ARN=none\n"
                "BITCOIN_RPC_USERNAME=u\nBITCOIN_RPC_PASSWORD=pw-1234567890\n",
            {"stacks-single-node"},
            Assumptions{.transfer_out_gb = 50, .snapshots_retained = 7, .snapshot_changed_gb = 10});
  const Estimate& e = p.estimate;
  EXPECT_NEAR(sum(e, "ec2"), 730 * 0.192, 0.01);  // m6i.xlarge, the signer default
  // Signer key + node-signer auth token (agent) + Bitcoin RPC password (deploy).
  EXPECT_NEAR(sum(e, "secretsmanager"), 3 * 0.40, 1e-9);
  // First snapshot holds the chainstate (205 GB archive × 4.3), six more 10 GB each.
  EXPECT_NEAR(sum(e, "snapshots"), (205 * 4.3 + 6 * 10) * 0.05, 0.01);
  const double alarms = p.count("AWS::CloudWatch::Alarm");
  const double cloudwatch =
      alarms * 0.10 + 3.00 + 15 * 0.30 + 35 * 0.30 + 7 * 0.30 + 2 * 0.50;  // + signer_up
  EXPECT_NEAR(sum(e, "cloudwatch"), cloudwatch, 0.01);
  const double total = 730 * 0.192 + kDataVolume + kRootVolume + 1.00 + 1.20 +
                       (205 * 4.3 + 60) * 0.05 + cloudwatch + 50 * 0.09;
  EXPECT_NEAR(e.total(), total, total * 0.01);
}

TEST(CostEstimate, Io2AndGp2VolumesUseTheirOwnRates) {
  Priced io2 = price(
      "AWS_ACCOUNT_ID=123456789012\nAWS_REGION=us-east-1\nSTACKS_DATA_VOL_TYPE=io2\n"
      "STACKS_DATA_VOL_SIZE=2048\nSTACKS_DATA_VOL_IOPS=40000\n",
      {"stacks-single-node"});
  // 32000 IOPS at 0.065, 8000 at 70 % of it.
  EXPECT_NEAR(sum(io2.estimate, "ebs"), 2048 * 0.125 + 32000 * 0.065 + 8000 * 0.0455 + 2.40, 0.01);
  Priced gp2 = price(
      "AWS_ACCOUNT_ID=123456789012\nAWS_REGION=us-east-1\nSTACKS_DATA_VOL_TYPE=gp2\n"
      "STACKS_DATA_VOL_SIZE=2048\n",
      {"stacks-single-node"});
  EXPECT_NEAR(sum(gp2.estimate, "ebs"), 2048 * 0.10 + 2.40, 0.01);
}

TEST(CostEstimate, InstanceTypeWithoutAPriceIsAUserError) {
  config::Config c =
      testing::valid_config(std::string(kUsEast1) + "STACKS_INSTANCE_TYPE=m5.metal\n");
  auto s = infra::synthesize(c, infra::deployment_order(c, {"stacks-single-node"}));
  try {
    estimate(c, templates_of(s), prices_for(bundled_prices(), "us-east-1"), {});
    FAIL() << "expected a UserError";
  } catch (const UserError& e) {
    EXPECT_EQ(e.diagnostics()[0].subject, "STACKS_INSTANCE_TYPE");
    EXPECT_THAT(e.diagnostics()[0].message, HasSubstr("m5.metal"));
  }
}

TEST(CostReport, JsonHasExactlyTheDocumentedShape) {
  Priced p = price(kUsEast1, {"stacks-single-node"});
  auto j = nlohmann::json::parse(to_json(p.estimate, bundled_prices()));
  EXPECT_EQ(j["region"], "us-east-1");
  EXPECT_EQ(j["currency"], "USD");
  EXPECT_NEAR(j["monthly_total_usd"].get<double>(), p.estimate.total(), 0.006);
  ASSERT_TRUE(j["items"].is_array());
  double sum_items = 0;
  const std::set<std::string> services = {
      "ec2", "ebs", "elb", "snapshots", "cloudwatch", "kms", "secretsmanager", "data-transfer"};
  for (const auto& i : j["items"]) {
    for (const auto& [k, v] : i.items())
      EXPECT_TRUE(k == "service" || k == "description" || k == "monthly_usd" || k == "assumption")
          << k;
    EXPECT_TRUE(services.count(i["service"].get<std::string>())) << i["service"];
    EXPECT_TRUE(i["description"].is_string());
    EXPECT_TRUE(i["monthly_usd"].is_number());
    if (i.contains("assumption")) {
      EXPECT_TRUE(i["assumption"].is_string());
    }
    sum_items += i["monthly_usd"].get<double>();
  }
  EXPECT_NEAR(sum_items, j["monthly_total_usd"].get<double>(), 0.1);
  EXPECT_EQ(j["price_table"]["date"], bundled_prices().date);
}

TEST(CostReport, TextPrintsEveryAssumptionAndTheTablesDateAndSource) {
  Priced p = price(kUsEast1, {"stacks-single-node"});
  std::string text = to_text(p.estimate, bundled_prices());
  EXPECT_THAT(text, HasSubstr("730 h"));
  EXPECT_THAT(text, HasSubstr("--assume-transfer-gb"));
  EXPECT_THAT(text, HasSubstr("--assume-snapshots-retained"));
  EXPECT_THAT(text, HasSubstr("--assume-cwagent-metrics"));
  EXPECT_THAT(text, HasSubstr(bundled_prices().date));
  EXPECT_THAT(text, HasSubstr("https://aws.amazon.com/ec2/pricing/on-demand/"));
  EXPECT_THAT(one_line(p.estimate), HasSubstr("USD/month"));
}

}  // namespace
}  // namespace snr::cost

namespace snr::cost {
namespace {

TEST(RestoreTime, LimitedByTheSlowestOfDownloadVolumeAndInstance) {
  // m5.large: 81.25 MB/s to EBS carries 205 GB × 4.3 = 881.5 GB extracted: 3.01 h.
  auto c = testing::valid_config(std::string(kUsEast1));
  RestoreTime r = restore_time(c, {});
  EXPECT_EQ(r.limit, "instance");
  EXPECT_NEAR(r.hours, 205 * 4.3 * 1000 / 81.25 / 3600, 0.01);
  // m6i.8xlarge (1250 MB/s) with 700 MiB/s gp3 (734 MB/s): the volume, 881.5 GB / 734 MB/s.
  auto big = testing::valid_config(std::string(kUsEast1) + "STACKS_INSTANCE_TYPE=m6i.8xlarge\n");
  r = restore_time(big, {});
  EXPECT_EQ(r.limit, "volume");
  EXPECT_NEAR(r.hours, 205 * 4.3 * 1000 / (700 * 1.048576) / 3600, 0.01);
  // A slow download limits everything: 205 GB at 20 MB/s.
  r = restore_time(big, Assumptions{.download_mbps = 20});
  EXPECT_EQ(r.limit, "download");
  EXPECT_NEAR(r.hours, 205.0 * 1000 / 20 / 3600, 0.01);
  // Printed as an assumption-labelled note.
  Estimate e = estimate(c, templates_of(infra::synthesize(c, infra::deployment_order(c, {}))),
                        prices_for(bundled_prices(), "us-east-1"), {});
  ASSERT_EQ(e.notes.size(), 1u);
  EXPECT_THAT(e.notes[0], HasSubstr("Chainstate restore [assumed]: about 3.0 h"));
  EXPECT_THAT(e.notes[0], HasSubstr("--assume-download-mbps"));
}

}  // namespace
}  // namespace snr::cost
