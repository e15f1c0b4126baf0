/// `snr upgrade STACK_ID [--to VERSION] [--env F] [--sandbox] [--yes] [--json]`: moves a
/// single node to another Stacks release in place (deploy/upgrade.h). Exit 0: upgraded (or
/// already current; in the sandbox: sent, not observed); 1: not upgraded (rolled back or
/// failed, the report says what was undone and what is left); 2: bad input, including a
/// --to that contradicts an exact STACKS_VERSION.

#include <memory>
#include <optional>
#include <ostream>

#include "cli/aws_options.h"
#include "cli/command.h"
#include "cli/deploy_session.h"
#include "cli/env_option.h"
#include "cli/interrupt.h"
#include "deploy/upgrade.h"
#include "deploy/upgrade_aws.h"
#include "infra/names.h"
#include "util/env.h"
#include "util/error.h"

namespace snr::cli {

void add_upgrade_command(CLI::App& app, Io io) {
  CLI::App* cmd = app.add_subcommand(
      "upgrade",
      "Upgrade a node to another Stacks release in place: snapshot, stack update, the agent's "
      "health-gated swap through SSM, rollback on failure");
  auto env = add_env_option(cmd);
  auto aws = add_aws_options(cmd);
  auto stack = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto sandbox = std::make_shared<bool>(false);
  auto yes = std::make_shared<bool>(false);
  auto json = std::make_shared<bool>(false);
  auto ami = std::make_shared<bool>(false);
  cmd->add_option("STACK_ID", *stack,
                  "The node stack: stacks-single-node (in place) or stacks-ha-nodes (blue/green)")
      ->required();
  cmd->add_option("--to", *to,
                  "Target release (default: STACKS_VERSION; must agree with an exact one)");
  cmd->add_flag("--ami", *ami, "A new instance on the newest Amazon Linux 2023 AMI (not built yet)");
  cmd->add_flag("--sandbox", *sandbox, "Upgrade in the local sandbox (no agent runs there)");
  cmd->add_flag("--yes", *yes, "Do not ask for confirmation");
  cmd->add_flag("--json", *json, "The result as JSON on stdout");
  cmd->callback([=] {
    config::Config c = load_config(*env, io);
    if (*ami)
      throw UserError("--ami", "not built yet: snr deploy --update-ami moves the node to the "
                               "newest AMI (it replaces the instance; the data volume is kept)");
    DeploySession session = open_session(c, *aws, *sandbox, io, util::process_environment());
    deploy::ResolvedVersion target = deploy::upgrade_target(
        c, to->empty() ? std::nullopt : std::optional<std::string>(*to), *session.releases);
    io.err << "Target: Stacks " << target.tag << " (" << target.why << ")\n";
    if (!*yes && !session.emulator) {
      auto ok = ask_yes_no(
          "Upgrade " + *stack + " to Stacks " + target.tag +
          (*stack == infra::kHaStackId
               ? " (blue/green: a new group of nodes syncs next to the old one)?"
               : " (the node stops for the swap; a signer misses signing meanwhile)?"));
      if (!ok)
        throw UserError("--yes", "snr upgrade needs confirmation and there is no terminal to "
                                 "ask; pass --yes");
      if (!*ok) throw ExitWith{1};
    }
    InterruptGuard guard;
    if (*stack == infra::kHaStackId) {
      // Blue/green is CloudFormation's: the new version is a new launch template version,
      // the group's AutoScalingReplacingUpdate builds a new group whose nodes the lifecycle
      // gate holds until synced; the old group serves until all are in service; a failure
      // rolls the new group back and leaves the old one untouched.
      config::Config target_config = c;
      target_config.stacks_version = target.tag;
      deploy::DeployOptions o;
      o.stack_ids = {*stack};
      o.approval = deploy::Approval::never;  // asked above
      o.quirks = session.quirks;
      deploy::DeployHooks hooks;
      hooks.interrupted = &InterruptGuard::interrupted;
      io.err << "Blue/green: CloudFormation replaces the Auto Scaling group (the old nodes serve "
                "until every new node passed the sync gate; a failure rolls back the new group)\n";
      const int code = deploy::Deployer(target_config, session.context, *session.releases, o,
                                        hooks, io.err, io.err)
                           .deploy();
      io.out << *stack << ": " << (code == 0 ? "upgraded to Stacks " + target.tag
                                             : "not upgraded (CloudFormation rolled the new "
                                               "group back; the old nodes kept serving)")
             << (session.emulator ? " (sandbox: no agent runs there, so no node synced; the "
                                    "sync gate was not observed)"
                                  : "")
             << "\n";
      if (code != 0) throw ExitWith{code};
      return;
    }
    deploy::DeployOptions o;
    o.stack_ids = {*stack};
    o.approval = deploy::Approval::never;  // asked above; a node replacement is refused
    o.quirks = session.quirks;
    deploy::DeployHooks hooks;
    hooks.interrupted = &InterruptGuard::interrupted;
    // The agent's default gate (30 min) and rollback wait (10 min), plus the download.
    deploy::AwsUpgradeSteps steps(c, session.context, *session.releases, o, hooks,
                                  deploy::RunCommandHooks{}, std::chrono::minutes(60), io.err,
                                  io.err);
    deploy::SingleNodeUpgradeResult r =
        deploy::upgrade_single_node({target.tag, {}}, steps, io.err);
    if (*json)
      io.out << r.to_json().dump(2) << '\n';
    else
      deploy::print_upgrade_result(r, io.out);
    if (!r.succeeded() && r.outcome != "not-observed") throw ExitWith{1};
  });
}

}  // namespace snr::cli
