// snr diagram [STACK_ID ...] [--env F] [--format svg|png|dot|mermaid] [--out F]

#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/env_option.h"
#include "diagram/from_templates.h"
#include "diagram/render.h"
#include "infra/synth.h"
#include "util/error.h"

namespace snr::cli {

void add_diagram_command(CLI::App& app, Io io) {
  CLI::App* cmd = app.add_subcommand(
      "diagram", "Draw the deployment from the synthesized templates (SVG, PNG, DOT, Mermaid)");
  auto env = add_env_option(cmd);
  auto ids = std::make_shared<std::vector<std::string>>();
  auto format = std::make_shared<std::string>("svg");
  auto out = std::make_shared<std::string>();
  cmd->add_option("stack_ids", *ids,
                  "stacks-single-node, stacks-ha-nodes (default: all that apply); stacks-common "
                  "is always drawn");
  cmd->add_option("--format", *format, "svg, png (need Graphviz's dot), dot or mermaid")
      ->capture_default_str();
  cmd->add_option("--out", *out,
                  "File to write (default: snr-diagram.<format> for svg/png, stdout for dot and "
                  "mermaid)")
      ->type_name("FILE");
  cmd->callback([=] {
    const std::string f = *format;
    if (f != "svg" && f != "png" && f != "dot" && f != "mermaid")
      throw UserError("--format", "'" + f + "' is not one of svg, png, dot, mermaid");
    config::Config c = load_config(*env, io);
    infra::Synthesis s = infra::synthesize(c, infra::deployment_order(c, *ids));
    diagram::Graph g = diagram::graph_from_templates(c, s);
    const std::string dot = diagram::to_dot(g);
    if (f == "dot" || f == "mermaid") {
      const std::string text = f == "dot" ? dot : diagram::to_mermaid(g);
      if (out->empty()) {
        io.out << text;
        return;
      }
      std::ofstream file(*out, std::ios::binary | std::ios::trunc);
      file << text;
      if (!file) throw Failure("cannot write " + *out);
      io.out << *out << '\n';
      return;
    }
    const std::string path = out->empty() ? "snr-diagram." + f : *out;
    diagram::run_dot(dot, f, path);
    io.out << path << '\n';
  });
}

}  // namespace snr::cli
