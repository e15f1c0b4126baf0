#include "cli/app.h"

#include <iostream>

#include "cli/command.h"
#include "util/error.h"

namespace snr::cli {

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"snr — Stacks Node Runner: deploy and operate Stacks nodes on AWS", "snr"};
  app.set_version_flag("--version", std::string("snr ") + SNR_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  Io io{out, err};
  add_config_commands(app, io);
  add_render_commands(app, io);
  add_agent_commands(app, io);
  add_keys_commands(app, io);
  add_deploy_commands(app, io);
  add_snapshot_commands(app, io);
  add_upgrade_command(app, io);
  add_synth_commands(app, io);
  add_cost_command(app, io);
  add_diagram_command(app, io);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e, out, err);
    return code == 0 ? kExitOk : kExitUserError;
  } catch (const UserError& e) {
    for (const auto& d : e.diagnostics())
      err << d.to_string() << '\n';
    return kExitUserError;
  } catch (const Failure& e) {
    err << "error: " << e.what() << '\n';
    return kExitFailure;
  } catch (const ExitWith& e) {
    return e.code;
  }
  return kExitOk;
}

}  // namespace snr::cli
