#pragma once
/// Progress of a chainstate restore: a value type and the interface that receives it.

#include <cstdint>
#include <optional>
#include <string>

namespace snr::agent::restore {

/// Where a restore is. Reported in order; `done` is reported once at the end of a success.
enum class RestorePhase { starting, downloading, verifying, switching, done };

/// "downloading", ... for logs and metrics.
const char* to_string(RestorePhase phase);

/// A snapshot of a running restore. Counters only grow.
struct RestoreProgress {
  RestorePhase phase = RestorePhase::starting;
  std::uint64_t downloaded_bytes = 0;        ///< compressed bytes received and hashed
  std::optional<std::uint64_t> total_bytes;  ///< Content-Length, when the server sent it
  std::uint64_t processed_bytes = 0;         ///< compressed bytes decompressed so far
  std::uint64_t extracted_bytes = 0;         ///< uncompressed file data written
  std::uint64_t entries = 0;                 ///< archive entries extracted
  double bytes_per_second = 0;               ///< download rate over the last interval
  double average_bytes_per_second = 0;       ///< download rate since the start
  /// To the end at the average pace of processed_bytes (the whole pipeline, not just the
  /// download); needs total_bytes.
  std::optional<double> eta_seconds;
  unsigned resumes = 0;  ///< Range requests after a dropped connection
  double elapsed_seconds = 0;
};

/// One log line: "downloading 1.2 GiB / 3.0 GiB (40.0%) at 95.4 MiB/s ...".
std::string format_progress(const RestoreProgress& p);

/// "1.5 GiB", "512 B".
std::string format_bytes(double bytes);

/// "1h02m03s", "45s".
std::string format_duration(double seconds);

/// Receives progress snapshots while a restore runs (from a helper thread, one call at a
/// time). The node agent publishes them as metrics; implementations must return quickly.
class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  virtual void on_progress(const RestoreProgress& progress) = 0;
};

/// A sink that ignores everything.
class NullProgressSink final : public ProgressSink {
 public:
  void on_progress(const RestoreProgress& /*progress*/) override {}
};

}  // namespace snr::agent::restore
