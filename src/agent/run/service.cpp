#include "agent/run/service.h"

#include <csignal>
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <thread>

#include <fmt/format.h>
#include <pthread.h>

#include "agent/agent_session.h"
#include "agent/instance_identity.h"
#include "agent/key_provisioning.h"
#include "agent/log.h"
#include "agent/run/run_options.h"
#include "agent/run/runner.h"
#include "agent/run/version_tag.h"
#include "agent/settings_document_source.h"
#include "aws/cloudwatch.h"
#include "aws/context.h"
#include "aws/ec2.h"
#include "config/config.h"
#include "util/error.h"

namespace snr::agent {

namespace {

/// Blocks SIGTERM/SIGINT in every thread and waits for them on one thread,
/// which then calls `on_signal`. The destructor ends that thread.
class SignalWaiter {
 public:
  explicit SignalWaiter(std::function<void(int)> on_signal) {
    sigemptyset(&set_);
    sigaddset(&set_, SIGTERM);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set_, &old_);
    thread_ = std::thread([this, on_signal] {
      int sig = 0;
      if (sigwait(&set_, &sig) == 0 && sig != SIGUSR1) on_signal(sig);
    });
  }
  ~SignalWaiter() {
    pthread_kill(thread_.native_handle(), SIGUSR1);
    thread_.join();
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }

 private:
  sigset_t set_{};
  sigset_t old_{};
  std::thread thread_;
};

}  // namespace

void run_agent_service(const RunRequest& f, std::ostream& out, std::ostream& err) {
  auto log = make_logger(err, "agent");

  // Settings: optional when running by hand with flags (the default file may be absent).
  std::optional<contract::SettingsDocument> settings;
  std::error_code ec;
  if (f.settings_given || std::filesystem::exists(f.settings, ec))
    settings = load_settings_document(f.settings);

  RunOptions o = settings ? run_options_from_document(*settings) : RunOptions{};
  std::string health_host = "0.0.0.0";
  std::uint16_t health_port = settings ? settings->health.port : config::kDefaultHealthPort;
  std::string health_path = settings ? settings->health.path : std::string(contract::kHealthPath);
  std::string metric_namespace =
      settings ? settings->metrics.namespace_name : std::string(contract::metrics::kNamespace);
  if (f.node_rpc) o.node_rpc_url = *f.node_rpc;
  if (f.signer_url) o.signer_url = *f.signer_url;
  if (f.health_listen) std::tie(health_host, health_port) = *f.health_listen;
  if (f.interval) o.interval = *f.interval;
  if (f.data_path) o.data_path = *f.data_path;
  if (f.max_blocks_behind) o.thresholds.max_blocks_behind = *f.max_blocks_behind;
  if (f.max_tip_age_min) o.thresholds.max_tip_age = std::chrono::minutes(*f.max_tip_age_min);

  SystemClock clock;
  const std::filesystem::path state_file = std::filesystem::path(f.state_dir) / "readiness.json";
  const bool owes_signals = f.publish && std::filesystem::exists(state_file, ec);

  std::unique_ptr<CloudWatchSink> sink;
  std::unique_ptr<BufferedPublisher> publisher;
  std::unique_ptr<AwsSignaler> signaler;
  std::optional<Readiness> readiness;
  std::optional<InstanceIdentity> identity;
  if (f.publish) {
    IdentityRequest req;
    req.instance_id = f.instance_id;
    req.region = f.region ? f.region : (settings ? std::optional(settings->region) : std::nullopt);
    req.autoscaling_group = f.autoscaling_group;
    if (settings && settings->kind == contract::DeploymentKind::ha && !f.autoscaling_group)
      req.group_tag = settings->signal.autoscaling_group_tag;
    InstanceIdentity id = discover_identity(req);
    identity = id;
    o.dimension_values = {{std::string(contract::metrics::kDimInstanceId), id.instance_id}};
    if (!id.autoscaling_group.empty()) {
      o.dimension_values.push_back(
          {std::string(contract::metrics::kDimAutoScalingGroupName), id.autoscaling_group});
      if (!settings) o.dimension_sets.push_back({"AutoScalingGroupName"});
    }

    aws::AwsOptions ao;
    ao.region = id.region;
    ao.retry.max_attempts = 1;  // the publisher backs off itself; signals retry next cycle
    aws::AwsContext ctx = aws::make_context(ao);
    sink = std::make_unique<CloudWatchSink>(std::make_unique<aws::CloudWatchClient>(ctx),
                                            metric_namespace);
    o.record_version = [ctx, instance = id.instance_id](const std::string& version) {
      aws::Ec2Client ec2(ctx);
      tag_running_version(ec2, instance, version);
    };
    publisher = std::make_unique<BufferedPublisher>(*sink, clock);
    if (owes_signals) {
      signaler = std::make_unique<AwsSignaler>(ctx);
      readiness = Readiness::load(state_file, *signaler, clock,
                                  [log](const std::string& m) { log->info("{}", m); });
    }
  }
  LogFn log_fn = [log](const std::string& m) { log->info("{}", m); };

  // The Bitcoin reference's password when it is a secret (run_options_from_document set the
  // rest: the node's [burnchain] host, RPC port and user).
  if (settings && !o.bitcoin_rpc_url.empty()) {
    if (!settings->secrets.bitcoin_rpc_password_arn.empty()) {
      if (identity) {
        try {
          AgentSession session(*settings, *identity);
          o.bitcoin_rpc_password = session.make_key_provisioner()->bitcoin_rpc_password(
              settings->secrets.bitcoin_rpc_password_arn);
        } catch (const Failure& e) {
          log->warn(
              "the Bitcoin RPC password cannot be read ({}): the Bitcoin reference will "
              "likely be refused",
              e.what());
        }
      }
    }
  }

  if (f.once) {
    AgentRunner runner(o, clock, publisher.get(), readiness ? &*readiness : nullptr, nullptr,
                       log_fn);
    CycleResult r = runner.cycle();
    out << r.verdict.to_json(&r.sample, r.tip_age).dump() << '\n';
    if (publisher && publisher->pending() > 0)
      throw Failure(fmt::format("publishing {} datapoints to CloudWatch failed: {}",
                                publisher->pending(), r.flush.error));
    return;
  }

  HealthServer server(health_host, health_port, health_path, {}, log_fn);
  AgentRunner runner(o, clock, publisher.get(), readiness ? &*readiness : nullptr, &server, log_fn);
  log->info("snr agent {}: node RPC {}, health on {}:{}{}, every {} s, {}", SNR_VERSION,
            o.node_rpc_url, health_host, server.port(), health_path, o.interval.count(),
            publisher ? "publishing to CloudWatch namespace " + metric_namespace
                      : std::string("not publishing"));
  SignalWaiter waiter([&runner, log](int sig) {
    log->info("signal {}: stopping", sig);
    runner.stop();
  });
  runner.run();
  log->info("stopped");
}

}  // namespace snr::agent
