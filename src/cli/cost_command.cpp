#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "aws/pricing.h"
#include "cli/aws_options.h"
#include "cli/command.h"
#include "cli/env_option.h"
#include "config/dotenv.h"
#include "cost/estimate.h"
#include "cost/live_prices.h"
#include "cost/report.h"
#include "infra/synth.h"
#include "util/env.h"
#include "util/error.h"

namespace snr::cli {
namespace {

/// One settable assumption: its flag, its variable (.env or environment) and where it goes.
struct AssumptionOption {
  const char* flag;
  const char* variable;
  const char* help;
  double cost::Assumptions::*field;
};

const std::vector<AssumptionOption>& assumption_options() {
  static const std::vector<AssumptionOption> kOptions = {
      {"--assume-transfer-gb", "SNR_COST_TRANSFER_GB",
       "GB per node and month sent to the Internet (P2P, RPC)", &cost::Assumptions::transfer_out_gb},
      {"--assume-snapshots-retained", "SNR_COST_SNAPSHOTS_RETAINED",
       "snapshots kept per data volume (default: STACKS_SNAPSHOT_RETAIN)", &cost::Assumptions::snapshots_retained},
      {"--assume-snapshot-changed-gb", "SNR_COST_SNAPSHOT_CHANGED_GB",
       "GB changed between two snapshots", &cost::Assumptions::snapshot_changed_gb},
      {"--assume-lcu", "SNR_COST_LCU", "load balancer capacity units used on average",
       &cost::Assumptions::alb_lcu},
      {"--assume-log-gb", "SNR_COST_LOG_GB", "CloudWatch Logs GB ingested per node and month",
       &cost::Assumptions::log_gb},
      {"--assume-cwagent-metrics", "SNR_COST_CWAGENT_METRICS",
       "CloudWatch agent metrics per node", &cost::Assumptions::cwagent_metrics},
      {"--assume-download-mbps", "SNR_COST_DOWNLOAD_MBPS",
       "chainstate archive download rate, MB/s (restore time)", &cost::Assumptions::download_mbps},
      {"--assume-archive-gb", "SNR_COST_ARCHIVE_GB",
       "compressed chainstate archive size, GB (restore time, snapshots)",
       &cost::Assumptions::archive_gb},
  };
  return kOptions;
}

/// The assumptions: defaults, then the .env file, then the environment, then the flags.
cost::Assumptions read_assumptions(const std::optional<std::filesystem::path>& env_file,
                                   const std::map<std::string, std::string>& flags) {
  cost::Assumptions a;
  Diagnostics d;
  config::DotenvFile file;
  const std::filesystem::path path = env_file.value_or(".env");
  if (std::error_code ec; std::filesystem::exists(path, ec)) {
    Diagnostics ignored;  // load_config has reported the file's problems already
    file = config::read_dotenv(path, ignored);
  }
  const util::Environment env = util::process_environment();
  for (const auto& o : assumption_options()) {
    std::optional<std::pair<std::string, std::string>> given;  // subject, text
    if (const auto* e = file.find(o.variable)) given = {std::string(o.variable), e->value};
    if (auto v = util::env_value(env, o.variable)) given = {std::string(o.variable), *v};
    if (auto it = flags.find(o.flag); it != flags.end()) given = {std::string(o.flag), it->second};
    if (!given) continue;
    char* end = nullptr;
    const double v = std::strtod(given->second.c_str(), &end);
    if (given->second.empty() || *end != '\0' || !(v >= 0) || v > 1e9) {
      d.error(given->first, "\"" + given->second + "\" is not valid; allowed: a number >= 0");
      continue;
    }
    a.*o.field = v;
  }
  if (d.has_errors()) throw UserError(d.errors());
  return a;
}

}  // namespace

void add_cost_command(CLI::App& app, Io io) {
  CLI::App* cmd = app.add_subcommand(
      "cost", "Estimate the monthly AWS cost of this configuration from its templates");
  auto env = add_env_option(cmd);
  auto ids = std::make_shared<std::vector<std::string>>();
  auto json = std::make_shared<bool>(false);
  auto flags = std::make_shared<std::map<std::string, std::string>>();
  cmd->add_option("STACK_ID", *ids,
                  "Stacks to price, with what they depend on (default: all that apply): "
                  "stacks-common, stacks-single-node, stacks-ha-nodes");
  cmd->add_flag("--json", *json,
                "Print JSON: {region, currency, monthly_total_usd, items: [{service, "
                "description, monthly_usd, assumption?}]}");
  for (const auto& o : assumption_options()) {
    const std::string flag = o.flag;
    cmd->add_option_function<std::string>(
           flag, [flags, flag](const std::string& v) { (*flags)[flag] = v; },
           std::string(o.help) + " (or " + o.variable + ")")
        ->type_name("N");
  }
  auto live = std::make_shared<bool>(false);
  cmd->add_flag("--live", *live,
                "Ask AWS's Price List API (pricing:GetProducts) for the instance and volume "
                "prices; the bundled table for the rest and for anything not found");
  auto aws_flags = add_aws_options(cmd);
  cmd->callback([=] {
    config::Config c = load_config(*env, io);
    const cost::Assumptions assume = read_assumptions(*env, *flags);
    const cost::PriceTable& table = cost::bundled_prices();
    cost::RegionPrices prices = cost::prices_for(table, c.region);
    infra::Synthesis s = infra::synthesize(c, infra::deployment_order(c, *ids));
    std::vector<std::string> answered;
    if (*live) {
      aws::PricingClient client(make_aws_context(*aws_flags, c, io));
      cost::LivePrices lp = cost::live_prices(c, prices, client);
      for (const auto& w : lp.warnings)
        io.err << "warning: --live: " << w << '\n';
      prices = std::move(lp.prices);
      answered = std::move(lp.answered);
    }
    cost::Estimate e = cost::estimate(c, cost::templates_of(s), prices, assume);
    if (*live) {
      std::string list;
      for (const auto& a : answered)
        list += (list.empty() ? "" : ", ") + a;
      e.notes.push_back("Live prices (AWS Price List API, pricing:GetProducts): " +
                        (list.empty() ? std::string("none found") : list) +
                        "; everything else from the bundled table");
    }
    io.out << (*json ? cost::to_json(e, table) : cost::to_text(e, table));
  });
}

}  // namespace snr::cli
