#pragma once
/// `snr cost --live`: the prices this configuration needs asked of AWS's Price
/// List Query API (pricing:GetProducts); anything it does not find keeps the
/// bundled price, with a warning.

#include <string>
#include <vector>

#include "aws/pricing.h"
#include "config/config.h"
#include "cost/price_table.h"

namespace snr::cost {

struct LivePrices {
  RegionPrices prices;                ///< the bundled region, with what the API answered
  std::vector<std::string> answered;  ///< what came from the API ("m5.large: 0.096 USD/h")
  std::vector<std::string> warnings;  ///< what fell back to the bundled table, and why
};

/// Asks for the instance type's on-demand Linux price (instanceType, location,
/// operatingSystem Linux, tenancy Shared, preInstalledSw NA, capacitystatus Used) and
/// the GB-month price of the data and root volumes' types (volumeApiName).
LivePrices live_prices(const config::Config& config, const RegionPrices& bundled,
                       aws::PricingClient& client);

}  // namespace snr::cost
