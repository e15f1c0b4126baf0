/// `snr cost --live` against a local fake of the Price List Query API (cpp-httplib,
/// 127.0.0.1) that answers as AWS documents GetProducts: JSON 1.1, target
/// AWSPriceListService.GetProducts, PriceList as an array of JSON *strings*.

#include <mutex>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "aws/context.h"
#include "aws/pricing.h"
#include "cost/live_prices.h"
#include "support/config_fixtures.h"
#include "support/local_server.h"
#include "support/run_snr.h"
#include "support/temp_dir.h"

namespace snr::cost {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

/// A PriceList product as GetProducts returns it for m5.large in us-east-1
/// (attributes and term layout of the real answer; sku and codes as AWS spells them).
json m5_large(const std::string& usd) {
  return {
      {"product",
       {{"productFamily", "Compute Instance"},
        {"attributes",
         {{"instanceType", "m5.large"},
          {"location", "US East (N. Virginia)"},
          {"locationType", "AWS Region"},
          {"regionCode", "us-east-1"},
          {"operatingSystem", "Linux"},
          {"tenancy", "Shared"},
          {"preInstalledSw", "NA"},
          {"capacitystatus", "Used"},
          {"licenseModel", "No License required"},
          {"usagetype", "BoxUsage:m5.large"},
          {"operation", "RunInstances"},
          {"vcpu", "2"},
          {"memory", "8 GiB"},
          {"servicecode", "AmazonEC2"}}},
        {"sku", "2WTMTR9HDDT7AA73"}}},
      {"serviceCode", "AmazonEC2"},
      {"terms",
       {{"OnDemand",
         {{"2WTMTR9HDDT7AA73.JRTCKXETXF",
           {{"priceDimensions",
             {{"2WTMTR9HDDT7AA73.JRTCKXETXF.6YS6EN2CT7",
               {{"unit", "Hrs"},
                {"endRange", "Inf"},
                {"description", "$" + usd + " per On Demand Linux m5.large Instance Hour"},
                {"appliesTo", json::array()},
                {"rateCode", "2WTMTR9HDDT7AA73.JRTCKXETXF.6YS6EN2CT7"},
                {"beginRange", "0"},
                {"pricePerUnit", {{"USD", usd}}}}}}},
            {"sku", "2WTMTR9HDDT7AA73"},
            {"effectiveDate", "2026-06-01T00:00:00Z"},
            {"offerTermCode", "JRTCKXETXF"},
            {"termAttributes", json::object()}}}}}}},
      {"version", "20260601000000"},
      {"publicationDate", "2026-06-01T00:00:00Z"}};
}

json gp3_storage(const std::string& usd) {
  json p = m5_large(usd);
  p["product"] = {{"productFamily", "Storage"},
                  {"attributes",
                   {{"volumeApiName", "gp3"},
                    {"location", "US East (N. Virginia)"},
                    {"usagetype", "EBS:VolumeUsage.gp3"},
                    {"servicecode", "AmazonEC2"}}},
                  {"sku", "7U7TWP44UP36AT3R"}};
  p["terms"]["OnDemand"]["2WTMTR9HDDT7AA73.JRTCKXETXF"]["priceDimensions"]
   ["2WTMTR9HDDT7AA73.JRTCKXETXF.6YS6EN2CT7"]["unit"] = "GB-Mo";
  return p;
}

/// The fake: answers the products whose filters all match, split over two pages.
struct FakePriceList {
  snr::test::LocalServer http;
  std::mutex mu;
  std::vector<json> requests;
  std::string ec2_usd = "0.0960000000";
  bool know_gp3 = true;

  FakePriceList() {
    http.server.Post("/", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu);
      json in = json::parse(req.body);
      requests.push_back(in);
      if (req.get_header_value("X-Amz-Target") != "AWSPriceListService.GetProducts" ||
          req.get_header_value("Content-Type") != "application/x-amz-json-1.1" ||
          req.get_header_value("Authorization").find("/us-east-1/pricing/aws4_request") ==
              std::string::npos) {
        res.status = 400;
        res.set_content(R"({"__type":"InvalidParameterException","Message":"bad request"})",
                        "application/x-amz-json-1.1");
        return;
      }
      std::map<std::string, std::string> f;
      for (const auto& x : in["Filters"])
        if (x["Type"] == "TERM_MATCH") f[x["Field"]] = x["Value"];
      json list = json::array();
      const bool ec2 = f["instanceType"] == "m5.large" &&
                       f["location"] == "US East (N. Virginia)" && f["operatingSystem"] == "Linux" &&
                       f["tenancy"] == "Shared" && f["preInstalledSw"] == "NA" &&
                       f["capacitystatus"] == "Used";
      const bool gp3 = know_gp3 && f["volumeApiName"] == "gp3" &&
                       f["location"] == "US East (N. Virginia)";
      json out = {{"FormatVersion", "aws_v1"}};
      if (!in.contains("NextToken") && (ec2 || gp3)) {
        // First page empty with a token, as the API may answer.
        out["PriceList"] = json::array();
        out["NextToken"] = "page-2";
      } else {
        if (ec2) list.push_back(m5_large(ec2_usd).dump());  // strings, not objects
        if (gp3) list.push_back(gp3_storage("0.0800000000").dump());
        out["PriceList"] = list;
      }
      res.set_content(out.dump(), "application/x-amz-json-1.1");
    });
    http.start();
  }

  aws::AwsContext context() {
    util::Environment env;
    env["AWS_ACCESS_KEY_ID"] = "AKIAFAKEPRICING00000";
    env["AWS_SECRET_ACCESS_KEY"] = "fake-secret-for-the-price-list-fake";
    env["AWS_ENDPOINT_URL_PRICING"] = http.url();
    env["AWS_CONFIG_FILE"] = "/nonexistent/config";
    env["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials";
    aws::AwsOptions o;
    o.region = "us-east-1";
    return aws::make_context(o, env);
  }
};

