#include "agent/run/prometheus.h"

#include <fmt/format.h>

#include "aws/cloudwatch.h"

namespace snr::agent {
namespace {

std::string value(double v) {
  return aws::format_double(v);
}

}  // namespace

std::string prometheus_text(const std::vector<Measurement>& measurements,
                            const std::string& health_status, const AgentCounters& c) {
  std::string out;
  for (const Measurement& m : measurements) {
    out += fmt::format("# TYPE {} gauge\n{} {}\n", m.name, m.name, value(m.value));
  }
  out += fmt::format(
      "# HELP stacks_node_health_status The agent's health verdict (GET /health).\n"
      "# TYPE stacks_node_health_status gauge\nstacks_node_health_status{{status=\"{}\"}} 1\n",
      health_status);
  auto counter = [&](const char* name, const char* help, std::uint64_t v) {
    out += fmt::format("# HELP {} {}\n# TYPE {} counter\n{} {}\n", name, help, name, name, v);
  };
  counter("snr_agent_samples_total", "Samples taken of the node.", c.samples);
  counter("snr_agent_published_total", "Datapoints accepted by CloudWatch.", c.published);
  counter("snr_agent_publish_failures_total", "Failed PutMetricData calls.", c.publish_failures);
  counter("snr_agent_dropped_total", "Datapoints dropped (buffer full or rejected).", c.dropped);
  out += fmt::format(
      "# HELP snr_agent_pending Datapoints waiting to be published.\n"
      "# TYPE snr_agent_pending gauge\nsnr_agent_pending {}\n",
      c.pending);
  return out;
}

}  // namespace snr::agent
