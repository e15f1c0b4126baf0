#include "net/backoff.h"

#include <algorithm>

#include <sys/random.h>
#include <unistd.h>

namespace snr::net {

std::chrono::milliseconds exponential_delay(const Backoff& backoff, unsigned retry) {
  auto d = backoff.base;
  for (unsigned i = 1; i < retry && d < backoff.cap; ++i)
    d *= 2;
  return std::min(d, backoff.cap);
}

std::chrono::milliseconds full_jitter(std::chrono::milliseconds d, double random01) {
  double r = std::clamp(random01, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<long long>(r * static_cast<double>(d.count())));
}

std::chrono::milliseconds equal_jitter(std::chrono::milliseconds d, double random01) {
  if (d.count() <= 1) return d;
  long long half = d.count() / 2;
  return std::chrono::milliseconds(
      half + full_jitter(d - std::chrono::milliseconds(half), random01).count());
}

bool is_retryable_status(long status) {
  return status == 408 || status == 425 || status == 429 || (status >= 500 && status <= 599);
}

JitterSource::JitterSource() : state_(0) {
  if (::getrandom(&state_, sizeof state_, GRND_NONBLOCK) != static_cast<ssize_t>(sizeof state_)) {
    state_ =
        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
        (static_cast<std::uint64_t>(::getpid()) << 32);
  }
}

double JitterSource::next() {
  // splitmix64: small, fast, and plenty for spreading retries.
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

}  // namespace snr::net
