#include <ostream>

#include "cli/command.h"
#include "cli/env_option.h"
#include "render/node_config.h"
#include "util/fs.h"

namespace snr::cli {
namespace {

enum class What { node, signer };

void render_file(What what, const std::optional<std::filesystem::path>& env_file,
                 const std::string& out_file, Io io) {
  config::Config c = load_config(env_file, io);
  node::PlaceholderSecrets secrets;  // secrets are never known to the operator machine
  std::string text =
      what == What::node
          ? render::to_toml(render::node_config(c, secrets), "stacks-node config", c)
          : render::to_toml(render::signer_config(c, secrets), "stacks-signer config", c);
  io.err << "note: secrets are placeholders (<snr-secret:...>); the node agent fills them from "
            "AWS Secrets Manager on the instance\n";
  if (out_file.empty()) {
    io.out << text;
  } else {
    util::write_file_atomic(out_file, text, 0640);
    io.err << "wrote " << out_file << '\n';
  }
}

void add_render(CLI::App* render, What what, const char* name, const char* help, Io io) {
  CLI::App* cmd = render->add_subcommand(name, help);
  auto env = add_env_option(cmd);
  auto out = std::make_shared<std::string>();
  cmd->add_option("--out", *out, "Write to FILE instead of standard output")->type_name("FILE");
  cmd->callback([what, env, out, io] { render_file(what, *env, *out, io); });
}

}  // namespace

void add_render_commands(CLI::App& app, Io io) {
  CLI::App* render = app.add_subcommand("render", "Render the Stacks node or signer config file");
  render->require_subcommand(1);
  add_render(render, What::node, "node-config", "Render the stacks-node config (TOML)", io);
  add_render(render, What::signer, "signer-config",
             "Render the stacks-signer config (TOML; signer and miner roles)", io);
}

}  // namespace snr::cli
