#include "deploy/deployer.h"

#include <ostream>

#include "aws/cloudformation.h"
#include "aws/ec2.h"
#include "aws/error.h"
#include "deploy/change_set.h"
#include "deploy/outputs.h"
#include "deploy/parameters.h"
#include "deploy/stack_events.h"
#include "deploy/status.h"
#include "deploy/verify.h"
#include "infra/names.h"
#include "infra/node_parts.h"
#include "util/error.h"

namespace snr::deploy {
namespace {

/// CloudFormation's limit for an inline TemplateBody.
constexpr std::size_t kMaxTemplateBody = 51200;

/// How deploying one stack ended.
enum class StackOutcome { done, declined, failed, interrupted };

void print_lines(std::ostream& out, const std::vector<std::string>& lines) {
  for (const auto& l : lines)
    out << l << '\n';
}

bool creates(const std::optional<aws::Stack>& existing) {
  return !existing || existing->status == "REVIEW_IN_PROGRESS";
}

/// One `snr deploy`: what its stacks share (clients, parameter lookups,
/// outputs) and the steps of deploying one stack.
class DeployRun {
 public:
  DeployRun(const config::Config& c, const aws::AwsContext& ctx, ReleaseSource& releases,
            const DeployOptions& o, const DeployHooks& h, std::ostream& out, std::ostream& err)
      : c_(c),
        ctx_(ctx),
        o_(o),
        h_(h),
        out_(out),
        err_(err),
        cfn_(ctx),
        api_(cfn_),
        params_(c, ctx, releases, {o.upgrade, o.snr_binary, false, o.update_ami, o.refresh_data_snapshot}, err) {
    watch_.poll = o.poll;
    watch_.sleep = h.sleep;
    watch_.interrupted = h.interrupted;
  }

  /// What AWS alone can tell is bad input (the instance type not offered where a node
  /// runs) is refused before any stack changes, not after stacks-common was deployed.
  /// True when a stack of `synth` does not exist yet (a first deploy).
  bool check_placements(const infra::Synthesis& synth) {
    bool any_new = false;
    for (const auto& a : synth.stacks) {
      std::optional<aws::Stack> existing = cfn_.describe_stack(a.name);
      any_new = any_new || creates(existing);
      params_.placement_of(a, existing);
    }
    return any_new;
  }

  StackOutcome deploy_stack(const infra::StackArtifact& a) {
    watch_.total_resources = static_cast<int>(a.json["Resources"].size());
    watch_.deleting = false;
    if (stopped()) return stopped_before(a.name);
    err_ << "\n" << a.id << " → " << a.name << "\n";

    std::optional<aws::Stack> existing = cfn_.describe_stack(a.name);
    if (auto stop = settle(a, existing)) return *stop;
    const bool creating = creates(existing);

    std::vector<aws::StackParameter> values = params_.fill(a, existing);
    if (stopped()) return stopped_before(a.name);
    if (const auto& r = a.json["Resources"];
        r.contains(infra::ids::kSettingsParameter) &&
        r[infra::ids::kSettingsParameter]["Properties"].value("Tier", "") == "Advanced") {
      err_ << "  settings parameter: SSM Advanced tier (the document can exceed Standard's 4 KB; "
              "Advanced parameters are billed per month)\n";
    }
    if (a.body.size() > kMaxTemplateBody) {
      throw Failure("the " + a.id + " template is " + std::to_string(a.body.size()) +
                    " bytes, over CloudFormation's inline limit of 51,200");
    }
    const std::string last_event = creating ? "" : newest_event_id(api_, a.name);
    if (creating && o_.quirks.create_stacks_directly) {
      create_directly(a, std::move(values));
    } else {
      auto type = creating ? aws::ChangeSetType::create : aws::ChangeSetType::update;
      auto change =
          plan_change(cfn_, change_set_request(a, std::move(values), type), o_.poll, h_.sleep);
      if (change && stopped()) {
        cfn_.delete_change_set(change->id);
        return stopped_before(a.name);
      }
      if (!change) {
        err_ << "  no changes\n";
        protect_stack(a.name);
        collect_outputs(a);
        return StackOutcome::done;
      }
      out_ << a.name << (creating ? " (new stack)" : "") << ":\n";
      print_lines(out_, summarize(change->change_set));
      if (o_.refuse_node_replacement) {
        if (auto replacing = node_replacements(change->change_set); !replacing.empty()) {
          cfn_.delete_change_set(change->id);
          err_ << "\n" << a.name << ": refused, this update would replace the node:\n";
          print_lines(err_, replacing);
          return StackOutcome::failed;
        }
      }
      if (!approved(a, *change, creating)) return StackOutcome::declined;
      if (stopped()) {
        cfn_.delete_change_set(change->id);
        return stopped_before(a.name);
      }
      lift_termination_protection(change->change_set);
      // A creation never rolls back by itself: CloudFormation could not
      // terminate the protected instance (ROLLBACK_FAILED). snr deletes a
      // failed creation after lifting the protection (follow()).
      cfn_.execute_change_set(change->id, "", creating);
    }
    return follow(a, last_event);
  }

