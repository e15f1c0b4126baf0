#pragma once
/// The AWS Price List Query API (JSON 1.1, target AWSPriceListService): GetProducts.
/// Its endpoints live in us-east-1 (and eu-central-1, ap-south-1) whatever the
/// region priced; the client always signs for us-east-1.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/context.h"
#include "aws/json_protocol.h"

namespace snr::aws {

/// A TERM_MATCH filter: the product attribute `field` equals `value`.
struct PriceFilter {
  std::string field;
  std::string value;
};

class PricingClient {
 public:
  explicit PricingClient(const AwsContext& context);

  /// GetProducts of `service_code` ("AmazonEC2") matching every filter, all pages up
  /// to `max_pages`; each PriceList entry (the API answers JSON *strings*) parsed.
  /// Throws snr::Failure when an entry is not a JSON document.
  std::vector<nlohmann::json> get_products(const std::string& service_code,
                                           const std::vector<PriceFilter>& filters,
                                           int max_pages = 5);

 private:
  JsonClient json_;
};

/// The USD price of the first OnDemand price dimension of a PriceList product
/// ({"product", "terms": {"OnDemand": {sku.offer: {"priceDimensions": {…:
/// {"pricePerUnit": {"USD": "0.0960000000"}}}}}}}), or nullopt.
std::optional<double> on_demand_usd(const nlohmann::json& product);

}  // namespace snr::aws
