#include "agent/restore/byte_queue.h"

#include "util/error.h"

namespace snr::agent::restore {

ByteQueue::ByteQueue(std::size_t capacity_bytes)
    : capacity_(capacity_bytes == 0 ? 1 : capacity_bytes) {}

bool ByteQueue::push(Chunk chunk) {
  std::unique_lock lock(mu_);
  // A chunk larger than the capacity still goes in when the queue is empty.
  cv_.wait(lock, [&] { return cancelled_ || bytes_ == 0 || bytes_ + chunk.size() <= capacity_; });
  if (cancelled_) return false;
  bytes_ += chunk.size();
  chunks_.push_back(std::move(chunk));
  cv_.notify_all();
  return true;
}

void ByteQueue::finish(std::exception_ptr error) {
  std::lock_guard lock(mu_);
  finished_ = true;
  error_ = std::move(error);
  cv_.notify_all();
}

std::optional<Chunk> ByteQueue::pop() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !chunks_.empty() || finished_ || cancelled_; });
  if (cancelled_) throw Failure("stopped: the restore is being cancelled");
  if (!chunks_.empty()) {
    Chunk c = std::move(chunks_.front());
    chunks_.pop_front();
    bytes_ -= c.size();
    cv_.notify_all();
    return c;
  }
  if (error_) std::rethrow_exception(error_);
  return std::nullopt;
}

void ByteQueue::cancel() {
  std::lock_guard lock(mu_);
  cancelled_ = true;
  chunks_.clear();
  bytes_ = 0;
  cv_.notify_all();
}

bool ByteQueue::cancelled() const {
  std::lock_guard lock(mu_);
  return cancelled_;
}

std::size_t ByteQueue::queued_bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

}  // namespace snr::agent::restore