  /// Prints the outputs of every stack deployed and writes the outputs file.
  void finish() {
    out_ << "\nOutputs:\n";
    for (const auto& [id, outs] : outputs_) {
      for (const auto& o : outs)
        out_ << id << "." << o.key << " = " << o.value << '\n';
    }
    if (o_.outputs_file) {
      write_outputs_file(*o_.outputs_file, outputs_);
      err_ << "Outputs written to " << o_.outputs_file->string() << "\n";
    }
  }

 private:
  /// Brings `existing` to a state a change set can start from. A stack still
  /// in progress is followed to its end; one a failed creation left behind
  /// is deleted (`existing` is then reset); a failed update rollback is
  /// continued. An outcome when the deploy of this stack stops here.
  std::optional<StackOutcome> settle(const infra::StackArtifact& a,
                                     std::optional<aws::Stack>& existing) {
    const std::string& stack = a.name;
    if (existing && !is_terminal(existing->status) && existing->status != "REVIEW_IN_PROGRESS") {
      err_ << "  the stack is " << existing->status << ": following it to the end first\n";
      WatchResult w = watch_stack(api_, stack, newest_event_id(api_, stack), err_, watch_);
      if (w.interrupted) return StackOutcome::interrupted;
      existing = cfn_.describe_stack(stack);
    }
    if (!existing) return std::nullopt;
    const std::string destroy = "snr destroy " + a.id;
    if (existing->status == "DELETE_FAILED") {
      err_ << "\n"
           << stack
           << " is DELETE_FAILED: an earlier deletion did not finish, so it cannot be updated.\n"
              "Run `"
           << destroy << "` (it shows what blocks the deletion), then deploy again.\n";
      return StackOutcome::failed;
    }
    if (existing->status == "ROLLBACK_COMPLETE" || existing->status == "ROLLBACK_FAILED" ||
        existing->status == "CREATE_FAILED") {
      err_ << "  a failed creation left the stack in " << existing->status
           << ": deleting it before creating it again\n";
      if (auto stop = delete_failed_creation(a)) return stop;
      existing.reset();
    }
    if (existing && existing->status == "UPDATE_ROLLBACK_FAILED") {
      err_ << "  the stack is UPDATE_ROLLBACK_FAILED (an update failed and so did its rollback): "
              "continuing the rollback (ContinueUpdateRollback)\n";
      std::string last = newest_event_id(api_, stack);
      cfn_.continue_update_rollback(stack);
      WatchResult w = watch_stack(api_, stack, last, err_, watch_);
      if (w.interrupted) return StackOutcome::interrupted;
      if (w.final_status != "UPDATE_ROLLBACK_COMPLETE") {
        err_ << "\n" << stack << " could not roll back: " << w.final_status << "\n";
        print_lines(err_, describe_failures(w.failures));
        std::string skip;
        for (const auto& f : w.failures) {
          if (f.logical_id != stack && f.resource_type != "AWS::CloudFormation::Stack" &&
              skip.find(" " + f.logical_id) == std::string::npos)
            skip += " " + f.logical_id;
        }
        err_ << "Fix the cause above and deploy again, or let the rollback skip what cannot roll "
                "back (CloudFormation then considers it rolled back; check it by hand):\n"
                "  aws cloudformation continue-update-rollback --stack-name "
             << stack << (skip.empty() ? "" : " --resources-to-skip" + skip) << "\n";
        return StackOutcome::failed;
      }
      existing = cfn_.describe_stack(stack);
    }
    return std::nullopt;
  }

