#include "agent/restore/flusher.h"

#include <fcntl.h>
#include <unistd.h>

namespace snr::agent::restore {

Flusher::Flusher(const std::filesystem::path& dir, const std::atomic<std::uint64_t>& written,
                 std::uint64_t every)
    : written_(written), every_(every) {
  if (every_ == 0) return;
  fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_ >= 0) thread_ = std::thread([this] { run(); });
}

Flusher::~Flusher() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) ::close(fd_);
}

void Flusher::run() {
  std::uint64_t flushed_at = 0;
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, std::chrono::milliseconds(100), [&] { return stopping_; })) {
    std::uint64_t now = written_.load(std::memory_order_relaxed);
    if (now - flushed_at < every_) continue;
    flushed_at = now;
    lock.unlock();
    ::syncfs(fd_);  // best effort: the final flush before the switch reports errors
    lock.lock();
  }
}

}  // namespace snr::agent::restore
