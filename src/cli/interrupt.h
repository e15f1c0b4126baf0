#pragma once
/// Ctrl-C during a long wait: the first SIGINT only sets a flag the wait
/// loops poll (so they stop cleanly and say what goes on without us); a second
/// one interrupts as usual.

#include <optional>
#include <string>

namespace snr::cli {

class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  /// True once Ctrl-C was pressed while a guard was alive.
  static bool interrupted();
};

/// Asks `question` on the terminal; nullopt when stdin or stderr is not one.
std::optional<bool> ask_yes_no(const std::string& question);

}  // namespace snr::cli
