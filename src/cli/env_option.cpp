#include "cli/env_option.h"

#include <ostream>

#include "config/load.h"

namespace snr::cli {

std::shared_ptr<std::optional<std::filesystem::path>> add_env_option(CLI::App* cmd) {
  auto holder = std::make_shared<std::optional<std::filesystem::path>>();
  cmd->add_option_function<std::string>(
         "--env", [holder](const std::string& v) { *holder = v; },
         "The .env file to read (default: ./.env; the environment overrides it)")
      ->type_name("FILE");
  return holder;
}

config::Config load_config(const std::optional<std::filesystem::path>& env_file, Io io) {
  std::vector<Diagnostic> warnings;
  config::Config c = config::load_or_throw(env_file, util::process_environment(), warnings);
  for (const auto& w : warnings)
    io.err << w.to_string() << '\n';
  return c;
}

}  // namespace snr::cli
