/// `snr agent upgrade --to VERSION`: upgrades this instance's Stacks binaries in place,
/// health-gated, rolled back on failure. Parses and checks the flags;
/// agent/upgrade/compose.h does the rest. Exit 0: upgraded (or already current); 1: not
/// (the JSON result on stdout says why and whether it rolled back); 2: bad flags.

#include <filesystem>
#include <memory>
#include <optional>


#include "agent/upgrade/compose.h"
#include "cli/command.h"
#include "cli/flag_checks.h"
#include "util/error.h"

namespace snr::cli {

namespace {

struct UpgradeFlags {
  std::string to;
  std::string settings = std::string(contract::kSettingsFile);
  std::string root;
  std::string release_base_url;
  std::string node_rpc;
  std::optional<std::string> region;
  double gate_timeout = 1800;
  double rollback_timeout = 600;
  double poll = 30;
};

void run_upgrade_command(const UpgradeFlags& f, Io io) {
  Diagnostics d;
  if (f.to.empty() || f.to == "latest")
    d.error("--to", "must be an exact Stacks release tag (e.g. 4.0.2), not \"" + f.to + "\"");
  check_http_url(d, "--release-base-url", f.release_base_url);
  check_seconds(d, "--gate-timeout", f.gate_timeout, 1, 86400);
  check_seconds(d, "--rollback-timeout", f.rollback_timeout, 1, 86400);
  check_seconds(d, "--poll", f.poll, 0.01, 600);
  if (!f.root.empty() && !std::filesystem::is_directory(f.root))
    d.error("--root", f.root + ": not a directory");
  if (d.has_errors()) throw UserError(d.errors());

  agent::AgentUpgradeRequest r;
  r.to = f.to;
  r.settings = f.settings;
  r.root = f.root;
  r.release_base_url = f.release_base_url;
  r.node_rpc = f.node_rpc;
  r.region = f.region;
  r.gate_timeout = std::chrono::seconds(static_cast<long>(f.gate_timeout));
  r.rollback_timeout = std::chrono::seconds(static_cast<long>(f.rollback_timeout));
  r.poll = std::chrono::milliseconds(static_cast<long>(f.poll * 1000));
  const int code = agent::upgrade_instance(r, io.out, io.err);
  if (code != 0) throw ExitWith{code};
}

}  // namespace

void add_agent_upgrade_command(CLI::App& agent, Io io) {
  auto f = std::make_shared<UpgradeFlags>();
  CLI::App* cmd = agent.add_subcommand(
      "upgrade",
      "Upgrade this instance's Stacks binaries in place: verify, check-config, swap, health "
      "gate; roll back to the previous binaries on failure (JSON result on stdout)");
  cmd->add_option("--to", f->to, "the exact Stacks release tag to run (e.g. 4.0.2)")->required();
  cmd->add_option("--settings", f->settings, "deployment settings: a file, or ssm:PARAMETER-NAME")
      ->capture_default_str();
  cmd->add_option("--root", f->root,
                  "act on files under DIR instead of / (tests); system commands are only listed");
  cmd->add_option("--release-base-url", f->release_base_url,
                  "where the Stacks releases are (default "
                  "https://github.com/stacks-network/stacks-core/releases/download)");
  cmd->add_option("--node-rpc", f->node_rpc,
                  "node RPC the health gate asks (default http://127.0.0.1:<rpc port>)");
  cmd->add_option("--region", f->region, "AWS region for ssm: settings (default: IMDS)");
  cmd->add_option("--gate-timeout", f->gate_timeout,
                  "seconds the new version has to pass the health gate")
      ->capture_default_str();
  cmd->add_option("--rollback-timeout", f->rollback_timeout,
                  "seconds the restored version has to answer its RPC")
      ->capture_default_str();
  cmd->add_option("--poll", f->poll, "seconds between health samples")->capture_default_str();
  cmd->callback([f, io] { run_upgrade_command(*f, io); });
}

}  // namespace snr::cli