constexpr const char* kEnv = "AWS_ACCOUNT_ID=123456789012\nAWS_REGION=us-east-1\n";

TEST(LivePrices, TakesTheInstanceAndVolumePricesFromGetProducts) {
  FakePriceList fake;
  fake.ec2_usd = "0.0970000000";  // differs from the bundled 0.096: proves it is used
  aws::PricingClient client(fake.context());
  auto c = testing::valid_config(kEnv);
  LivePrices lp = live_prices(c, prices_for(bundled_prices(), "us-east-1"), client);
  EXPECT_TRUE(lp.warnings.empty()) << lp.warnings[0];
  EXPECT_DOUBLE_EQ(*lp.prices.ec2("m5.large"), 0.097);
  EXPECT_DOUBLE_EQ(lp.prices.gp3_gb_month, 0.08);
  EXPECT_THAT(lp.answered, ::testing::Contains("m5.large: 0.097 USD/h"));
  // The EC2 query had every filter, each TERM_MATCH, and followed NextToken.
  std::lock_guard lock(fake.mu);
  ASSERT_GE(fake.requests.size(), 4u);
  const json& first = fake.requests[0];
  EXPECT_EQ(first["ServiceCode"], "AmazonEC2");
  std::set<std::string> fields;
  for (const auto& f : first["Filters"])
    fields.insert(f["Field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"instanceType", "location", "operatingSystem",
                                           "tenancy", "preInstalledSw", "capacitystatus"}));
  EXPECT_EQ(fake.requests[1]["NextToken"], "page-2");
}

TEST(LivePrices, FallsBackToTheBundledPriceWithAWarning) {
  FakePriceList fake;
  fake.know_gp3 = false;
  aws::PricingClient client(fake.context());
  auto c = testing::valid_config(std::string(kEnv) + "STACKS_INSTANCE_TYPE=m6i.large\n");
  LivePrices lp = live_prices(c, prices_for(bundled_prices(), "us-east-1"), client);
  ASSERT_EQ(lp.warnings.size(), 2u);
  EXPECT_THAT(lp.warnings[0], HasSubstr("m6i.large"));
  EXPECT_THAT(lp.warnings[0], HasSubstr("bundled price"));
  EXPECT_THAT(lp.warnings[1], HasSubstr("gp3"));
  EXPECT_DOUBLE_EQ(*lp.prices.ec2("m6i.large"), 0.096);
  EXPECT_DOUBLE_EQ(lp.prices.gp3_gb_month, 0.08);
}

TEST(LivePrices, SnrCostLiveUsesTheApiAndSaysSo) {
  FakePriceList fake;
  fake.ec2_usd = "0.0970000000";
  testing::TempDir dir;
  auto env = dir.write(".env", kEnv);
  auto r = testing::run_snr({"cost", "--live", "--json", "--env", env.string(),
                             "stacks-single-node"},
                            {{"AWS_ACCESS_KEY_ID", "AKIAFAKEPRICING00000"},
                             {"AWS_SECRET_ACCESS_KEY", "fake-secret-for-the-price-list-fake"},
                             {"AWS_ENDPOINT_URL_PRICING", fake.http.url()}});
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = json::parse(r.out);
  bool ec2 = false;
  for (const auto& i : j["items"]) {
    if (i["service"] == "ec2") {
      ec2 = true;
      EXPECT_NEAR(i["monthly_usd"].get<double>(), 730 * 0.097, 0.005);
    }
  }
  EXPECT_TRUE(ec2);
  EXPECT_THAT(j["notes"].dump(), HasSubstr("pricing:GetProducts"));
  EXPECT_THAT(j["notes"].dump(), HasSubstr("m5.large: 0.097 USD/h"));
}

TEST(LivePrices, OnDemandUsdReadsThePriceDimension) {
  EXPECT_DOUBLE_EQ(*aws::on_demand_usd(m5_large("0.0960000000")), 0.096);
  EXPECT_EQ(aws::on_demand_usd(json::object()), std::nullopt);
  EXPECT_EQ(aws::on_demand_usd(m5_large("n/a")), std::nullopt);
}

}  // namespace
}  // namespace snr::cost
