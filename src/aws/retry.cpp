#include "aws/retry.h"

#include <algorithm>
#include <memory>
#include <thread>

#include "net/backoff.h"

namespace snr::aws {

RetryHooks default_retry_hooks() {
  auto source = std::make_shared<net::JitterSource>();
  return RetryHooks{[](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); },
                    [source] { return source->next(); }};
}

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, double random01) {
  auto ceiling = net::exponential_delay({policy.base, policy.max_backoff},
                                        static_cast<unsigned>(std::max(1, retry)));
  return net::full_jitter(ceiling, random01);
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
