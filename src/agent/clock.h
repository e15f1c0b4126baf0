#pragma once
/// Time as the agent sees it (clock, sleeping) and where it reports progress,
/// injectable so tests never sleep for minutes and can read what was said.

#include <chrono>
#include <functional>
#include <string>

namespace snr::agent {

using SystemTime = std::chrono::system_clock::time_point;

/// Wall-clock time (metric timestamps, tip age). Tests use a fake.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual SystemTime now() const = 0;
};

/// std::chrono::system_clock.
class SystemClock final : public Clock {
 public:
  SystemTime now() const override { return std::chrono::system_clock::now(); }
};

/// Waits; tests pass one that only advances a fake clock.
using Sleeper = std::function<void(std::chrono::milliseconds)>;

/// One line of progress for the operator (the journal, or a test's vector).
using LogFn = std::function<void(const std::string&)>;

}  // namespace snr::agent
