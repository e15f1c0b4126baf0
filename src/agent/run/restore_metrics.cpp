#include "agent/run/restore_metrics.h"

#include "contract/metrics.h"

namespace snr::agent {

namespace m = contract::metrics;

std::vector<Measurement> restore_measurements(const restore::RestoreProgress& p) {
  std::vector<Measurement> out;
  out.push_back({std::string(m::kRestoreBytes), static_cast<double>(p.downloaded_bytes), "Bytes"});
  if (p.phase == restore::RestorePhase::done) {
    out.push_back(
        {std::string(m::kRestoreTotalBytes), static_cast<double>(p.downloaded_bytes), "Bytes"});
  } else if (p.total_bytes) {
    out.push_back({std::string(m::kRestoreTotalBytes), static_cast<double>(*p.total_bytes),
                   "Bytes"});
  }
  out.push_back({std::string(m::kRestoreBytesPerSecond), p.bytes_per_second, "Bytes/Second"});
  return out;
}

RestoreMetricsSink::RestoreMetricsSink(BufferedPublisher& publisher, const Clock& clock,
                                       std::vector<std::vector<std::string>> dimension_sets,
                                       std::vector<aws::Dimension> dimension_values,
                                       std::chrono::seconds min_interval)
    : publisher_(publisher),
      clock_(clock),
      sets_(std::move(dimension_sets)),
      values_(std::move(dimension_values)),
      min_interval_(min_interval) {}

void RestoreMetricsSink::on_progress(const restore::RestoreProgress& p) {
  std::lock_guard lock(mu_);
  const SystemTime now = clock_.now();
  publisher_.add(to_datums(restore_measurements(p), now, sets_, values_));
  if (p.phase == restore::RestorePhase::done || !last_flush_ ||
      now - *last_flush_ >= min_interval_) {
    last_flush_ = now;
    try {
      publisher_.flush();
    } catch (...) {  // never stop a restore over a metric
    }
  }
}

}  // namespace snr::agent
