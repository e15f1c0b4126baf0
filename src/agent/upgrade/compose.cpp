#include "agent/upgrade/compose.h"

#include <ostream>
#include <regex>
#include <thread>

#include "agent/bootstrap/host_ops.h"
#include "agent/log.h"
#include "agent/run/node_rpc.h"
#include "agent/run/run_options.h"
#include "agent/settings_document_source.h"
#include "agent/upgrade/upgrade.h"
#include "aws/context.h"
#include "node/layout.h"

namespace snr::agent {

std::string scrub_config_secrets(std::string text, const std::string& rendered) {
  static const std::regex secret_line(
      R"re((?:^|\n)\s*[A-Za-z0-9_]*(?:seed|key|password|token|secret)[A-Za-z0-9_]*\s*=\s*"([^"]*)")re",
      std::regex::icase);
  std::vector<std::string> values;
  for (auto it = std::sregex_iterator(rendered.begin(), rendered.end(), secret_line);
       it != std::sregex_iterator(); ++it) {
    if ((*it)[1].length() >= 4) values.push_back((*it)[1].str());
  }
  for (const auto& v : values) {
    for (auto pos = text.find(v); pos != std::string::npos; pos = text.find(v, pos))
      text.replace(pos, v.size(), "<redacted>");
  }
  static const std::regex long_hex("[0-9A-Fa-f]{32,}");
  return std::regex_replace(text, long_hex, "<redacted>");
}

int upgrade_instance(const AgentUpgradeRequest& f, std::ostream& out, std::ostream& err) {
  auto log = make_logger(err, "upgrade");
  contract::SettingsDocument settings = load_settings_document(f.settings, [&] {
    aws::AwsOptions ao;
    ao.region = f.region;
    return aws::make_context(ao);
  });
  auto ops = make_host_ops(f.root.empty() ? HostMode::system : HostMode::rooted,
                           f.root.empty() ? "/" : f.root,
                           [&](const std::string& a) { log->info("+ {}", a); });

  RunOptions ro = run_options_from_document(settings);
  if (!f.node_rpc.empty()) ro.node_rpc_url = f.node_rpc;
  NodeRpcClient rpc(ro.node_rpc_url, ro.rpc_timeout);
  std::unique_ptr<NodeRpcClient> bitcoin;
  if (!ro.bitcoin_rpc_url.empty() && !ro.bitcoin_rpc_password.empty() && f.root.empty())
    bitcoin = std::make_unique<NodeRpcClient>(ro.bitcoin_rpc_url, ro.rpc_timeout);
  BitcoinRpc btc{bitcoin.get(), ro.bitcoin_rpc_user, ro.bitcoin_rpc_password};

  std::string rendered;
  for (auto file : {node::kNodeConfigFile, node::kSignerConfigFile}) {
    if (auto t = ops->read_file(std::string(file))) rendered += *t + "\n";
  }

  SystemClock clock;
  UpgradeServices sv{*ops,
                     clock,
                     [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); },
                     [log](const std::string& m) { log->info("{}", m); },
                     [&] {
                       SampleOptions so;
                       so.neighbors = false;
                       return sample_node(rpc, so, clock, nullptr, bitcoin ? &btc : nullptr);
                     },
                     [&](std::string t) { return scrub_config_secrets(std::move(t), rendered); }};

  UpgradeRequest req;
  req.to = f.to;
  req.cpu = settings.config.cpu_type;
  req.signer = settings.config.needs_signer_wiring();
  req.release_base_url = f.release_base_url;
  req.mount_point = settings.data_volume.mount_point;
  req.gate_timeout = f.gate_timeout;
  req.rollback_timeout = f.rollback_timeout;
  req.poll = f.poll;
  req.thresholds = ro.thresholds;
  if (f.settings.rfind("ssm:", 0) != 0) req.settings_file = f.settings;

  UpgradeResult r = run_agent_upgrade(req, sv);
  out << r.to_json().dump() << '\n';
  if (!r.succeeded()) log->error("upgrade to {} {}: {}", r.to, to_string(r.outcome), r.reason);
  return r.succeeded() ? 0 : 1;
}

}  // namespace snr::agent
