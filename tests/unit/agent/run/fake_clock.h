#pragma once
/// A clock tests move by hand.

#include <chrono>

#include "agent/clock.h"

namespace snr::agent::testing {

class FakeClock final : public Clock {
 public:
  FakeClock()
      : now_(std::chrono::sys_days{std::chrono::year{2026} / 9 / 1} + std::chrono::hours(12)) {}
  SystemTime now() const override { return now_; }
  void advance(std::chrono::seconds d) { now_ += d; }

 private:
  SystemTime now_;
};

}  // namespace snr::agent::testing
