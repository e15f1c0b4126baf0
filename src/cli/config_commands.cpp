#include "cli/command.h"

namespace snr::cli {

void add_config_commands(CLI::App& /*app*/, Io /*io*/) {}

}  // namespace snr::cli
