#include "cli/interrupt.h"

#include <atomic>
#include <iostream>
#include <string>

#include <signal.h>
#include <unistd.h>

namespace snr::cli {
namespace {

// Signal handlers can only reach process-wide state; this flag is the one
// piece of it, touched by nothing but this file.
std::atomic<bool> g_interrupted{false};
struct sigaction g_previous {};

extern "C" void on_sigint(int) {
  g_interrupted.store(true);
  ::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process
}

}  // namespace

InterruptGuard::InterruptGuard() {
  g_interrupted.store(false);
  struct sigaction sa {};
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, &g_previous);
}

InterruptGuard::~InterruptGuard() {
  ::sigaction(SIGINT, &g_previous, nullptr);
}

bool InterruptGuard::interrupted() {
  return g_interrupted.load();
}

std::optional<bool> ask_yes_no(const std::string& question) {
  if (!::isatty(STDIN_FILENO) || !::isatty(STDERR_FILENO)) return std::nullopt;
  std::cerr << question << " (y/n) " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes";
}

}  // namespace snr::cli
