#pragma once
/// Remembers when the Stacks tip last advanced, to tell a stalled node from a
/// live one (a synced node whose tip stops moving is not healthy).

#include <chrono>
#include <cstdint>
#include <optional>

#include "agent/clock.h"

namespace snr::agent {

class TipTracker {
 public:
  /// The node reported `height` at `at`. The first observation (agent start)
  /// counts as an advance: the agent cannot know what happened before it.
  void observe(std::uint64_t height, SystemTime at);
  /// Seconds since the tip last advanced; nullopt before any observation.
  std::optional<std::chrono::seconds> age(SystemTime now) const;
  std::optional<std::uint64_t> height() const { return height_; }

 private:
  std::optional<std::uint64_t> height_;
  SystemTime changed_at_{};
};

}  // namespace snr::agent
