#pragma once
/// The agent's own view as Prometheus text exposition (GET /metrics).

#include <cstdint>
#include <string>
#include <vector>

#include "agent/run/metrics.h"

namespace snr::agent {

/// Counters about the agent itself.
struct AgentCounters {
  std::uint64_t samples = 0;
  std::uint64_t published = 0;
  std::uint64_t publish_failures = 0;
  std::uint64_t dropped = 0;
  std::uint64_t pending = 0;
};

/// "# TYPE name gauge\nname value\n" per measurement (names as in CloudWatch),
/// plus stacks_node_health_status{status="..."} 1 and the snr_agent_* counters.
std::string prometheus_text(const std::vector<Measurement>& measurements,
                            const std::string& health_status, const AgentCounters& counters);

}  // namespace snr::agent
