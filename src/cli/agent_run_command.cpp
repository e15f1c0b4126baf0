/// `snr agent run`: the long-running node agent (src/agent/run/).

#include <csignal>
#include <filesystem>
#include <memory>
#include <optional>
#include <thread>

#include <fmt/format.h>
#include <pthread.h>

#include "agent/instance_identity.h"
#include "agent/log.h"
#include "agent/run/run_options.h"
#include "agent/run/runner.h"
#include "agent/settings_document_source.h"
#include "aws/cloudwatch.h"
#include "aws/context.h"
#include "cli/command.h"
#include "contract/metrics.h"
#include "contract/names.h"
#include "contract/settings_document.h"
#include "util/error.h"

namespace snr::cli {

namespace {

struct RunFlags {
  std::string settings = std::string(contract::kSettingsFile);
  std::optional<std::string> node_rpc;
  std::optional<std::string> signer_url;
  std::optional<std::string> health_listen;
  std::optional<double> interval;
  std::optional<std::string> instance_id;
  std::optional<std::string> region;
  std::optional<std::string> autoscaling_group;
  std::optional<std::string> data_path;
  std::optional<std::uint32_t> max_blocks_behind;
  std::optional<std::uint32_t> max_tip_age_min;
  std::string state_dir = "/var/lib/snr";
  bool once = false;
  bool no_publish = false;
};

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

void run_agent(const RunFlags& f, bool settings_given, Io io) {
  Diagnostics d;
  if (f.interval && !(*f.interval >= 1 && *f.interval <= 3600))
    d.error("--interval",
            fmt::format("{} is out of range: expected seconds from 1 to 3600", *f.interval));
  std::optional<std::pair<std::string, std::uint16_t>> listen;
  if (f.health_listen) {
    try {
      listen = agent::parse_listen_address(*f.health_listen, "--health-listen");
    } catch (const UserError& e) {
      for (const auto& x : e.diagnostics())
        d.add(x);
    }
  }
  for (const auto* url : {&f.node_rpc, &f.signer_url}) {
    if (*url && (*url)->rfind("http://", 0) != 0 && (*url)->rfind("https://", 0) != 0) {
      d.error(url == &f.node_rpc ? "--node-rpc" : "--signer-url",
              "\"" + **url + "\" is not an http(s) URL, e.g. http://127.0.0.1:20443");
    }
  }
  if (d.has_errors()) throw UserError(d.errors());

  auto log = agent::make_logger(io.err, "agent");

  // Settings: optional when running by hand with flags (the default file may be absent).
  std::optional<contract::SettingsDocument> settings;
  std::error_code ec;
  if (settings_given || std::filesystem::exists(f.settings, ec))
    settings = agent::load_settings_document(f.settings);

  agent::RunOptions o =
      settings ? agent::run_options_from_document(*settings) : agent::RunOptions{};
  std::string health_host = "0.0.0.0";
  std::uint16_t health_port = settings ? settings->health.port : config::kDefaultHealthPort;
  std::string health_path = settings ? settings->health.path : std::string(contract::kHealthPath);
  std::string metric_namespace =
      settings ? settings->metrics.namespace_name : std::string(contract::metrics::kNamespace);
  if (f.node_rpc) o.node_rpc_url = *f.node_rpc;
  if (f.signer_url) o.signer_url = *f.signer_url;
  if (listen) std::tie(health_host, health_port) = *listen;
  if (f.interval) o.interval = std::chrono::seconds(static_cast<long>(*f.interval));
  if (f.data_path) o.data_path = *f.data_path;
  if (f.max_blocks_behind) o.thresholds.max_blocks_behind = *f.max_blocks_behind;
  if (f.max_tip_age_min) o.thresholds.max_tip_age = std::chrono::minutes(*f.max_tip_age_min);

  agent::SystemClock clock;
  const std::filesystem::path state_file = std::filesystem::path(f.state_dir) / "readiness.json";
  const bool owes_signals = !f.no_publish && std::filesystem::exists(state_file, ec);

  std::unique_ptr<agent::CloudWatchSink> sink;
  std::unique_ptr<agent::BufferedPublisher> publisher;
  std::unique_ptr<agent::AwsSignaler> signaler;
  std::optional<agent::Readiness> readiness;
  if (!f.no_publish) {
    agent::IdentityRequest req;
    req.instance_id = f.instance_id;
    req.region = f.region ? f.region : (settings ? std::optional(settings->region) : std::nullopt);
    req.autoscaling_group = f.autoscaling_group;
    if (settings && settings->kind == contract::DeploymentKind::ha && !f.autoscaling_group)
      req.group_tag = settings->signal.autoscaling_group_tag;
    agent::InstanceIdentity id = agent::discover_identity(req);
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
    sink = std::make_unique<agent::CloudWatchSink>(std::make_unique<aws::CloudWatchClient>(ctx),
                                                   metric_namespace);
    publisher = std::make_unique<agent::BufferedPublisher>(*sink, clock);
    if (owes_signals) {
      signaler = std::make_unique<agent::AwsSignaler>(ctx);
      readiness = agent::Readiness::load(state_file, *signaler, clock,
                                         [log](const std::string& m) { log->info("{}", m); });
    }
  }
  agent::LogFn log_fn = [log](const std::string& m) { log->info("{}", m); };

  if (f.once) {
    agent::AgentRunner runner(o, clock, publisher.get(), readiness ? &*readiness : nullptr, nullptr,
                              log_fn);
    agent::CycleResult r = runner.cycle();
    io.out << r.verdict.to_json(&r.sample, r.tip_age).dump() << '\n';
    if (publisher && publisher->pending() > 0)
      throw Failure(fmt::format("publishing {} datapoints to CloudWatch failed: {}",
                                publisher->pending(), r.flush.error));
    return;
  }

  agent::HealthServer server(health_host, health_port, health_path);
  agent::AgentRunner runner(o, clock, publisher.get(), readiness ? &*readiness : nullptr, &server,
                            log_fn);
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

}  // namespace

void add_agent_run_command(CLI::App& agent, Io io) {
  auto f = std::make_shared<RunFlags>();
  CLI::App* cmd = agent.add_subcommand(
      "run",
      "The node agent service: sample the node, serve GET /health and /metrics, publish metrics "
      "to CloudWatch, send the readiness signals bootstrap armed");
  auto* settings_opt =
      cmd->add_option("--settings", f->settings,
                      "deployment settings document (default " +
                          std::string(contract::kSettingsFile) + ", optional); flags override it");
  cmd->add_option("--node-rpc", f->node_rpc,
                  "stacks-node RPC base URL (default http://127.0.0.1:20443)");
  cmd->add_option("--signer-url", f->signer_url,
                  "stacks-signer event endpoint whose GET /status is checked (signer/miner)");
  cmd->add_option("--health-listen", f->health_listen,
                  "HOST:PORT of GET /health and /metrics (default: the settings' health.port, "
                  "else 0.0.0.0:" +
                      std::to_string(config::kDefaultHealthPort) + ")");
  cmd->add_option("--interval", f->interval, "seconds between samples (default 30)");
  cmd->add_option("--instance-id", f->instance_id, "EC2 instance id (default: from IMDSv2)");
  cmd->add_option("--region", f->region, "AWS region (default: settings, else IMDSv2)");
  cmd->add_option("--autoscaling-group", f->autoscaling_group,
                  "Auto Scaling group name (HA; default: the instance tag via IMDSv2)");
  cmd->add_option("--data-path", f->data_path,
                  "data volume mount to measure (default /var/lib/stacks)");
  cmd->add_option("--max-blocks-behind", f->max_blocks_behind,
                  "healthy only within this many blocks of the best peer (default 10)");
  cmd->add_option("--max-tip-age-min", f->max_tip_age_min,
                  "healthy only if the tip advanced within this many minutes (default 60)");
  cmd->add_option("--state-dir", f->state_dir, "where bootstrap left the readiness state")
      ->capture_default_str();
  cmd->add_flag("--once", f->once,
                "one sample-and-publish cycle, print the health verdict as JSON, exit");
  cmd->add_flag("--no-publish", f->no_publish, "no AWS calls: no metrics, no signals");
  cmd->callback([f, settings_opt, io] { run_agent(*f, settings_opt->count() > 0, io); });
}

}  // namespace snr::cli
