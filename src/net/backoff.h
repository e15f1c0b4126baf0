#pragma once
/// The one retry backoff of snr: exponential growth to a cap, then jitter, so
/// many clients retrying at once spread out. The AWS clients (aws/retry.h) use
/// "full jitter" like the AWS SDKs; the resumable download (download.h) uses
/// "equal jitter" so a long transfer never retries at once.

#include <chrono>
#include <cstdint>

namespace snr::net {

struct Backoff {
  std::chrono::milliseconds base{1000};  ///< delay before the first retry
  std::chrono::milliseconds cap{20000};  ///< no delay grows beyond this
};

/// min(base * 2^(retry-1), cap) for retry number `retry` (1-based; 0 counts as 1).
std::chrono::milliseconds exponential_delay(const Backoff& backoff, unsigned retry);

/// Uniform in [0, d] ("full jitter"); `random01` is uniform in [0, 1].
std::chrono::milliseconds full_jitter(std::chrono::milliseconds d, double random01);

/// Uniform in [d/2, d] ("equal jitter").
std::chrono::milliseconds equal_jitter(std::chrono::milliseconds d, double random01);

/// An HTTP status worth retrying for a plain GET: 408, 425, 429 and 5xx.
bool is_retryable_status(long status);

/// Uniform numbers in [0, 1) for jitter. Seeded from getrandom(2), not
/// std::random_device: libstdc++ 12 implements that with arc4random (glibc
/// 2.36), and the agent runs on Amazon Linux 2023 (glibc 2.34).
class JitterSource {
 public:
  JitterSource();
  double next();

 private:
  std::uint64_t state_;
};

}  // namespace snr::net
