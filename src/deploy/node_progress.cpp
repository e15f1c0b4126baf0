#include "deploy/node_progress.h"

#include <fmt/format.h>

#include "aws/cloudwatch.h"
#include "aws/error.h"
#include "contract/metrics.h"

namespace snr::deploy {
namespace {

namespace m = contract::metrics;

std::vector<Point> series(aws::CloudWatchClient& cw, std::string_view metric,
                          const std::string& instance_id, aws::Timestamp now) {
  aws::GetMetricStatisticsRequest r;
  r.namespace_ = std::string(m::kNamespace);
  r.metric_name = std::string(metric);
  r.dimensions = {{std::string(m::kDimInstanceId), instance_id}};
  r.start_time = now - kProgressWindow;
  r.end_time = now;
  r.period_seconds = 60;
  r.statistics = {"Maximum"};
  std::vector<Point> out;
  for (const auto& d : cw.get_metric_statistics(r)) {
    if (!d.timestamp || !d.maximum) continue;
    out.push_back({std::chrono::duration<double>(d.timestamp->time_since_epoch()).count(),
                   *d.maximum});
  }
  return out;
}

std::optional<double> newest(const std::vector<Point>& ps) {
  if (ps.empty()) return std::nullopt;
  const Point* best = &ps.front();
  for (const auto& p : ps)
    if (p.t > best->t) best = &p;
  return best->value;
}

nlohmann::json opt(std::optional<double> v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

std::string height(std::optional<double> v) {
  return v ? fmt::format("{:.0f}", *v) : std::string("?");
}

}  // namespace

std::string human_bytes(double b) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int i = 0;
  while (b >= 1024 && i < 4) {
    b /= 1024;
    ++i;
  }
  return i == 0 ? fmt::format("{:.0f} B", b) : fmt::format("{:.1f} {}", b, units[i]);
}

NodeProgress read_node_progress(const aws::AwsContext& ctx, const std::string& instance_id,
                                aws::Timestamp now) {
  NodeProgress p;
  p.instance_id = instance_id;
  aws::CloudWatchClient cw(ctx);
  auto get = [&](std::string_view metric) -> std::vector<Point> {
    try {
      return series(cw, metric, instance_id, now);
    } catch (const aws::AwsError&) {
      return {};
    }
  };
  p.stacks = estimate_sync(get(m::kTipHeight), get(m::kNetworkTipHeight));
  p.burn_height = newest(get(m::kBurnBlockHeight));
  p.bitcoin_tip = newest(get(m::kBitcoinTipHeight));
  if (auto code = newest(get(m::kHealthStatus)))
    p.health = std::string(m::health_status_name(*code));
  p.restore = estimate_restore(get(m::kRestoreBytes), get(m::kRestoreTotalBytes),
                               get(m::kRestoreBytesPerSecond));
  return p;
}

nlohmann::json to_json(const NodeProgress& p) {
  nlohmann::json j;
  j["instance_id"] = p.instance_id;
  j["health"] = p.health.empty() ? nlohmann::json() : nlohmann::json(p.health);
  j["sync_state"] = to_string(p.stacks.state);
  j["stacks_tip_height"] = opt(p.stacks.tip);
  j["network_tip_height"] = opt(p.stacks.network_tip);
  j["percent_synced"] = opt(p.stacks.percent);
  j["blocks_behind"] = opt(p.stacks.blocks_behind);
  j["blocks_per_minute"] = opt(p.stacks.blocks_per_minute);
  j["network_blocks_per_minute"] = opt(p.stacks.network_blocks_per_minute);
  j["eta_seconds"] = opt(p.stacks.eta_seconds);
  j["burn_block_height"] = opt(p.burn_height);
  j["bitcoin_tip_height"] = opt(p.bitcoin_tip);
  if (p.restore) {
    j["restore"] = {{"bytes", p.restore->bytes},
                    {"total_bytes", opt(p.restore->total_bytes)},
                    {"percent", opt(p.restore->percent)},
                    {"bytes_per_second", p.restore->bytes_per_second},
                    {"eta_seconds", opt(p.restore->eta_seconds)}};
  } else {
    j["restore"] = nullptr;
  }
  j["stacks_version"] = p.version.empty() ? nlohmann::json() : nlohmann::json(p.version);
  j["version_warning"] =
      p.version_warning.empty() ? nlohmann::json() : nlohmann::json(p.version_warning);
  j["signer_lease_holder"] = p.lease_holder ? nlohmann::json(*p.lease_holder) : nlohmann::json();
  return j;
}

void print_progress(const NodeProgress& p, std::ostream& out) {
  const SyncEstimate& s = p.stacks;
  out << "    health: " << (p.health.empty() ? "no metrics yet" : p.health) << "\n";
  if (s.state == SyncState::no_data) {
    out << "    sync: no tip height published in the last " << kProgressWindow.count()
        << " min\n";
  } else {
    out << "    sync: Stacks tip " << height(s.tip) << " / network " << height(s.network_tip);
    if (s.percent) out << fmt::format(" ({:.1f}%)", *s.percent);
    if (s.blocks_per_minute) out << fmt::format(", {:.1f} blocks/min", *s.blocks_per_minute);
    out << ", " << to_string(s.state);
    if (s.state == SyncState::syncing) out << ", ETA " << format_eta(s.eta_seconds);
    out << "\n";
  }
  if (p.burn_height || p.bitcoin_tip)
    out << "    burn: height " << height(p.burn_height) << " / bitcoind tip "
        << height(p.bitcoin_tip) << "\n";
  if (p.restore) {
    const RestoreEstimate& r = *p.restore;
    out << "    restore: " << human_bytes(r.bytes);
    if (r.total_bytes) out << " / " << human_bytes(*r.total_bytes);
    if (r.percent) out << fmt::format(" ({:.1f}%)", *r.percent);
    out << " at " << human_bytes(r.bytes_per_second) << "/s, ETA " << format_eta(r.eta_seconds)
        << "\n";
  }
  if (!p.version.empty() || !p.version_warning.empty()) {
    out << "    version: " << (p.version.empty() ? "unknown" : p.version) << "\n";
    if (!p.version_warning.empty()) out << "    WARNING: " << p.version_warning << "\n";
  }
  if (p.lease_holder)
    out << "    signer lease: " << (*p.lease_holder ? "held by this node" : "not held") << "\n";
}

}  // namespace snr::deploy
