#pragma once
/// Runs a program (no shell) and captures its output.

#include <string>
#include <vector>

#include "agent/bootstrap/host_ops.h"

namespace snr::agent {

/// Runs argv[0] (searched on PATH) with stdin from /dev/null. Throws
/// snr::Failure when it cannot be started at all (exit code 127 otherwise
/// means "not found" as in a shell).
CommandOutput run_process(const std::vector<std::string>& argv);

/// "a b 'c d'": argv for messages and plans.
std::string quote_command(const std::vector<std::string>& argv);

}  // namespace snr::agent
