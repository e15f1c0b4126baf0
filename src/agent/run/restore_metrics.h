#pragma once
/// A running chainstate restore as CloudWatch metrics (contract/metrics.h kRestore*), so
/// `snr status` shows its bytes, rate and ETA while the node is still being built.

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "agent/clock.h"
#include "agent/restore/progress.h"
#include "agent/run/metrics.h"
#include "agent/run/publisher.h"

namespace snr::agent {

/// stacks_restore_bytes (compressed bytes received), stacks_restore_total_bytes (when the
/// size is known; at `done`, the bytes received, so a finished restore reads as complete)
/// and stacks_restore_bytes_per_second.
std::vector<Measurement> restore_measurements(const restore::RestoreProgress& progress);

/// Queues each snapshot's measurements and flushes at most every `min_interval` (and at
/// `done`), so the restore's helper thread never waits on CloudWatch for long. Publishing
/// failures are the publisher's to retry; they never stop the restore.
class RestoreMetricsSink final : public restore::ProgressSink {
 public:
  RestoreMetricsSink(BufferedPublisher& publisher, const Clock& clock,
                     std::vector<std::vector<std::string>> dimension_sets,
                     std::vector<aws::Dimension> dimension_values,
                     std::chrono::seconds min_interval = std::chrono::seconds(30));
  void on_progress(const restore::RestoreProgress& progress) override;

 private:
  BufferedPublisher& publisher_;
  const Clock& clock_;
  std::vector<std::vector<std::string>> sets_;
  std::vector<aws::Dimension> values_;
  std::chrono::seconds min_interval_;
  std::optional<SystemTime> last_flush_;
  std::mutex mu_;
};

}  // namespace snr::agent
