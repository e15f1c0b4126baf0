#include "aws/retry.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <thread>

namespace snr::aws {

RetryHooks default_retry_hooks() {
  auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
  return RetryHooks{[](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); },
                    [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); }};
}

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, double random01) {
  double ceiling = static_cast<double>(policy.base.count()) * std::pow(2.0, std::max(0, retry - 1));
  ceiling = std::min(ceiling, static_cast<double>(policy.max_backoff.count()));
  double r = std::clamp(random01, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<long long>(r * ceiling));
}

bool RetryQuota::acquire(bool after_timeout) {
  int c = cost(after_timeout);
  if (available_ < c) return false;
  available_ -= c;
  return true;
}

void RetryQuota::release(int retry_cost) {
  available_ = std::min(capacity_, available_ + (retry_cost > 0 ? retry_cost : 1));
}

}  // namespace snr::aws
