#include "deploy/sync_progress.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace snr::deploy {
namespace {

std::optional<Point> newest(const std::vector<Point>& points) {
  if (points.empty()) return std::nullopt;
  return *std::max_element(points.begin(), points.end(),
                           [](const Point& a, const Point& b) { return a.t < b.t; });
}

}  // namespace

const char* to_string(SyncState s) {
  switch (s) {
    case SyncState::no_data:
      return "no-data";
    case SyncState::synced:
      return "synced";
    case SyncState::syncing:
      return "syncing";
    case SyncState::not_catching:
      return "not-catching-up";
    case SyncState::stalled:
      return "stalled";
    case SyncState::unknown:
      return "unknown";
  }
  return "unknown";
}

std::optional<double> rate_per_second(std::vector<Point> points) {
  if (points.size() < 2) return std::nullopt;
  std::sort(points.begin(), points.end(), [](const Point& a, const Point& b) { return a.t < b.t; });
  const double dt = points.back().t - points.front().t;
  if (dt <= 0) return std::nullopt;
  return (points.back().value - points.front().value) / dt;
}

SyncEstimate estimate_sync(const std::vector<Point>& tip, const std::vector<Point>& network_tip) {
  SyncEstimate e;
  auto last = newest(tip);
  if (!last) return e;
  e.tip = last->value;
  auto rate = rate_per_second(tip);
  if (rate) e.blocks_per_minute = std::max(0.0, *rate) * 60;
  auto net = newest(network_tip);
  if (!net) {
    e.state = SyncState::unknown;
    return e;
  }
  e.network_tip = net->value;
  auto net_rate = rate_per_second(network_tip);
  if (net_rate) e.network_blocks_per_minute = std::max(0.0, *net_rate) * 60;
  const double behind = std::max(0.0, net->value - last->value);
  e.blocks_behind = behind;
  e.percent = net->value > 0 ? std::min(100.0, last->value / net->value * 100) : 100.0;
  if (behind == 0) {
    e.state = SyncState::synced;
    e.eta_seconds = 0;
    return e;
  }
  if (!rate || *rate <= 0) {
    e.state = SyncState::stalled;
    return e;
  }
  const double closing = *rate - (net_rate ? std::max(0.0, *net_rate) : 0.0);
  if (closing <= 0) {
    e.state = SyncState::not_catching;
    return e;
  }
  e.state = SyncState::syncing;
  e.eta_seconds = behind / closing;
  return e;
}

std::optional<RestoreEstimate> estimate_restore(const std::vector<Point>& bytes,
                                                const std::vector<Point>& total,
                                                const std::vector<Point>& rate) {
  auto b = newest(bytes);
  if (!b) return std::nullopt;
  RestoreEstimate r;
  r.bytes = b->value;
  if (auto t = newest(total); t && t->value > 0) {
    if (r.bytes >= t->value) return std::nullopt;  // finished
    r.total_bytes = t->value;
    r.percent = r.bytes / t->value * 100;
  }
  if (auto v = newest(rate)) r.bytes_per_second = std::max(0.0, v->value);
  if (r.total_bytes && r.bytes_per_second > 0)
    r.eta_seconds = (*r.total_bytes - r.bytes) / r.bytes_per_second;
  return r;
}

std::string format_eta(std::optional<double> seconds) {
  if (!seconds) return "-";
  const auto s = static_cast<long long>(std::llround(std::max(0.0, *seconds)));
  if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

}  // namespace snr::deploy
