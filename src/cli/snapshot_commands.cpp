#include <ostream>
#include <string>

#include "cli/aws_options.h"
#include "cli/command.h"
#include "cli/deploy_session.h"
#include "cli/env_option.h"
#include "cli/interrupt.h"
#include "deploy/snapshots.h"
#include "infra/names.h"
#include "infra/stacks.h"
#include "util/env.h"
#include "util/error.h"

namespace snr::cli {

void add_snapshot_commands(CLI::App& app, Io io) {
  CLI::App* cmd =
      app.add_subcommand("snapshot", "EBS snapshots of the nodes' chainstate (data volumes)");
  cmd->require_subcommand(1);

  // --- snapshot create --------------------------------------------------------
  {
    CLI::App* create = cmd->add_subcommand(
        "create",
        "Snapshot each node's data volume while the agent holds the node stopped (HA: one node "
        "at a time), then keep the newest STACKS_SNAPSHOT_RETAIN");
    auto stack = std::make_shared<std::string>();
    create->add_option("STACK_ID", *stack, "stacks-single-node or stacks-ha-nodes")->required();
    auto env = add_env_option(create);
    auto aws = add_aws_options(create);
    auto sandbox = std::make_shared<bool>(false);
    auto yes = std::make_shared<bool>(false);
    create->add_flag("--sandbox", *sandbox, "Snapshot in the local sandbox instead of AWS");
    create->add_flag("--yes", *yes, "Do not ask before stopping a signer for the snapshot");
    create->callback([=] {
      config::Config c = load_config(*env, io);
      if (*stack != infra::kSingleNodeStackId && *stack != infra::kHaStackId) {
        throw UserError("STACK_ID", "\"" + *stack + "\" has no nodes to snapshot; allowed: " +
                                        std::string(infra::kSingleNodeStackId) + ", " +
                                        std::string(infra::kHaStackId));
      }
      if (c.needs_signer_wiring() && !*yes) {
        const std::string q = "This node runs a signer: stopping it for the snapshot stops "
                              "signing for that moment (about a minute). Continue?";
        auto answer = ask_yes_no(q);
        if (!answer) {
          throw UserError("--yes",
                          "the snapshot stops the signer for a moment and there is no terminal "
                          "to ask; pass --yes to go ahead");
        }
        if (!*answer) throw ExitWith{1};
      }
      DeploySession session = open_session(c, *aws, *sandbox, io, util::process_environment());
      deploy::CreateSnapshotsOptions o;
      o.stack_id = *stack;
      o.quirks = session.quirks;
      int code = deploy::create_snapshots(c, session.context, o, io.out, io.err);
      if (code != 0) throw ExitWith{code};
    });
  }

  // --- snapshot list ----------------------------------------------------------
  {
    CLI::App* list = cmd->add_subcommand("list", "The snapshots snr took (all stacks, or one)");
    auto stack = std::make_shared<std::string>();
    list->add_option("STACK_ID", *stack,
                     "stacks-single-node or stacks-ha-nodes (default: every snr stack)");
    auto env = add_env_option(list);
    auto aws = add_aws_options(list);
    auto sandbox = std::make_shared<bool>(false);
    auto json = std::make_shared<bool>(false);
    list->add_flag("--sandbox", *sandbox, "List the local sandbox's snapshots instead of AWS's");
    list->add_flag("--json", *json, "A JSON array instead of the table");
    list->callback([=] {
      config::Config c = load_config(*env, io);
      if (!stack->empty() && *stack != infra::kSingleNodeStackId && *stack != infra::kHaStackId) {
        throw UserError("STACK_ID", "\"" + *stack + "\" has no snapshots; allowed: " +
                                        std::string(infra::kSingleNodeStackId) + ", " +
                                        std::string(infra::kHaStackId));
      }
      DeploySession session = open_session(c, *aws, *sandbox, io, util::process_environment());
      std::string name = stack->empty() ? "" : infra::stack_name(*stack, c);
      deploy::print_snapshots(deploy::list_snapshots(session.context, name), *json, io.out);
    });
  }
}

}  // namespace snr::cli
