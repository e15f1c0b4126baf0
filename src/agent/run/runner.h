#pragma once
/// `snr agent run`: every interval, sample the node, judge its health, serve
/// the verdict, publish metrics and advance the owed readiness signals.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "agent/clock.h"
#include "agent/run/health.h"
#include "agent/run/health_server.h"
#include "agent/run/metrics.h"
#include "agent/run/node_rpc.h"
#include "agent/run/prometheus.h"
#include "agent/run/publisher.h"
#include "agent/run/readiness.h"
#include "agent/run/tip_tracker.h"

namespace snr::agent {

struct RunOptions {
  std::string node_rpc_url = "http://127.0.0.1:20443";
  /// stacks-signer event endpoint (GET /status); empty: no signer on this node.
  std::string signer_url;
  std::chrono::milliseconds rpc_timeout{std::chrono::seconds(5)};
  /// The node's bitcoind JSON-RPC ("http://host:port", its user and password); empty url:
  /// no Bitcoin reference.
  std::string bitcoin_rpc_url;
  std::string bitcoin_rpc_user;
  std::string bitcoin_rpc_password;
  std::chrono::seconds interval{30};
  HealthThresholds thresholds;
  /// The data volume's mount, for its use (statvfs); empty: not measured.
  std::filesystem::path data_path;
  std::vector<std::vector<std::string>> dimension_sets{{"InstanceId"}};
  std::vector<aws::Dimension> dimension_values;
  /// Records the running stacks-node version (/v2/info server_version) where the operator
  /// sees it (the instance tag, agent/run/version_tag.h): called at the first answer and
  /// when the version changes; a throw is logged once and retried next cycle. Empty: not.
  std::function<void(const std::string&)> record_version;
};

/// What one cycle saw and did.
struct CycleResult {
  NodeSample sample;
  HealthVerdict verdict;
  std::optional<std::chrono::seconds> tip_age;
  Progress progress;
  std::vector<Measurement> measurements;
  FlushReport flush;
  bool signalled = false;
};

class AgentRunner {
 public:
  /// `publisher` and `readiness` may be null (no publishing / nothing owed);
  /// `server` may be null (--once).
  AgentRunner(RunOptions options, const Clock& clock, BufferedPublisher* publisher,
              Readiness* readiness, HealthServer* server, LogFn log);
  ~AgentRunner();

  /// One sample-judge-serve-publish-signal cycle.
  CycleResult cycle();
  /// Cycles every interval until stop(); a last flush of queued metrics at the end.
  void run();
  /// Thread- and signal-thread-safe.
  void stop();

  const HealthVerdict& verdict() const { return verdict_; }

 private:
  RunOptions options_;
  const Clock& clock_;
  BufferedPublisher* publisher_;
  Readiness* readiness_;
  HealthServer* server_;
  LogFn log_;
  NodeRpcClient rpc_;
  std::unique_ptr<NodeRpcClient> signer_;
  std::unique_ptr<NodeRpcClient> bitcoin_;
  TipTracker tips_;
  TipTracker burn_;
  TipTracker bitcoin_tip_;
  TipTracker peer_max_;
  SyncGate gate_;
  HealthVerdict verdict_ = starting_verdict();
  AgentCounters counters_;
  std::optional<HealthStatus> last_status_;  ///< the last one logged; none before the first
  std::string recorded_version_;             ///< last server_version recorded
  std::string failed_version_;               ///< last one whose recording failed (logged once)
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
};

}  // namespace snr::agent
