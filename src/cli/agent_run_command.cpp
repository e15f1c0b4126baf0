/// `snr agent run`: the long-running node agent. Parses and checks the flags;
/// agent/run/service.h does the rest.

#include <memory>
#include <optional>

#include <fmt/format.h>

#include "agent/run/health_server.h"
#include "agent/run/service.h"
#include "cli/command.h"
#include "config/config.h"
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

void run_agent(const RunFlags& f, bool settings_given, Io io) {
  Diagnostics d;
  if (f.interval && !(*f.interval >= 1 && *f.interval <= 3600))
    d.error("--interval",
            fmt::format("{} is out of range: expected seconds from 1 to 3600", *f.interval));
  agent::RunRequest r;
  if (f.health_listen) {
    try {
      r.health_listen = agent::parse_listen_address(*f.health_listen, "--health-listen");
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

  r.settings = f.settings;
  r.settings_given = settings_given;
  r.node_rpc = f.node_rpc;
  r.signer_url = f.signer_url;
  if (f.interval) r.interval = std::chrono::seconds(static_cast<long>(*f.interval));
  r.instance_id = f.instance_id;
  r.region = f.region;
  r.autoscaling_group = f.autoscaling_group;
  r.data_path = f.data_path;
  r.max_blocks_behind = f.max_blocks_behind;
  r.max_tip_age_min = f.max_tip_age_min;
  r.state_dir = f.state_dir;
  r.once = f.once;
  r.publish = !f.no_publish;
  agent::run_agent_service(r, io.out, io.err);
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
