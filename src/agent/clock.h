#pragma once
/// Time as the agent sees it, injectable so tests never sleep for minutes.

#include <chrono>

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

}  // namespace snr::agent
