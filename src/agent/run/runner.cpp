#include "agent/run/runner.h"

#include "agent/run/prometheus.h"

namespace snr::agent {

AgentRunner::AgentRunner(RunOptions options, const Clock& clock, BufferedPublisher* publisher,
                         Readiness* readiness, HealthServer* server, LogFn log)
    : options_(std::move(options)),
      clock_(clock),
      publisher_(publisher),
      readiness_(readiness),
      server_(server),
      log_(std::move(log)),
      rpc_(options_.node_rpc_url, options_.rpc_timeout) {
  if (!options_.signer_url.empty())
    signer_ = std::make_unique<NodeRpcClient>(options_.signer_url, options_.rpc_timeout);
  if (!options_.bitcoin_rpc_url.empty())
    bitcoin_ = std::make_unique<NodeRpcClient>(options_.bitcoin_rpc_url, options_.rpc_timeout);
}

AgentRunner::~AgentRunner() = default;

CycleResult AgentRunner::cycle() {
  CycleResult r;
  SampleOptions so;
  so.data_path = options_.data_path;
  BitcoinRpc btc{bitcoin_.get(), options_.bitcoin_rpc_user, options_.bitcoin_rpc_password};
  r.sample = sample_node(rpc_, so, clock_, signer_.get(), bitcoin_ ? &btc : nullptr);
  ++counters_.samples;
  const SystemTime at = r.sample.at;
  if (r.sample.info) {
    tips_.observe(r.sample.info->stacks_tip_height, at);
    burn_.observe(r.sample.info->burn_block_height, at);
    // Only a plausible peer maximum is a reference that can move.
    if (r.sample.peer_health && r.sample.peer_health->max_stacks_height_of_neighbors != 0 &&
        r.sample.peer_health->max_stacks_height_of_neighbors <=
            r.sample.info->stacks_tip_height + options_.thresholds.implausible_peer_lead)
      peer_max_.observe(r.sample.peer_health->max_stacks_height_of_neighbors, at);
  }
  if (r.sample.bitcoin) bitcoin_tip_.observe(r.sample.bitcoin->blocks, at);
  if (options_.record_version && r.sample.info && !r.sample.info->server_version.empty() &&
      r.sample.info->server_version != recorded_version_) {
    const std::string& v = r.sample.info->server_version;
    try {
      options_.record_version(v);
      recorded_version_ = v;
      if (log_) log_("running version recorded: " + v);
    } catch (const std::exception& e) {
      if (log_ && failed_version_ != v)
        log_("recording the running version failed: " + std::string(e.what()));
      failed_version_ = v;
    }
  }
  r.tip_age = tips_.age(at);
  r.progress = {r.tip_age, burn_.age(at), bitcoin_tip_.age(at), peer_max_.age(at)};
  r.verdict = judge(r.sample, r.progress, options_.thresholds);
  r.verdict.in_service = gate_.observe(r.verdict.healthy, at);
  verdict_ = r.verdict;
  r.measurements = derive_measurements(r.sample, r.tip_age, r.verdict);

  if (log_ && r.verdict.status != last_status_) {
    log_("health: " + std::string(to_string(r.verdict.status)) + " (" + r.verdict.reason + ")");
    last_status_ = r.verdict.status;
  }

  if (publisher_ != nullptr) {
    publisher_->add(
        to_datums(r.measurements, r.sample.at, options_.dimension_sets, options_.dimension_values));
    r.flush = publisher_->flush();
    if (!r.flush.error.empty() && log_) {
      log_("publishing metrics failed (" + std::to_string(publisher_->pending()) +
           " datapoints kept for a retry): " + r.flush.error);
    }
    counters_.published = publisher_->sent_total();
    counters_.publish_failures = publisher_->failures_total();
    counters_.dropped = publisher_->dropped_total();
    counters_.pending = publisher_->pending();
  }

  if (server_ != nullptr) {
    server_->update(
        {r.verdict.http_status(), r.verdict.to_json(&r.sample, r.tip_age).dump(),
         prometheus_text(r.measurements, std::string(to_string(r.verdict.status)), counters_)});
  }

  if (readiness_ != nullptr && readiness_->pending())
    r.signalled = readiness_->advance(r.sample.rpc_up, r.verdict.healthy);
  return r;
}

void AgentRunner::run() {
  if (server_ != nullptr) server_->start();
  for (;;) {
    const auto started = std::chrono::steady_clock::now();
    cycle();
    std::unique_lock<std::mutex> lock(mu_);
    if (cv_.wait_until(lock, started + options_.interval, [this] { return stop_; })) break;
  }
  if (publisher_ != nullptr && publisher_->pending() > 0) {
    auto r = publisher_->flush();
    if (log_ && publisher_->pending() > 0)
      log_("stopping with " + std::to_string(publisher_->pending()) +
           " datapoints unpublished: " + r.error);
  }
  if (server_ != nullptr) server_->stop();
}

void AgentRunner::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
}

}  // namespace snr::agent
