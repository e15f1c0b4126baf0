#pragma once
/// Keeps the disk busy from the start of an extraction: each time `every` more bytes were
/// written, asks the kernel to write the filesystem's dirty data out (syncfs) from a
/// helper thread. Without it the kernel starts writing back only once the page cache holds
/// dirty_background_ratio of RAM, leaving the disk idle early and a long flush at the end.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <thread>

namespace snr::agent::restore {

class Flusher {
 public:
  /// `written` is read from the helper thread; `every` 0 disables the flusher.
  Flusher(const std::filesystem::path& dir, const std::atomic<std::uint64_t>& written,
          std::uint64_t every);
  ~Flusher();
  Flusher(const Flusher&) = delete;
  Flusher& operator=(const Flusher&) = delete;

 private:
  void run();

  const std::atomic<std::uint64_t>& written_;
  std::uint64_t every_;
  int fd_ = -1;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace snr::agent::restore
