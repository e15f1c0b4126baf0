#include "infra/monitoring.h"

#include "contract/metrics.h"
#include "contract/names.h"
#include "contract/settings_document.h"
#include "infra/constructs.h"
#include "infra/node_parts.h"

namespace snr::infra {

using namespace cfn;

void add_node_alarms(Template& t, const config::Config& c, NodeScope scope,
                     const Dimensions& dimensions) {
  namespace m = contract::metrics;
  const bool one = scope == NodeScope::instance;
  add_alarm(t, one ? "NodeNotAdvancingAlarm" : "NodesNotAdvancingAlarm", ids::kAlarmTopic,
            {.description = std::string(one ? "The Stacks tip has not advanced for "
                                            : "No node's Stacks tip has advanced for ") +
                            std::to_string(c.monitoring.health_max_tip_age_min) + " minutes",
             .namespace_name = std::string(m::kNamespace),
             .metric = std::string(m::kTipAgeSeconds),
             .dimensions = dimensions,
             .statistic = "Minimum",
             .period = 60,
             .evaluation_periods = 5,
             .datapoints = 5,
             .threshold = c.monitoring.health_max_tip_age_min * 60.0,
             .comparison = "GreaterThanThreshold",
             .treat_missing_data = "missing"});
  Dimensions volume = dimensions;
  volume.emplace_back(std::string(m::kDimPath), std::string(contract::kDataMountPoint));
  for (int percent : {80, 90}) {
    add_alarm(t, "DataDiskUsage" + std::to_string(percent) + "Alarm", ids::kAlarmTopic,
              {.description = std::string(one ? "Data volume of the Stacks node is over "
                                              : "A node's data volume is over ") +
                              std::to_string(percent) + "% full",
               .namespace_name = std::string(m::kCwAgentNamespace),
               .metric = std::string(m::kDiskUsedPercent),
               .dimensions = volume,
               .statistic = "Maximum",
               .period = 300,
               .evaluation_periods = 2,
               .datapoints = 2,
               .threshold = static_cast<double>(percent),
               .comparison = "GreaterThanThreshold",
               .treat_missing_data = "missing"});
  }
}

Json dashboard_widget(int x, int y, const std::string& title, Json metrics,
                      const std::string& stat) {
  return Json{{"type", "metric"},
              {"x", x},
              {"y", y},
              {"width", 8},
              {"height", 6},
              {"properties",
               {{"title", title},
                {"view", "timeSeries"},
                {"region", "${AWS::Region}"},
                {"stat", stat},
                {"period", 60},
                {"metrics", std::move(metrics)}}}};
}

void add_node_outputs(Template& t, NodeScope scope) {
  t.add_output("region", {pseudo::region(), "Region of the stack", "", ""});
  t.add_output("settingsparameter", {cfn::ref(ids::kSettingsParameter),
                                     "SSM parameter with the deployment settings", "", ""});
  t.add_output("loggroup", {cfn::ref(ids::kNodeLogGroup),
                            scope == NodeScope::instance ? "CloudWatch Logs group of the node"
                                                         : "CloudWatch Logs group of the nodes",
                            "", ""});
  t.add_output("alarmtopicarn", {cfn::ref(ids::kAlarmTopic), "SNS topic of the alarms", "", ""});
}

}  // namespace snr::infra
