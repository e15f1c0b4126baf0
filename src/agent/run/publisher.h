#pragma once
/// Publishing metrics without losing them in short AWS outages: datapoints
/// wait in a bounded buffer (oldest dropped first when full) and are sent in
/// batches, oldest first, with exponential backoff after a failure. Each
/// datapoint carries its sample time, so late data lands where it belongs.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "agent/clock.h"
#include "aws/cloudwatch.h"

namespace snr::agent {

/// Where batches go (CloudWatch in production). put() throws on failure:
/// aws::AwsError / aws::TransportError, or any snr::Failure.
class MetricsSink {
 public:
  virtual ~MetricsSink() = default;
  virtual void put(const std::vector<aws::MetricDatum>& batch) = 0;
};

/// PutMetricData into one namespace.
class CloudWatchSink final : public MetricsSink {
 public:
  CloudWatchSink(std::unique_ptr<aws::CloudWatchClient> client, std::string metric_namespace);
  ~CloudWatchSink() override;
  void put(const std::vector<aws::MetricDatum>& batch) override;

 private:
  std::unique_ptr<aws::CloudWatchClient> client_;
  std::string namespace_;
};

struct PublisherOptions {
  /// Datapoints kept while AWS is unreachable (~4 h of a node's metrics at
  /// 30 s and two dimension sets; a few MiB at most).
  std::size_t capacity = 10000;
  /// Datapoints per PutMetricData call (CloudWatch allows 1000 and 1 MB).
  std::size_t batch_size = 500;
  std::chrono::seconds initial_backoff{15};
  std::chrono::seconds max_backoff{std::chrono::minutes(5)};
};

struct FlushReport {
  std::size_t sent = 0;     ///< datapoints accepted by the sink
  std::size_t dropped = 0;  ///< rejected as invalid (not retryable) and discarded
  bool deferred = false;    ///< still backing off: nothing attempted
  std::string error;        ///< last failure, "" when none
};

class BufferedPublisher {
 public:
  BufferedPublisher(MetricsSink& sink, const Clock& clock, PublisherOptions options = {});

  /// Queues datapoints; when over capacity, the oldest are dropped (counted).
  void add(std::vector<aws::MetricDatum> datums);
  /// Sends what is queued unless backing off. A retryable failure keeps the
  /// data and doubles the backoff; an invalid batch (a non-retryable service
  /// error) is dropped so it cannot block the queue forever.
  FlushReport flush();

  std::size_t pending() const { return queue_.size(); }
  std::uint64_t dropped_total() const { return dropped_; }
  std::uint64_t sent_total() const { return sent_; }
  std::uint64_t failures_total() const { return failures_; }
  /// When the next attempt may happen (epoch when not backing off).
  SystemTime next_attempt() const { return next_attempt_; }

 private:
  MetricsSink& sink_;
  const Clock& clock_;
  PublisherOptions options_;
  std::deque<aws::MetricDatum> queue_;
  std::uint64_t dropped_ = 0;
  std::uint64_t sent_ = 0;
  std::uint64_t failures_ = 0;
  unsigned consecutive_failures_ = 0;
  SystemTime next_attempt_{};
};

}  // namespace snr::agent
