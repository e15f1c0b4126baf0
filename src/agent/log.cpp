#include "agent/log.h"

#include <cstdlib>

#include <spdlog/sinks/ostream_sink.h>

namespace snr::agent {

std::shared_ptr<spdlog::logger> make_logger(std::ostream& err, const std::string& name) {
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(err, /*force_flush=*/true);
  auto log = std::make_shared<spdlog::logger>(name, sink);
  const bool journal = std::getenv("JOURNAL_STREAM") != nullptr;
  log->set_pattern(journal ? "%l: %v" : "%Y-%m-%dT%H:%M:%S %l: %v");
  return log;
}

}  // namespace snr::agent
