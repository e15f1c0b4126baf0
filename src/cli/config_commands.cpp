#include <iomanip>
#include <ostream>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/env_option.h"
#include "config/advice.h"
#include "config/variables.h"

namespace snr::cli {
namespace {

void show(const config::Config& c, bool json, Io io) {
  if (json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto& v : config::known_variables()) {
      auto it = c.variables.find(std::string(v.name));
      if (it == c.variables.end()) continue;
      out[std::string(v.name)] = {{"value", it->second.value},
                                  {"source", config::to_string(it->second.source)},
                                  {"origin", it->second.origin}};
    }
    io.out << out.dump(2) << '\n';
    return;
  }
  std::size_t width = 0;
  for (const auto& v : config::known_variables())
    width = std::max(width, v.name.size());
  for (const auto& v : config::known_variables()) {
    auto it = c.variables.find(std::string(v.name));
    if (it == c.variables.end()) continue;
    const config::VariableValue& s = it->second;
    io.out << std::left << std::setw(static_cast<int>(width) + 2) << v.name
           << (s.value.empty() ? "(unset)" : s.value) << "  [" << s.origin << "]\n";
  }
}

}  // namespace

void add_config_commands(CLI::App& app, Io io) {
  CLI::App* config = app.add_subcommand("config", "Check or show the deployment configuration");
  config->require_subcommand(1);

  CLI::App* check = config->add_subcommand(
      "check", "Validate the configuration: exit 0 when valid, 2 with every problem otherwise");
  auto check_env = add_env_option(check);
  check->callback([check_env, io] {
    config::Config c = load_config(*check_env, io);
    for (const auto& w : config::advise(c).warnings())
      io.err << w.to_string() << '\n';
    io.out << "ok: " << node::to_string(c.role) << " on " << node::to_string(c.network) << " in "
           << c.account_id << "/" << c.region << '\n';
  });

  CLI::App* show_cmd = config->add_subcommand(
      "show", "Print the effective configuration, each value with its source (secrets redacted)");
  auto show_env = add_env_option(show_cmd);
  auto json = std::make_shared<bool>(false);
  show_cmd->add_flag("--json", *json, "Print JSON: {NAME: {value, source, origin}}");
  show_cmd->callback([show_env, json, io] { show(load_config(*show_env, io), *json, io); });
}

}  // namespace snr::cli
