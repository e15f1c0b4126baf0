#include "agent/run/publisher.h"

#include <algorithm>

#include "aws/error.h"

namespace snr::agent {

CloudWatchSink::CloudWatchSink(std::unique_ptr<aws::CloudWatchClient> client,
                               std::string metric_namespace)
    : client_(std::move(client)), namespace_(std::move(metric_namespace)) {}

CloudWatchSink::~CloudWatchSink() = default;

void CloudWatchSink::put(const std::vector<aws::MetricDatum>& batch) {
  client_->put_metric_data(namespace_, batch);
}

BufferedPublisher::BufferedPublisher(MetricsSink& sink, const Clock& clock,
                                     PublisherOptions options)
    : sink_(sink), clock_(clock), options_(options) {
  options_.batch_size =
      std::clamp<std::size_t>(options_.batch_size, 1, aws::CloudWatchClient::kMaxDatumsPerCall);
  options_.capacity = std::max<std::size_t>(options_.capacity, 1);
}

void BufferedPublisher::add(std::vector<aws::MetricDatum> datums) {
  for (auto& d : datums)
    queue_.push_back(std::move(d));
  while (queue_.size() > options_.capacity) {
    queue_.pop_front();
    ++dropped_;
  }
}

FlushReport BufferedPublisher::flush() {
  FlushReport r;
  if (queue_.empty()) return r;
  const SystemTime now = clock_.now();
  if (now < next_attempt_) {
    r.deferred = true;
    return r;
  }
  while (!queue_.empty()) {
    const std::size_t n = std::min(options_.batch_size, queue_.size());
    std::vector<aws::MetricDatum> batch(queue_.begin(), queue_.begin() + static_cast<long>(n));
    bool retry_later = false;
    try {
      sink_.put(batch);
      r.sent += n;
      sent_ += n;
      consecutive_failures_ = 0;
      next_attempt_ = SystemTime{};
    } catch (const aws::AwsError& e) {
      r.error = std::string(e.what());
      ++failures_;
      const bool retryable = e.is_retryable() || e.is_throttling() || e.is_auth_error() ||
                             e.http_status() >= 500 || e.http_status() == 0;
      if (retryable) {
        retry_later = true;
      } else {
        r.dropped += n;
        dropped_ += n;
      }
    } catch (const Failure& e) {  // TransportError and anything else: keep the data
      r.error = e.what();
      ++failures_;
      retry_later = true;
    }
    if (retry_later) {
      ++consecutive_failures_;
      auto delay = options_.initial_backoff;
      for (unsigned i = 1; i < consecutive_failures_ && delay < options_.max_backoff; ++i)
        delay *= 2;
      next_attempt_ = now + std::min(delay, options_.max_backoff);
      return r;
    }
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<long>(n));
  }
  return r;
}

}  // namespace snr::agent
