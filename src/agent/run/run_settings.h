#pragma once
/// RunOptions from the deployment settings (what the stack configured).

#include "agent/run/runner.h"
#include "config/deployment_settings.h"

namespace snr::agent {

/// Node RPC and signer URLs on loopback from the configured ports, health
/// thresholds from Config.monitoring, the data mount, the dimension sets.
RunOptions run_options_from_settings(const config::DeploymentSettings& s);

}  // namespace snr::agent
