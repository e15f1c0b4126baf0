/// `snr agent snapshot-prepare` / `snr agent snapshot-done`: the instance's half of
/// `snr snapshot create` (src/agent/snapshot_freeze.h), run through SSM Run Command.

#include <memory>
#include <ostream>
#include <thread>

#include "agent/bootstrap/host_ops.h"
#include "agent/run/node_rpc.h"
#include "agent/settings_document_source.h"
#include "agent/snapshot_freeze.h"
#include "cli/command.h"
#include "contract/names.h"
#include "util/error.h"

namespace snr::cli {

namespace {

struct SnapshotFlags {
  std::string settings = std::string(contract::kSettingsFile);
  int thaw_after = 600;
  int wait_healthy = 0;
};

agent::FreezeOptions freeze_options(const contract::SettingsDocument& s, int thaw_after) {
  agent::FreezeOptions o;
  o.signer = s.config.needs_signer_wiring();
  o.data_dir = std::string(contract::kDataMountPoint);
  o.thaw_after = std::chrono::seconds(thaw_after);
  return o;
}

}  // namespace

void add_agent_snapshot_command(CLI::App& agent, Io io) {
  auto f = std::make_shared<SnapshotFlags>();
  CLI::App* prepare = agent.add_subcommand(
      "snapshot-prepare",
      "Stop the node (and signer) cleanly and sync its data for a snapshot; print its heights "
      "as JSON. A timer starts them again after --thaw-after seconds unless snapshot-done runs");
  prepare->add_option("--settings", f->settings, "deployment settings document")
      ->capture_default_str();
  prepare->add_option("--thaw-after", f->thaw_after, "Seconds until the node starts by itself")
      ->check(CLI::Range(60, 3600))
      ->capture_default_str();
  prepare->callback([f, io] {
    contract::SettingsDocument s = agent::load_settings_document(f->settings);
    auto host = agent::make_host_ops(agent::HostMode::system, "/");
    const std::string rpc = "http://127.0.0.1:" + std::to_string(s.config.ports.rpc);
    auto facts = [&]() -> agent::NodeFacts {
      agent::NodeRpcClient client(rpc);
      agent::RpcResponse r = client.get("/v2/info", agent::body_cap::kInfo);
      if (r.kind != agent::RpcResponse::Kind::ok) {
        throw Failure("stacks-node does not answer " + rpc + "/v2/info (" + r.error +
                      "); nothing was stopped");
      }
      agent::NodeInfo info = agent::parse_node_info(nlohmann::json::parse(r.body));
      return {agent::version_of(info.server_version), info.stacks_tip_height,
              info.burn_block_height};
    };
    io.out << agent::snapshot_prepare(*host, freeze_options(s, f->thaw_after), facts) << "\n";
  });

  CLI::App* done = agent.add_subcommand(
      "snapshot-done", "Start the node (and signer) again after a snapshot; cancel the timer");
  done->add_option("--settings", f->settings, "deployment settings document")
      ->capture_default_str();
  done->add_option("--wait-healthy", f->wait_healthy,
                   "Wait at most this many seconds for GET /health to answer 200 (0: no wait)")
      ->check(CLI::Range(0, 7200));
  done->callback([f, io] {
    contract::SettingsDocument s = agent::load_settings_document(f->settings);
    auto host = agent::make_host_ops(agent::HostMode::system, "/");
    const std::string health = "http://127.0.0.1:" + std::to_string(s.config.ports.health);
    auto healthy = [&] {
      agent::NodeRpcClient client(health);
      return client.get(std::string(contract::kHealthPath), agent::body_cap::kHealth).kind ==
             agent::RpcResponse::Kind::ok;
    };
    agent::SystemClock clock;
    agent::snapshot_done(*host, freeze_options(s, 600), std::chrono::seconds(f->wait_healthy),
                         healthy, clock,
                         [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); });
    io.out << "node started again\n";
  });
}

}  // namespace snr::cli
