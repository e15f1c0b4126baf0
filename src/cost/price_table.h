#pragma once
/// The AWS list prices `snr cost` uses, bundled with the binary: per region, the
/// services the stacks create. On-demand, Linux, shared tenancy, USD, no free tier.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace snr::cost {

/// One region's prices. Field names say the unit.
struct RegionPrices {
  std::string region;    ///< "us-east-1"
  std::string location;  ///< the Price List API's "location": "US East (N. Virginia)"
  std::map<std::string, double> ec2_hourly;  ///< "m5.large" -> USD per hour
  double gp3_gb_month = 0;
  double gp3_iops_month = 0;  ///< per provisioned IOPS above 3,000
  double gp3_mbps_month = 0;  ///< per provisioned MB/s above 125
  double gp2_gb_month = 0;
  double io1_gb_month = 0;
  double io1_iops_month = 0;
  double io2_gb_month = 0;
  double io2_iops_month = 0;  ///< first tier (up to 32,000 IOPS)
  double snapshot_gb_month = 0;
  double alb_hour = 0;
  double alb_lcu_hour = 0;
  double cw_metric_month = 0;  ///< custom metric, first 10,000
  double cw_alarm_month = 0;   ///< standard resolution, per metric
  double cw_dashboard_month = 0;
  double cw_logs_ingest_gb = 0;
  double kms_key_month = 0;
  double secret_month = 0;
  double transfer_out_gb = 0;  ///< to the Internet, first 10 TB tier

  /// The hourly price of an instance type, or nullopt when the table has none.
  std::optional<double> ec2(std::string_view instance_type) const;
};

struct PriceTable {
  std::string date;    ///< when the prices were taken, "2026-06-30"
  std::string source;  ///< where from (URLs), printed with every estimate
  std::vector<RegionPrices> regions;

  const RegionPrices* find(std::string_view region) const;
  /// Covered region names, sorted.
  std::vector<std::string> region_names() const;
};

/// The table compiled into the binary.
const PriceTable& bundled_prices();

/// The prices of `region`; throws snr::UserError naming AWS_REGION (exit 2) and
/// listing the covered regions when the bundled table has none.
const RegionPrices& prices_for(const PriceTable& table, std::string_view region);

}  // namespace snr::cost
