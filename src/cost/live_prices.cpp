#include "cost/live_prices.h"

#include "cost/estimate.h"

namespace snr::cost {
namespace {

std::optional<double> first_price(const std::vector<nlohmann::json>& products) {
  for (const auto& p : products)
    if (auto usd = aws::on_demand_usd(p)) return usd;
  return std::nullopt;
}

}  // namespace

LivePrices live_prices(const config::Config& c, const RegionPrices& bundled,
                       aws::PricingClient& client) {
  LivePrices out;
  out.prices = bundled;
  RegionPrices& p = out.prices;

  const std::string& type = c.instance_type;
  auto hourly = first_price(client.get_products(
      "AmazonEC2", {{"instanceType", type},
                    {"location", bundled.location},
                    {"operatingSystem", "Linux"},
                    {"tenancy", "Shared"},
                    {"preInstalledSw", "NA"},
                    {"capacitystatus", "Used"}}));
  if (hourly) {
    p.ec2_hourly[type] = *hourly;
    out.answered.push_back(type + ": " + format_number(*hourly) + " USD/h");
  } else {
    out.warnings.push_back(type + " in " + bundled.location +
                           ": not found in the Price List API; using the bundled price");
  }

  // The data volume's type and gp3 (the root volumes).
  std::vector<std::string> types = {"gp3"};
  const std::string data(node::to_string(c.data_volume.type));
  if (data != "gp3") types.push_back(data);
  for (const auto& volume : types) {
    auto gb = first_price(client.get_products("AmazonEC2", {{"productFamily", "Storage"},
                                                            {"location", bundled.location},
                                                            {"volumeApiName", volume}}));
    if (!gb) {
      out.warnings.push_back("EBS " + volume + " in " + bundled.location +
                             ": not found in the Price List API; using the bundled price");
      continue;
    }
    double* field = volume == "gp3"   ? &p.gp3_gb_month
                    : volume == "gp2" ? &p.gp2_gb_month
                    : volume == "io1" ? &p.io1_gb_month
                                      : &p.io2_gb_month;
    *field = *gb;
    out.answered.push_back("EBS " + volume + ": " + format_number(*gb) + " USD/GB-month");
  }
  return out;
}

}  // namespace snr::cost
