#pragma once
/// The agent's logger: lines on stderr. Under systemd (JOURNAL_STREAM set) the
/// journal adds timestamps, so the lines carry only the level and the text.
/// Secrets never reach it: callers log names and ARNs, never values.

#include <iosfwd>
#include <memory>
#include <string>

#include <spdlog/logger.h>

namespace snr::agent {

std::shared_ptr<spdlog::logger> make_logger(std::ostream& err, const std::string& name);

}  // namespace snr::agent
