#pragma once
/// The monitoring both node stacks share: the node alarms (tip age, network
/// stalled, data volume 80 % and 90 %), the dashboard widget shape, and the outputs every
/// node stack has (region, settings parameter, log group, alarm topic).

#include <string>
#include <utility>
#include <vector>

#include "cfn/template.h"
#include "config/config.h"

namespace snr::infra {

/// Whose node metrics a stack watches: one instance (single node) or every
/// node of an Auto Scaling group (HA). Sets the alarms' ids and wording.
enum class NodeScope { instance, group };

/// Metric dimensions as add_alarm takes them: name, value.
using Dimensions = std::vector<std::pair<std::string, cfn::Json>>;

/// The tip-age alarm, the network-stalled alarm (notify only: the whole network
/// stopped, the node is fine) and the two data-volume alarms (over 80 % and 90 %
/// full) on the node metrics with `dimensions` (the instance's or the group's);
/// the volume alarms add the mount point's Path dimension.
void add_node_alarms(cfn::Template& t, const config::Config& c, NodeScope scope,
                     const Dimensions& dimensions);

/// One 8×6 time-series metric widget of a node dashboard at (x, y), one
/// point a minute.
cfn::Json dashboard_widget(int x, int y, const std::string& title, cfn::Json metrics,
                           const std::string& stat);

/// The outputs of every node stack: region, settingsparameter, loggroup,
/// alarmtopicarn.
void add_node_outputs(cfn::Template& t, NodeScope scope);

}  // namespace snr::infra