  bool stopped() const { return h_.interrupted && h_.interrupted(); }

  /// Ctrl-C before anything was executed on `stack`.
  StackOutcome stopped_before(const std::string& stack) {
    err_ << "\nStopped (Ctrl-C) before changing " << stack
         << ": nothing was executed on it (a change set made for it was deleted).\n";
    return StackOutcome::interrupted;
  }

  /// Deletes a stack whose creation failed, lifting every termination
  /// protection first. An outcome when that did not work.
  std::optional<StackOutcome> delete_failed_creation(const infra::StackArtifact& a) {
    const std::string& stack = a.name;
    lift_stack_protection(stack);
    for (const auto& r : cfn_.list_stack_resources(stack)) {
      if (r.resource_type != "AWS::EC2::Instance" || r.physical_id.empty()) continue;
      try {
        aws::Ec2Client(ctx_).set_termination_protection(r.physical_id, false);
        err_ << "  lifted termination protection of " << r.physical_id << " (" << r.logical_id
             << ")\n";
      } catch (const aws::AwsError& e) {
        if (e.code().rfind("InvalidInstanceID", 0) != 0) throw;
      }
    }
    std::string last = newest_event_id(api_, stack);
    cfn_.delete_stack(stack);
    WatchOptions del = watch_;
    del.deleting = true;
    WatchResult w = watch_stack(api_, stack, last, err_, del);
    if (w.interrupted) return StackOutcome::interrupted;
    if (w.final_status != "DELETE_COMPLETE") {
      err_ << "\n" << stack << " could not be deleted: " << w.final_status << "\n";
      print_lines(err_, describe_failures(w.failures));
      err_ << "Fix the cause above and run `snr destroy " << a.id
           << "`, then deploy again (it never creates over a stack that still exists).\n";
      return StackOutcome::failed;
    }
    return std::nullopt;
  }

  /// Stack termination protection off (a target without it is fine).
  void lift_stack_protection(const std::string& stack) {
    try {
      cfn_.update_termination_protection(stack, false);
    } catch (const aws::AwsError& e) {
      if (!e.is_not_implemented()) throw;
    }
  }

  /// After a deploy that worked: a stray `aws cloudformation delete-stack`
  /// is refused; `snr destroy` lifts it. Never set during a creation, so a
  /// failed one can still roll back.
  void protect_stack(const std::string& stack) {
    try {
      cfn_.update_termination_protection(stack, true);
    } catch (const aws::AwsError& e) {
      if (!e.is_not_implemented()) throw;
      return;
    }
    err_ << "  stack termination protection on (snr destroy lifts it)\n";
  }

  /// TargetQuirks::create_stacks_directly: CreateStack instead of a change set.
  void create_directly(const infra::StackArtifact& a, std::vector<aws::StackParameter> values) {
    print_lines(out_, summarize_new_stack(a.json));
    err_ << "  creating with CreateStack (this target's change sets cannot create a stack with "
            "outputs and exports)\n";
    cfn_.create_stack({a.name, a.body, std::move(values), a.capabilities, stack_tags(a)});
  }

