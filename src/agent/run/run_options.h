#pragma once
/// RunOptions of `snr agent run` from the settings document (what the stack configured).

#include "agent/run/runner.h"
#include "contract/settings_document.h"

namespace snr::agent {

/// Node RPC and signer URLs on loopback from the configured ports, health
/// thresholds from Config.monitoring, the data mount, the dimension sets.
RunOptions run_options_from_document(const contract::SettingsDocument& s);

}  // namespace snr::agent
