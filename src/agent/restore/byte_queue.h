#pragma once
/// A bounded queue of byte chunks between one producer thread (the download) and one
/// consumer thread (decompression + extraction). The producer blocks while the queue holds
/// `capacity` bytes, so a slow disk slows the download instead of filling memory.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <vector>

namespace snr::agent::restore {

using Chunk = std::vector<char>;

class ByteQueue {
 public:
  explicit ByteQueue(std::size_t capacity_bytes);

  /// Appends a chunk, waiting while the queue is full. False when the consumer cancelled
  /// (the producer should stop).
  bool push(Chunk chunk);
  /// The producer is done: at end of data (`error` null) or because of `error`, which
  /// pop() rethrows in the consumer once the chunks before it are consumed.
  void finish(std::exception_ptr error = nullptr);

  /// The next chunk, waiting for one; nullopt at the end of data. Rethrows the producer's
  /// error; throws snr::Failure once cancelled (another consumer thread gave up).
  std::optional<Chunk> pop();
  /// The consumer gives up: wakes the producer, whose push() then returns false, and any
  /// thread waiting in pop().
  void cancel();
  bool cancelled() const;

  /// Bytes queued now (for tests and stats).
  std::size_t queued_bytes() const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Chunk> chunks_;
  std::size_t bytes_ = 0;
  bool finished_ = false;
  bool cancelled_ = false;
  std::exception_ptr error_;
};

}  // namespace snr::agent::restore
