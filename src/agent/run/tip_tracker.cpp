#include "agent/run/tip_tracker.h"

namespace snr::agent {

void TipTracker::observe(std::uint64_t height, SystemTime at) {
  if (!height_ || height != *height_) {
    // A lower height (a reorg, or a restored node) is a change too.
    height_ = height;
    changed_at_ = at;
  }
}

std::optional<std::chrono::seconds> TipTracker::age(SystemTime now) const {
  if (!height_) return std::nullopt;
  auto d = std::chrono::duration_cast<std::chrono::seconds>(now - changed_at_);
  return d.count() < 0 ? std::chrono::seconds(0) : d;
}

}  // namespace snr::agent