  /// Asks when the approval level wants it. False when the user declined;
  /// throws snr::UserError when approval is needed and nobody can answer. The
  /// change set is deleted unless approved.
  bool approved(const infra::StackArtifact& a, const PlannedChange& change, bool creating) {
    if (o_.approval == Approval::never) return true;
    std::vector<std::string> widening = widened_access(cfn_, a, creating);
    std::vector<std::string> replacing = node_replacements(change.change_set);
    if (o_.approval == Approval::broadening && widening.empty() && replacing.empty()) return true;
    print_widened_access(out_, widening);
    if (!replacing.empty()) {
      out_ << "\nThis change replaces a node (it stops until its replacement has synced; a "
              "signer misses its signing meanwhile):\n";
      for (const auto& r : replacing)
        out_ << "  " << r << "\n";
    }
    std::optional<bool> yes =
        h_.confirm ? h_.confirm("Deploy these changes to " + a.name + "?") : std::nullopt;
    if (yes && *yes) return true;
    cfn_.delete_change_set(change.id);
    if (!yes) {
      throw UserError("--require-approval",
                      "the changes to " + a.name +
                          " need approval and there is no terminal to ask; review them "
                          "(snr diff) and run again with --require-approval never");
    }
    err_ << "  not deployed: declined\n";
    return false;
  }

  /// Instances the change replaces or removes would refuse to terminate.
  void lift_termination_protection(const aws::ChangeSet& cs) {
    for (const auto& c : replaced_or_removed(cs)) {
      if (c.resource_type == "AWS::EC2::Instance" && !c.physical_id.empty()) {
        err_ << "  lifting termination protection of " << c.physical_id << " (" << c.logical_id
             << " is " << (c.action == "Remove" ? "removed" : "replaced") << ")\n";
        aws::Ec2Client(ctx_).set_termination_protection(c.physical_id, false);
      }
    }
  }

  /// Watches the operation to its end, then checks and collects the stack.
  StackOutcome follow(const infra::StackArtifact& a, const std::string& last_event) {
    WatchResult w = watch_stack(api_, a.name, last_event, err_, watch_);
    if (w.interrupted) {
      err_ << "\nStopped waiting; " << a.name << " goes on in CloudFormation (" << w.final_status
           << "). Run `snr status` to see it, or `snr deploy` again to follow it.\n";
      return StackOutcome::interrupted;
    }
    if (!is_success(w.final_status, false)) {
      err_ << "\n" << a.name << " failed: " << w.final_status << "\n";
      print_lines(err_, describe_failures(w.failures));
      if (w.final_status == "CREATE_FAILED") {  // kept (no rollback): delete it, unprotected
        err_ << "  deleting the failed creation\n";
        if (auto stop = delete_failed_creation(a); stop == StackOutcome::interrupted) return *stop;
      }
      return StackOutcome::failed;
    }
    warn_missing(a, w.final_status);
    protect_stack(a.name);
    collect_outputs(a);
    err_ << "  " << w.final_status << "\n";
    return StackOutcome::done;
  }

  /// Never takes the stack status as proof: names template resources the stack lacks.
  void warn_missing(const infra::StackArtifact& a, const std::string& final_status) {
    auto missing = missing_resources(a.json, cfn_.list_stack_resources(a.name));
    if (missing.empty()) return;
    err_ << "  warning: " << missing.size()
         << " resource(s) of the template are not in the stack "
            "although it reports "
         << final_status << ":\n";
    for (const auto& m : missing) {
      err_ << "    " << m.logical_id << " (" << m.type << ")"
           << (m.status.empty() ? "" : " " + m.status) << "\n";
    }
  }

  void collect_outputs(const infra::StackArtifact& a) {
    if (auto s = cfn_.describe_stack(a.name)) outputs_[a.id] = s->outputs;
    add_signer_identity(a, outputs_[a.id]);
  }

