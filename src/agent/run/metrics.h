#pragma once
/// The metrics one sample yields (names: contract/metrics.h, shared with the
/// dashboards and alarms).

#include <optional>
#include <string>
#include <vector>

#include "agent/run/health.h"
#include "agent/run/node_sample.h"
#include "aws/cloudwatch.h"

namespace snr::agent {

/// One value of one metric, before dimensions.
struct Measurement {
  std::string name;
  double value = 0;
  std::string unit;  ///< CloudWatch unit: "Count", "Seconds", "Percent", "None"
};

/// stacks_node_up, stacks_node_synced and stacks_node_fully_synced always;
/// the heights, lag, tip age, peers, disk and signer when known.
std::vector<Measurement> derive_measurements(const NodeSample& sample,
                                             std::optional<std::chrono::seconds> tip_age,
                                             const HealthVerdict& verdict);

/// Each measurement once per dimension set, timestamped with the sample time.
/// A dimension set names dimensions ("InstanceId", "AutoScalingGroupName");
/// a set naming a dimension without a value in `values` is skipped.
std::vector<aws::MetricDatum> to_datums(const std::vector<Measurement>& measurements, SystemTime at,
                                        const std::vector<std::vector<std::string>>& dimension_sets,
                                        const std::vector<aws::Dimension>& values);

}  // namespace snr::agent
