/// `snr agent bootstrap`: prepares the instance and starts the node. Parses
/// and checks the flags; agent/bootstrap/compose.h does the rest.

#include <filesystem>
#include <memory>
#include <optional>


#include "agent/bootstrap/compose.h"
#include "cli/command.h"
#include "cli/flag_checks.h"
#include "util/error.h"

namespace snr::cli {

namespace {

struct BootstrapFlags {
  std::string settings = std::string(contract::kSettingsFile);
  std::string root;
  bool dry_run = false;
  std::string release_base_url;
  std::optional<std::string> instance_id;
  std::optional<std::string> region;
  std::optional<std::string> autoscaling_group;
  std::string node_rpc;
  bool no_signal = false;
  bool no_cloudwatch_agent = false;
  double device_timeout = 300;
  double ready_timeout = 600;
};

void run_bootstrap_command(const BootstrapFlags& f, Io io) {
  Diagnostics d;
  check_http_url(d, "--release-base-url", f.release_base_url);
  check_seconds(d, "--device-timeout", f.device_timeout, 1, 3600);
  check_seconds(d, "--ready-timeout", f.ready_timeout, 0, 86400);
  if (!f.root.empty() && !std::filesystem::is_directory(f.root))
    d.error("--root", f.root + ": not a directory");
  if (d.has_errors()) throw UserError(d.errors());

  agent::BootstrapRequest r;
  r.settings = f.settings;
  r.root = f.root;
  r.dry_run = f.dry_run;
  r.release_base_url = f.release_base_url;
  r.instance_id = f.instance_id;
  r.region = f.region;
  r.autoscaling_group = f.autoscaling_group;
  r.node_rpc = f.node_rpc;
  r.signal = !f.no_signal;
  r.cloudwatch_agent = !f.no_cloudwatch_agent;
  r.device_timeout = std::chrono::seconds(static_cast<long>(f.device_timeout));
  r.ready_timeout = std::chrono::seconds(static_cast<long>(f.ready_timeout));
  agent::bootstrap_instance(r, io.out, io.err);
}

}  // namespace

void add_agent_bootstrap_command(CLI::App& agent, Io io) {
  auto f = std::make_shared<BootstrapFlags>();
  CLI::App* cmd = agent.add_subcommand(
      "bootstrap",
      "Prepare this instance from the deployment settings and start the node (idempotent)");
  cmd->add_option("--settings", f->settings, "deployment settings: a file, or ssm:PARAMETER-NAME")
      ->capture_default_str();
  cmd->add_option("--root", f->root,
                  "act on files under DIR instead of / (tests); system commands are only listed");
  cmd->add_flag("--dry-run", f->dry_run, "print the ordered plan of actions; change nothing");
  cmd->add_option("--release-base-url", f->release_base_url,
                  "where the Stacks releases are (default "
                  "https://github.com/stacks-network/stacks-core/releases/download)");
  cmd->add_option("--instance-id", f->instance_id, "EC2 instance id (default: IMDSv2)");
  cmd->add_option("--region", f->region, "AWS region (default: the settings')");
  cmd->add_option("--autoscaling-group", f->autoscaling_group,
                  "HA: the group name (default: instance tag via IMDSv2)");
  cmd->add_option("--node-rpc", f->node_rpc,
                  "node RPC to wait for (default http://127.0.0.1:<rpc port>)");
  cmd->add_flag("--no-signal", f->no_signal, "send no readiness signals (manual runs)");
  cmd->add_flag("--no-cloudwatch-agent", f->no_cloudwatch_agent,
                "do not install/configure the Amazon CloudWatch agent");
  cmd->add_option("--device-timeout", f->device_timeout,
                  "seconds to wait for the data volume device")
      ->capture_default_str()
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  cmd->add_option("--ready-timeout", f->ready_timeout,
                  "single node: seconds to wait for the node RPC before leaving the signal to "
                  "snr-agent")
      ->capture_default_str()
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  cmd->callback([f, io] { run_bootstrap_command(*f, io); });
}

}  // namespace snr::cli
