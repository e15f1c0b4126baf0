#pragma once
/// The Amazon CloudWatch agent (AL2023 package amazon-cloudwatch-agent) does
/// the OS side: CPU, memory, disk (disk_used_percent of the data volume mount,
/// dimensions exactly {InstanceId, path} / {AutoScalingGroupName, path} as the
/// alarms expect), network, and ships /var/log/stacks/*.log to the stack's log
/// group. snr only writes its JSON configuration and (re)starts it.

#include <string>

#include <nlohmann/json.hpp>

#include "contract/settings_document.h"

namespace snr::agent {

inline constexpr const char* kCwAgentConfigFile =
    "/opt/aws/amazon-cloudwatch-agent/etc/snr-cloudwatch-agent.json";
inline constexpr const char* kCwAgentCtl =
    "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl";

struct CwAgentInputs {
  contract::DeploymentKind kind = contract::DeploymentKind::single_node;
  std::string log_group;
  std::string mount_point;  ///< the document's data_volume.mount_point
  bool signer = false;      ///< ship stacks-signer.log too
};

nlohmann::json cloudwatch_agent_config(const CwAgentInputs& in);

}  // namespace snr::agent