  /// Signer/miner: the key's public key and address, once the node created it.
  void add_signer_identity(const infra::StackArtifact& a, std::vector<aws::StackOutput>& outputs) {
    if (a.id != infra::kSingleNodeStackId || !c_.needs_signer_wiring()) return;
    // Generated on the instance at first boot, so not a CloudFormation output:
    // read from the key secret's tags (public facts; the value is never read).
    SignerIdentity id = signer_identity(c_, ctx_, a.name);
    if (id.address.empty()) {
      err_ << "  signer key: not created yet (the node makes or reads it at first boot; `snr "
              "status` shows it then)\n";
      return;
    }
    outputs.push_back({"signerpublickey", id.public_key, "signer public key", ""});
    outputs.push_back({"signeraddress", id.address, "signer Stacks address", ""});
  }

  const config::Config& c_;
  const aws::AwsContext& ctx_;
  const DeployOptions& o_;
  const DeployHooks& h_;
  std::ostream& out_;
  std::ostream& err_;
  aws::CloudFormationClient cfn_;
  CloudFormationStackApi api_;
  ParameterFiller params_;
  WatchOptions watch_;
  StackOutputs outputs_;
};

}  // namespace

Deployer::Deployer(const config::Config& config, aws::AwsContext context, ReleaseSource& releases,
                   DeployOptions options, DeployHooks hooks, std::ostream& out, std::ostream& err)
    : config_(config),
      context_(std::move(context)),
      releases_(releases),
      options_(std::move(options)),
      hooks_(std::move(hooks)),
      out_(out),
      err_(err) {
  if (options_.snr_binary.empty()) options_.snr_binary = "/proc/self/exe";
}

infra::Synthesis Deployer::synthesize() const {
  return infra::synthesize(config_, infra::deployment_order(config_, options_.stack_ids));
}

int Deployer::deploy() {
  infra::Synthesis synth = synthesize();
  if (!synth.nag_ok()) throw Failure("the templates break nag rules; run `snr nag` for details");

  err_ << "Account " << config_.account_id << " (" << check_account(context_, config_.account_id)
       << "), region " << context_.region << "\n";
  DeployRun run(config_, context_, releases_, options_, hooks_, out_, err_);
  if (run.check_placements(synth) && hooks_.first_deploy) hooks_.first_deploy(synth);
  for (const auto& a : synth.stacks) {
    switch (run.deploy_stack(a)) {
      case StackOutcome::done:
        break;
      case StackOutcome::declined:
      case StackOutcome::failed:
        return 1;
      case StackOutcome::interrupted:
        return kExitInterrupted;
    }
  }
  run.finish();
  return 0;
}

int Deployer::diff() {
  infra::Synthesis synth = synthesize();
  aws::CloudFormationClient cfn(context_);
  ParameterFiller params(config_, context_, releases_,
                         {options_.upgrade, options_.snr_binary, true, options_.update_ami,
                          options_.refresh_data_snapshot}, err_);
  for (const auto& a : synth.stacks) {
    std::optional<aws::Stack> existing = cfn.describe_stack(a.name);
    if (creates(existing)) {
      out_ << a.name << " (does not exist; deploy creates):\n";
      print_lines(out_, summarize_new_stack(a.json));
      continue;
    }
    auto change = plan_change(
        cfn, change_set_request(a, params.fill(a, existing), aws::ChangeSetType::update),
        options_.poll, hooks_.sleep);
    if (!change) {
      out_ << a.name << ": no changes\n";
      continue;
    }
    cfn.delete_change_set(change->id);
    out_ << a.name << ":\n";
    print_lines(out_, summarize(change->change_set));
    print_widened_access(out_, widened_access(cfn, a, false));
    for (const auto& r : node_replacements(change->change_set))
      out_ << "  replaces a node: " << r << '\n';
  }
  return 0;
}

}  // namespace snr::deploy
