#include "agent/log.h"

#include <spdlog/sinks/ostream_sink.h>

#include "util/env.h"

namespace snr::agent {

std::shared_ptr<spdlog::logger> make_logger(std::ostream& err, const std::string& name) {
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(err, /*force_flush=*/true);
  auto log = std::make_shared<spdlog::logger>(name, sink);
  // systemd sets JOURNAL_STREAM for a unit whose output goes to the journal, which stamps
  // each line itself.
  const bool journal = util::env_value(util::process_environment(), "JOURNAL_STREAM").has_value();
  log->set_pattern(journal ? "%l: %v" : "%Y-%m-%dT%H:%M:%S %l: %v");
  return log;
}

}  // namespace snr::agent
