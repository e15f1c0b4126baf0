#include "aws/pricing.h"

#include <cstdlib>

#include "util/error.h"

namespace snr::aws {
namespace {

AwsContext in_us_east_1(AwsContext context) {
  context.region = "us-east-1";
  return context;
}

}  // namespace

PricingClient::PricingClient(const AwsContext& context)
    : json_(in_us_east_1(context), Service::pricing) {}

std::vector<nlohmann::json> PricingClient::get_products(const std::string& service_code,
                                                        const std::vector<PriceFilter>& filters,
                                                        int max_pages) {
  nlohmann::json in = {{"ServiceCode", service_code},
                       {"FormatVersion", "aws_v1"},
                       {"MaxResults", 100},
                       {"Filters", nlohmann::json::array()}};
  for (const auto& f : filters)
    in["Filters"].push_back({{"Type", "TERM_MATCH"}, {"Field", f.field}, {"Value", f.value}});
  std::vector<nlohmann::json> out;
  for (int page = 0; page < max_pages; ++page) {
    // Products carry every term of the SKU; a page of 100 is a few MB at most.
    nlohmann::json answer = json_.call("GetProducts", in, std::size_t{16} * 1024 * 1024);
    if (auto it = answer.find("PriceList"); it != answer.end() && it->is_array()) {
      for (const auto& item : *it) {
        if (item.is_string()) {
          auto doc = nlohmann::json::parse(item.get<std::string>(), nullptr, false);
          if (doc.is_discarded())
            throw Failure("the Price List API answered a PriceList entry that is not JSON");
          out.push_back(std::move(doc));
        } else if (item.is_object()) {
          out.push_back(item);
        }
      }
    }
    auto next = answer.find("NextToken");
    if (next == answer.end() || !next->is_string() || next->get<std::string>().empty()) break;
    in["NextToken"] = next->get<std::string>();
  }
  return out;
}

std::optional<double> on_demand_usd(const nlohmann::json& product) {
  const auto terms = product.find("terms");
  if (terms == product.end() || !terms->contains("OnDemand")) return std::nullopt;
  for (const auto& [offer, term] : (*terms)["OnDemand"].items()) {
    if (!term.contains("priceDimensions")) continue;
    for (const auto& [rate, dim] : term["priceDimensions"].items()) {
      if (!dim.contains("pricePerUnit") || !dim["pricePerUnit"].contains("USD")) continue;
      const auto& usd = dim["pricePerUnit"]["USD"];
      if (!usd.is_string()) continue;
      char* end = nullptr;
      const std::string text = usd.get<std::string>();
      const double v = std::strtod(text.c_str(), &end);
      if (end != text.c_str() && *end == '\0' && v > 0) return v;
    }
  }
  return std::nullopt;
}

}  // namespace snr::aws
