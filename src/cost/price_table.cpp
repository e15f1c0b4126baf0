#include "cost/price_table.h"

#include <algorithm>
#include <array>

#include "config/instance_types.h"
#include "util/error.h"
#include "util/strings.h"

namespace snr::cost {
namespace {

/// Families priced per region, each by its ".large" price; other sizes scale
/// with the vCPUs (burstable families with the memory), as AWS's list prices do.
constexpr std::array<std::string_view, 15> kFamilies = {
    "m5", "m6i", "m7i", "m6a", "c5", "c6i", "r5", "r6i", "t3",
    "m6g", "m7g", "c6g", "c7g", "r6g", "t4g"};

struct RegionRow {
  std::string_view region;
  std::string_view location;
  std::array<double, kFamilies.size()> large;  ///< USD/h of <family>.large, kFamilies' order
  // EBS: gp3 GB, IOPS, MB/s; gp2 GB; io1 GB, IOPS; io2 GB, IOPS; snapshot GB.
  double gp3_gb, gp3_iops, gp3_mbps, gp2_gb, io1_gb, io1_iops, io2_gb, io2_iops, snapshot_gb;
  double alb_hour, alb_lcu_hour;
  double cw_logs_ingest_gb;
  double transfer_out_gb;
};

// clang-format off
//                                     m5     m6i    m7i     m6a     c5     c6i    r5     r6i    t3      m6g     m7g     c6g     c7g     r6g     t4g
constexpr std::array kRows = {
    RegionRow{"us-east-1", "US East (N. Virginia)",
              {0.096, 0.096, 0.1008, 0.0864, 0.085, 0.085, 0.126, 0.126, 0.0832, 0.077, 0.0816, 0.068, 0.0725, 0.1008, 0.0672},
              0.08, 0.005, 0.04, 0.10, 0.125, 0.065, 0.125, 0.065, 0.05, 0.0225, 0.008, 0.50, 0.09},
    RegionRow{"us-east-2", "US East (Ohio)",
              {0.096, 0.096, 0.1008, 0.0864, 0.085, 0.085, 0.126, 0.126, 0.0832, 0.077, 0.0816, 0.068, 0.0725, 0.1008, 0.0672},
              0.08, 0.005, 0.04, 0.10, 0.125, 0.065, 0.125, 0.065, 0.05, 0.0225, 0.008, 0.50, 0.09},
    RegionRow{"us-west-1", "US West (N. California)",
              {0.112, 0.112, 0.1176, 0.1008, 0.106, 0.106, 0.148, 0.148, 0.0992, 0.0896, 0.0952, 0.0848, 0.0904, 0.1184, 0.0792},
              0.096, 0.006, 0.048, 0.12, 0.138, 0.072, 0.138, 0.072, 0.055, 0.0252, 0.008, 0.50, 0.09},
    RegionRow{"us-west-2", "US West (Oregon)",
              {0.096, 0.096, 0.1008, 0.0864, 0.085, 0.085, 0.126, 0.126, 0.0832, 0.077, 0.0816, 0.068, 0.0725, 0.1008, 0.0672},
              0.08, 0.005, 0.04, 0.10, 0.125, 0.065, 0.125, 0.065, 0.05, 0.0225, 0.008, 0.50, 0.09},
    RegionRow{"ca-central-1", "Canada (Central)",
              {0.107, 0.107, 0.1124, 0.0963, 0.093, 0.093, 0.14, 0.14, 0.0928, 0.086, 0.0912, 0.0744, 0.0793, 0.112, 0.0744},
              0.088, 0.0055, 0.044, 0.11, 0.138, 0.072, 0.138, 0.072, 0.055, 0.02475, 0.0088, 0.55, 0.09},
    RegionRow{"eu-west-1", "EU (Ireland)",
              {0.107, 0.107, 0.1124, 0.0963, 0.096, 0.096, 0.141, 0.141, 0.0912, 0.086, 0.0912, 0.077, 0.0821, 0.1128, 0.0736},
              0.088, 0.0055, 0.044, 0.11, 0.138, 0.072, 0.138, 0.072, 0.05, 0.0252, 0.008, 0.57, 0.09},
    RegionRow{"eu-west-2", "EU (London)",
              {0.111, 0.111, 0.1166, 0.0999, 0.101, 0.101, 0.148, 0.148, 0.0944, 0.0888, 0.0944, 0.0808, 0.0861, 0.1184, 0.0752},
              0.0928, 0.0058, 0.0464, 0.116, 0.145, 0.076, 0.145, 0.076, 0.053, 0.02646, 0.0084, 0.5985, 0.09},
    RegionRow{"eu-central-1", "EU (Frankfurt)",
              {0.115, 0.115, 0.1208, 0.1035, 0.097, 0.097, 0.152, 0.152, 0.096, 0.092, 0.0976, 0.0776, 0.0826, 0.1216, 0.0768},
              0.0952, 0.006, 0.048, 0.119, 0.149, 0.078, 0.149, 0.078, 0.054, 0.027, 0.008, 0.63, 0.09},
    RegionRow{"ap-northeast-1", "Asia Pacific (Tokyo)",
              {0.124, 0.124, 0.1302, 0.1116, 0.107, 0.107, 0.152, 0.152, 0.1088, 0.0992, 0.1052, 0.0856, 0.0912, 0.1216, 0.0864},
              0.096, 0.006, 0.048, 0.12, 0.142, 0.074, 0.142, 0.074, 0.05, 0.0243, 0.008, 0.76, 0.114},
    RegionRow{"ap-southeast-1", "Asia Pacific (Singapore)",
              {0.12, 0.12, 0.126, 0.108, 0.098, 0.098, 0.152, 0.152, 0.1056, 0.096, 0.1018, 0.0784, 0.0835, 0.1216, 0.0848},
              0.096, 0.006, 0.048, 0.12, 0.138, 0.072, 0.138, 0.072, 0.05, 0.0252, 0.008, 0.70, 0.12},
    RegionRow{"ap-southeast-2", "Asia Pacific (Sydney)",
              {0.12, 0.12, 0.126, 0.108, 0.111, 0.111, 0.151, 0.151, 0.1056, 0.096, 0.1018, 0.0888, 0.0946, 0.1208, 0.0848},
              0.096, 0.006, 0.048, 0.12, 0.138, 0.072, 0.138, 0.072, 0.055, 0.0252, 0.008, 0.70, 0.114},
    RegionRow{"ap-south-1", "Asia Pacific (Mumbai)",
              {0.101, 0.101, 0.1061, 0.0909, 0.085, 0.085, 0.127, 0.127, 0.0896, 0.079, 0.0838, 0.068, 0.0725, 0.0976, 0.0448},
              0.0912, 0.0057, 0.0456, 0.114, 0.131, 0.068, 0.131, 0.068, 0.05, 0.0239, 0.0076, 0.50, 0.1093},
};
// clang-format on

/// Price of a size relative to ".large"; nullopt for sizes not priced linearly (metal).
std::optional<double> size_factor(std::string_view size, bool burstable) {
  if (burstable) {
    constexpr std::array<std::pair<std::string_view, double>, 7> kBurst{{{"nano", 1.0 / 16},
                                                                         {"micro", 1.0 / 8},
                                                                         {"small", 1.0 / 4},
                                                                         {"medium", 0.5},
                                                                         {"large", 1},
                                                                         {"xlarge", 2},
                                                                         {"2xlarge", 4}}};
    for (const auto& [name, f] : kBurst)
      if (name == size) return f;
    return std::nullopt;
  }
  if (size == "medium") return 0.5;
  if (size == "large") return 1;
  if (size == "xlarge") return 2;
  if (size.size() > 6 && size.substr(size.size() - 6) == "xlarge") {
    if (auto n = util::parse_uint(size.substr(0, size.size() - 6))) return 2.0 * double(*n);
  }
  return std::nullopt;
}

RegionPrices expand(const RegionRow& r) {
  RegionPrices p;
  p.region = r.region;
  p.location = r.location;
  for (const std::string& type : config::known_instance_types()) {
    const std::size_t dot = type.find('.');
    const std::string_view family = std::string_view(type).substr(0, dot);
    const auto it = std::find(kFamilies.begin(), kFamilies.end(), family);
    if (it == kFamilies.end()) continue;
    const bool burstable = family == "t3" || family == "t4g";
    if (auto f = size_factor(std::string_view(type).substr(dot + 1), burstable))
      p.ec2_hourly[type] = r.large[static_cast<std::size_t>(it - kFamilies.begin())] * *f;
  }
  p.gp3_gb_month = r.gp3_gb;
  p.gp3_iops_month = r.gp3_iops;
  p.gp3_mbps_month = r.gp3_mbps;
  p.gp2_gb_month = r.gp2_gb;
  p.io1_gb_month = r.io1_gb;
  p.io1_iops_month = r.io1_iops;
  p.io2_gb_month = r.io2_gb;
  p.io2_iops_month = r.io2_iops;
  p.snapshot_gb_month = r.snapshot_gb;
  p.alb_hour = r.alb_hour;
  p.alb_lcu_hour = r.alb_lcu_hour;
  // The same list price in every region of the table.
  p.cw_metric_month = 0.30;
  p.cw_alarm_month = 0.10;
  p.cw_dashboard_month = 3.00;
  p.cw_logs_ingest_gb = r.cw_logs_ingest_gb;
  p.kms_key_month = 1.00;
  p.secret_month = 0.40;
  p.transfer_out_gb = r.transfer_out_gb;
  return p;
}

}  // namespace

std::optional<double> RegionPrices::ec2(std::string_view instance_type) const {
  auto it = ec2_hourly.find(std::string(instance_type));
  if (it == ec2_hourly.end()) return std::nullopt;
  return it->second;
}

const RegionPrices* PriceTable::find(std::string_view region) const {
  for (const auto& r : regions)
    if (r.region == region) return &r;
  return nullptr;
}

std::vector<std::string> PriceTable::region_names() const {
  std::vector<std::string> out;
  for (const auto& r : regions)
    out.push_back(r.region);
  std::sort(out.begin(), out.end());
  return out;
}

const PriceTable& bundled_prices() {
  static const PriceTable kTable = [] {
    PriceTable t;
    t.date = "2026-12-08";
    t.source =
        "AWS public list prices, transcribed by hand (check with snr cost --live): "
        "https://aws.amazon.com/ec2/pricing/on-demand/ (EC2, Linux, "
        "shared tenancy), https://aws.amazon.com/ebs/pricing/ (EBS, snapshots), "
        "https://aws.amazon.com/elasticloadbalancing/pricing/ (ALB), "
        "https://aws.amazon.com/cloudwatch/pricing/, https://aws.amazon.com/kms/pricing/, "
        "https://aws.amazon.com/secrets-manager/pricing/, "
        "https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer";
    for (const auto& r : kRows)
      t.regions.push_back(expand(r));
    return t;
  }();
  return kTable;
}

const RegionPrices& prices_for(const PriceTable& table, std::string_view region) {
  if (const RegionPrices* p = table.find(region)) return *p;
  std::string covered;
  for (const auto& name : table.region_names())
    covered += (covered.empty() ? "" : ", ") + name;
  throw UserError("AWS_REGION", "\"" + std::string(region) +
                                    "\" is not in snr's bundled price table (" + table.date +
                                    "); covered: " + covered +
                                    " (or ask AWS's Price List API with --live)");
}

}  // namespace snr::cost
