#include "agent/run/metrics.h"

#include <algorithm>

#include "contract/metrics.h"

namespace snr::agent {

namespace m = contract::metrics;

std::vector<Measurement> derive_measurements(const NodeSample& s,
                                             std::optional<std::chrono::seconds> tip_age,
                                             const HealthVerdict& verdict) {
  std::vector<Measurement> out;
  auto add = [&](std::string_view name, double value, const char* unit) {
    out.push_back({std::string(name), value, unit});
  };
  add(m::kNodeUp, s.rpc_up ? 1 : 0, "None");
  // Synced once the healthy judgement has held (SyncGate), as the HA gate needs it.
  add(m::kSynced, verdict.in_service ? 1 : 0, "None");
  add(m::kNetworkStalled, verdict.status == HealthStatus::network_stalled ? 1 : 0, "None");
  add(m::kHealthStatus, m::health_status_code(to_string(verdict.status)), "None");
  if (s.info) {
    add(m::kFullySynced, s.info->is_fully_synced ? 1 : 0, "None");
    add(m::kTipHeight, static_cast<double>(s.info->stacks_tip_height), "Count");
    add(m::kBurnBlockHeight, static_cast<double>(s.info->burn_block_height), "Count");
  } else {
    add(m::kFullySynced, 0, "None");
  }
  if (s.peer_health) {
    add(m::kBlocksBehindPeers, static_cast<double>(s.peer_health->difference_from_max_peer),
        "Count");
    // 0 until the node has heard a peer's height, or an implausible (ignored) peer: not a
    // network tip.
    if (s.peer_health->max_stacks_height_of_neighbors > 0 && !verdict.peer_ignored)
      add(m::kNetworkTipHeight, static_cast<double>(s.peer_health->max_stacks_height_of_neighbors),
          "Count");
  }
  if (s.bitcoin) add(m::kBitcoinTipHeight, static_cast<double>(s.bitcoin->blocks), "Count");
  if (tip_age) add(m::kTipAgeSeconds, static_cast<double>(tip_age->count()), "Seconds");
  if (s.peers) {
    add(m::kPeersInbound, static_cast<double>(s.peers->inbound), "Count");
    add(m::kPeersOutbound, static_cast<double>(s.peers->outbound), "Count");
  }
  if (s.disk) add(m::kDataUsedPercent, s.disk->used_percent, "Percent");
  if (s.signer_up) add(m::kSignerUp, *s.signer_up ? 1 : 0, "None");
  return out;
}

std::vector<aws::MetricDatum> to_datums(const std::vector<Measurement>& measurements, SystemTime at,
                                        const std::vector<std::vector<std::string>>& dimension_sets,
                                        const std::vector<aws::Dimension>& values) {
  std::vector<std::vector<aws::Dimension>> sets;
  for (const auto& names : dimension_sets) {
    std::vector<aws::Dimension> dims;
    bool complete = true;
    for (const auto& n : names) {
      auto it = std::find_if(values.begin(), values.end(),
                             [&](const aws::Dimension& d) { return d.name == n; });
      if (it == values.end() || it->value.empty()) {
        complete = false;
        break;
      }
      dims.push_back(*it);
    }
    if (complete) sets.push_back(std::move(dims));
  }
  std::vector<aws::MetricDatum> out;
  out.reserve(measurements.size() * sets.size());
  for (const auto& dims : sets) {
    for (const Measurement& x : measurements) {
      aws::MetricDatum d;
      d.name = x.name;
      d.value = x.value;
      d.unit = x.unit;
      d.timestamp = at;
      d.dimensions = dims;
      out.push_back(std::move(d));
    }
  }
  return out;
}

}  // namespace snr::agent
