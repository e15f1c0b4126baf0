#include "aws/credentials.h"

namespace snr::aws {

RefreshingCredentialsProvider::RefreshingCredentialsProvider(Fetch fetch, Now now)
    : fetch_(std::move(fetch)), now_(std::move(now)) {}

Credentials RefreshingCredentialsProvider::get() {
  using std::chrono::minutes;
  std::lock_guard lock(mutex_);
  if (cached_ && !cached_->expiration) return *cached_;
  auto remaining = cached_ ? *cached_->expiration - now_() : Clock::duration::zero();
  if (cached_ && remaining > minutes(15)) return *cached_;
  try {
    cached_ = fetch_();
  } catch (...) {
    if (cached_ && remaining > minutes(10)) return *cached_;
    throw;
  }
  return *cached_;
}

}  // namespace snr::aws
