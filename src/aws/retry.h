#pragma once
/// Retries like the AWS SDKs' "standard" mode: up to 3 attempts, delay
/// rand(0,1) * min(base * 2^(retry-1), 20 s) ("full jitter"), and a retry
/// quota so an outage does not multiply the load. The delay itself is
/// net/backoff.h's, the one backoff of snr.

#include <chrono>
#include <functional>

namespace snr::aws {

struct RetryPolicy {
  int max_attempts = 3;  ///< including the first; 1 disables retries
  std::chrono::milliseconds base{1000};
  std::chrono::milliseconds max_backoff{20000};
  /// Token bucket shared by one client's calls: a retry costs 5 (10 after a
  /// timeout), a success refunds what its retries took (or 1 when none).
  int quota_capacity = 500;
};

/// Injectable sleeping and randomness, so tests neither sleep nor guess.
struct RetryHooks {
  std::function<void(std::chrono::milliseconds)> sleep;  ///< default: this_thread::sleep_for
  std::function<double()> random;                        ///< uniform in [0, 1)
};

/// RetryHooks that really sleep and draw from a random engine seeded per call.
RetryHooks default_retry_hooks();

/// The delay before retry number `retry` (1 for the first retry).
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, double random01);

/// The retry quota of one client.
class RetryQuota {
 public:
  explicit RetryQuota(int capacity) : capacity_(capacity), available_(capacity) {}
  /// Takes the cost of one retry; false (and nothing taken) when exhausted.
  bool acquire(bool after_timeout);
  /// A call succeeded after taking `retry_cost` for its retries.
  void release(int retry_cost);
  int available() const { return available_; }
  static int cost(bool after_timeout) { return after_timeout ? 10 : 5; }

 private:
  int capacity_;
  int available_;
};

}  // namespace snr::aws
