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
  const std::string minutes = std::to_string(c.monitoring.health_max_tip_age_min) + " minutes";
  // During a stall of the whole network this alarm fires too: it must not send
  // the operator to replace nodes that are fine.
  add_alarm(t, one ? "NodeNotAdvancingAlarm" : "NodesNotAdvancingAlarm", ids::kAlarmTopic,
            {.description = std::string(one ? "The Stacks tip has not advanced for "
                                            : "No node's Stacks tip has advanced for ") +
                            minutes +
                            ". If NetworkStalledAlarm is in ALARM too, the whole Stacks network "
                            "is stalled: do not replace " +
                            (one ? "the node" : "nodes") +
                            "; otherwise the agent's log (/health reason) says why.",
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
  // The agent's network-stalled judgement (/health stays 200): notify only, never
  // a recovery or scaling action. For a group, Maximum over its nodes' datapoints
  // (the agent publishes the group dimension too): any node seeing the stall.
  add_alarm(
      t, "NetworkStalledAlarm", ids::kAlarmTopic,
      {.description =
           std::string(one ? "The Stacks node reports" : "The nodes report") +
           " the whole Stacks network stalled: the tip has not advanced for " + minutes +
           " and neither have the peers nor the Bitcoin reference. " +
           (one ? "Nothing is wrong with this node: it keeps serving the last tip. Do not "
                  "replace or restart it, that would not help. "
                : "Nothing is wrong with the nodes: they keep serving the last tip and stay "
                  "in service on purpose. Do not replace or restart them, that would not "
                  "help. ") +
           "Check the Stacks status page (status.hiro.so) and Bitcoin (the bitcoind the "
           "node uses, a block explorer). The alarm clears by itself when blocks resume.",
       .namespace_name = std::string(m::kNamespace),
       .metric = std::string(m::kNetworkStalled),
       .dimensions = dimensions,
       .statistic = "Maximum",
       .period = 60,
       .evaluation_periods = 3,
       .datapoints = 3,
       .threshold = 1,
       .comparison = "GreaterThanOrEqualToThreshold",
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
