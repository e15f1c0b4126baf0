#pragma once
/// The monthly cost of one configuration, computed from the Config and the
/// templates it synthesizes (what is deployed, counted resource by resource),
/// priced with a RegionPrices table.

#include <optional>
#include <string>
#include <vector>

#include "cfn/intrinsics.h"
#include "config/config.h"
#include "cost/price_table.h"
#include "infra/synth.h"

namespace snr::cost {

/// Hours in a month, as AWS's pricing calculator counts them.
inline constexpr double kHoursPerMonth = 730;

/// How much a zstd chainstate archive grows when extracted (docs/chainstate-restore.md:
/// ~205 GB -> ~850-900 GB; the restore's own default factor).
inline constexpr double kZstdExpansion = 4.3;

/// What the templates cannot say; each is printed and settable
/// (`snr cost --assume-…` or the SNR_COST_… variable of the same name).
struct Assumptions {
  double transfer_out_gb = 100;     ///< P2P and RPC traffic to the Internet, per node and month
  double snapshots_retained = -1;   ///< snapshots kept per data volume; < 0: STACKS_SNAPSHOT_RETAIN
  double snapshot_changed_gb = 20;  ///< data changed between two snapshots
  double alb_lcu = 1;               ///< load balancer capacity units used on average
  double log_gb = 2;                ///< CloudWatch Logs ingested per node and month
  double cwagent_metrics = 35;      ///< CloudWatch agent metrics per node (its config's count)
  double download_mbps = 200;       ///< chainstate archive download rate, MB/s
  /// Compressed chainstate archive size, GB (docs/chainstate-restore.md: ~205 GB zstd
  /// for mainnet); 0: the network's default.
  double archive_gb = 0;
};

/// One line of the estimate.
struct LineItem {
  std::string service;  ///< "ec2", "ebs", "elb", "snapshots", "cloudwatch", "secretsmanager", "kms", "data-transfer"
  std::string description;
  double monthly_usd = 0;
  std::optional<std::string> assumption;  ///< what it takes for granted, when anything
};

struct Estimate {
  std::string region;
  std::vector<LineItem> items;
  std::vector<std::string> notes;  ///< printed after the lines (restore time, …)
  double total() const;
};

/// The stacks' templates as synthesized, by stack id.
struct StackTemplate {
  std::string id;
  cfn::Json json;
};

/// A number as the descriptions print it: "%.6g" (0.096, 2048, 0.0225).
std::string format_number(double v);

/// The synthesized stacks' templates.
std::vector<StackTemplate> templates_of(const infra::Synthesis& synthesis);

/// Prices every resource of `stacks` for `config`. Throws snr::UserError naming
/// STACKS_INSTANCE_TYPE when the table has no price for the instance type.
/// The compressed archive size assumed: `assume.archive_gb`, else ~205 GB for mainnet
/// (docs/chainstate-restore.md) and 30 GB for testnet (a guess, labelled so).
double archive_gb(const config::Config& config, const Assumptions& assume);

/// The expected chainstate restore: the archive streams through the slowest of the
/// download, the volume's throughput and the instance's EBS bandwidth (both of which
/// carry the extracted bytes, kZstdExpansion times the archive).
struct RestoreTime {
  double archive_gb = 0;
  double extracted_gb = 0;
  double download_mbps = 0;
  double volume_mbps = 0;    ///< the data volume's throughput, MB/s
  double instance_mbps = 0;  ///< the instance's EBS baseline, MB/s; 0: unknown
  double hours = 0;
  std::string limit;  ///< "download", "volume" or "instance"
};
RestoreTime restore_time(const config::Config& config, const Assumptions& assume);

Estimate estimate(const config::Config& config, const std::vector<StackTemplate>& stacks,
                  const RegionPrices& prices, const Assumptions& assume);

}  // namespace snr::cost
