#include "deploy/deployer.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <ostream>
#include <thread>

#include "aws/cloudformation.h"
#include "aws/ec2.h"
#include "aws/error.h"
#include "aws/secrets_manager.h"
#include "contract/names.h"
#include "deploy/publish_binary.h"
#include "deploy/outputs.h"
#include "deploy/stack_events.h"
#include "deploy/status.h"
#include "deploy/target.h"
#include "deploy/verify.h"
#include "infra/names.h"
#include "infra/synth.h"
#include "util/error.h"
#include "util/sha256.h"

namespace snr::deploy {
namespace {

using nlohmann::json;

/// CloudFormation's limit for an inline TemplateBody.
constexpr std::size_t kMaxTemplateBody = 51200;

std::string change_set_name() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "snr-%Y%m%d%H%M%S", &tm);
  return buf;
}

std::optional<std::string> parameter_of(const aws::Stack& s, const std::string& key) {
  for (const auto& p : s.parameters) {
    if (p.key == key) return p.value;
  }
  return std::nullopt;
}

/// Fills the template parameters of the stacks being deployed; each lookup
/// (default VPC, version, asset, secret) is done once per run.
class ParameterFiller {
 public:
  ParameterFiller(const config::Config& c, const aws::AwsContext& ctx, ReleaseSource& releases,
                  const DeployOptions& o, std::ostream& err, bool dry_run)
      : c_(c), ctx_(ctx), releases_(releases), o_(o), err_(err), dry_run_(dry_run) {}

  std::vector<aws::StackParameter> fill(const infra::StackArtifact& a,
                                        const std::optional<aws::Stack>& existing) {
    std::vector<aws::StackParameter> out;
    for (const auto& p : a.parameters) {
      const std::string& src = p.source;
      if (src == "default") continue;
      if (src == "default-vpc.id") {
        out.push_back({p.name, vpc().id});
      } else if (src == "default-vpc.cidr") {
        out.push_back({p.name, vpc().cidr});
      } else if (src == "default-vpc.subnets") {
        std::string joined;
        for (const auto& s : vpc().subnet_ids)
          joined += (joined.empty() ? "" : ",") + s;
        out.push_back({p.name, joined});
      } else if (src == "stacks-version") {
        std::optional<std::string> running;
        if (existing) running = parameter_of(*existing, p.name);
        ResolvedVersion v = resolve_stacks_version(c_, running, o_.upgrade, releases_);
        err_ << "  Stacks version: " << v.tag << " (" << v.why << ")\n";
        out.push_back({p.name, v.tag});
      } else if (src == "asset.snr.key") {
        out.push_back({p.name, asset().key});
      } else if (src == "asset.snr.sha256") {
        out.push_back({p.name, asset().sha256});
      } else if (src == "secret.bitcoin-rpc-password") {
        if (dry_run_ && existing && parameter_of(*existing, p.name)) {
          out.push_back({p.name, "", true});
        } else {
          out.push_back({p.name, bitcoin_secret(a.name)});
        }
      } else {
        throw Failure("the manifest asks for parameter " + p.name + " from \"" + src +
                      "\", which this snr does not know how to fill");
      }
    }
    return out;
  }

 private:
  const DefaultVpc& vpc() {
    if (!vpc_) {
      vpc_ = lookup_default_vpc(ctx_);
      err_ << "  default VPC " << vpc_->id << " (" << vpc_->cidr << "), " << vpc_->subnet_ids.size()
           << " subnets\n";
    }
    return *vpc_;
  }

  const PublishedAsset& asset() {
    if (asset_) return *asset_;
    if (dry_run_) {  // diff: the key follows from the content; nothing is uploaded
      PublishedAsset a;
      a.sha256 = util::sha256_file_hex(o_.snr_binary);
      a.key = contract::asset_key(a.sha256, c_.cpu_type);
      asset_ = a;
      return *asset_;
    }
    std::string bucket = asset_bucket(ctx_);
    if (bucket.empty()) {
      throw Failure("the export " + std::string(infra::exports::kAssetBucket) +
                    " is missing: deploy stacks-common first (snr deploy stacks-common)");
    }
    asset_ = publish_snr_binary(ctx_, bucket, o_.snr_binary, c_.cpu_type);
    err_ << "  snr binary: s3://" << bucket << "/" << asset_->key
         << (asset_->uploaded ? " (uploaded)" : " (already there)") << "\n";
    return *asset_;
  }

  /// The secret holding BITCOIN_RPC_PASSWORD, created or brought up to date.
  std::string bitcoin_secret(const std::string& stack_name) {
    aws::SecretsManagerClient sm(ctx_);
    const std::string name = contract::secret_name(stack_name, contract::kBitcoinRpcPasswordSecret);
    const std::string& password = c_.bitcoin.rpc_password.reveal();
    if (auto d = sm.describe_secret(name)) {
      if (d->deleted_date) {
        throw Failure("the secret " + name +
                      " is scheduled for deletion; restore it (aws secretsmanager restore-secret "
                      "--secret-id " +
                      name + ") and deploy again");
      }
      if (sm.get_secret_value(name).secret_string != password) {
        sm.put_secret_value(name, password);
        err_ << "  Bitcoin RPC password: updated secret " << name << "\n";
      }
      return d->arn;
    }
    aws::CreateSecretRequest req;
    req.name = name;
    req.secret_string = password;
    req.description = "Bitcoin RPC password of " + stack_name + ", stored by snr deploy";
    req.tags = {{"snr:stack", stack_name}};
    aws::SecretRef ref = sm.create_secret(req);
    err_ << "  Bitcoin RPC password: stored in secret " << name << "\n";
    return ref.arn;
  }

  const config::Config& c_;
  const aws::AwsContext& ctx_;
  ReleaseSource& releases_;
  const DeployOptions& o_;
  std::ostream& err_;
  bool dry_run_;
  std::optional<DefaultVpc> vpc_;
  std::optional<PublishedAsset> asset_;
};

aws::ChangeSet wait_for_change_set(aws::CloudFormationClient& cfn, const std::string& id,
                                   const DeployOptions& o, const DeployHooks& h) {
  auto sleep =
      h.sleep ? h.sleep : [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  for (;;) {
    aws::ChangeSet cs = cfn.describe_change_set(id);
    if (cs.status == "CREATE_COMPLETE" || cs.status == "FAILED" || cs.status == "DELETE_COMPLETE") {
      return cs;
    }
    sleep(std::min(o.poll, std::chrono::milliseconds(2000)));
  }
}

void print_lines(std::ostream& out, const std::vector<std::string>& lines) {
  for (const auto& l : lines)
    out << l << '\n';
}

}  // namespace

std::vector<std::string> deployment_order(const config::Config& c,
                                          const std::vector<std::string>& requested) {
  std::vector<std::string> wanted = requested.empty() ? infra::applicable_stack_ids(c) : requested;
  // synthesize() checks the ids; its artifacts name their dependencies.
  infra::Synthesis s = infra::synthesize(c, wanted);
  std::vector<std::string> ids = wanted;
  for (const auto& a : s.stacks) {
    for (const auto& d : a.depends_on) {
      if (std::find(ids.begin(), ids.end(), d) == ids.end()) ids.push_back(d);
    }
  }
  std::vector<std::string> ordered;
  for (const auto& id : infra::all_stack_ids()) {
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) ordered.push_back(id);
  }
  return ordered;
}

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

int Deployer::deploy() {
  std::vector<std::string> ids = deployment_order(config_, options_.stack_ids);
  infra::Synthesis synth = infra::synthesize(config_, ids);
  if (!synth.nag_ok()) throw Failure("the templates break nag rules; run `snr nag` for details");

  err_ << "Account " << config_.account_id << " (" << check_account(context_, config_.account_id)
       << "), region " << context_.region << "\n";
  aws::CloudFormationClient cfn(context_);
  CloudFormationStackApi api(cfn);
  ParameterFiller params(config_, context_, releases_, options_, err_, false);
  WatchOptions watch;
  watch.poll = options_.poll;
  watch.sleep = hooks_.sleep;
  watch.interrupted = hooks_.interrupted;
  StackOutputs outputs;

  for (const auto& a : synth.stacks) {
    const json tpl = json::parse(a.body);
    watch.total_resources = static_cast<int>(tpl["Resources"].size());
    watch.deleting = false;
    err_ << "\n" << a.id << " → " << a.name << "\n";

    std::optional<aws::Stack> existing = cfn.describe_stack(a.name);
    if (existing && !is_terminal(existing->status) && existing->status != "REVIEW_IN_PROGRESS") {
      err_ << "  the stack is " << existing->status << ": following it to the end first\n";
      WatchResult w = watch_stack(api, a.name, newest_event_id(api, a.name), err_, watch);
      if (w.interrupted) return kExitInterrupted;
      existing = cfn.describe_stack(a.name);
    }
    if (existing &&
        (existing->status == "ROLLBACK_COMPLETE" || existing->status == "ROLLBACK_FAILED")) {
      err_ << "  a failed creation left the stack in " << existing->status
           << ": deleting it before creating it again\n";
      std::string last = newest_event_id(api, a.name);
      cfn.delete_stack(a.name);
      WatchOptions del = watch;
      del.deleting = true;
      if (watch_stack(api, a.name, last, err_, del).interrupted) return kExitInterrupted;
      existing.reset();
    }
    const bool creating = !existing || existing->status == "REVIEW_IN_PROGRESS";

    std::vector<aws::StackParameter> values = params.fill(a, existing);
    if (a.body.size() > kMaxTemplateBody) {
      throw Failure("the " + a.id + " template is " + std::to_string(a.body.size()) +
                    " bytes, over CloudFormation's inline limit of 51,200");
    }
    const std::vector<std::string> caps = {"CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"};
    const aws::Tags tags = {
        {std::string(contract::kProjectTagKey), std::string(contract::kProjectTagValue)},
        {std::string(contract::kStackIdTag), a.id}};

    std::string last_event = creating ? "" : newest_event_id(api, a.name);
    if (creating && options_.create_stacks_directly) {
      print_lines(out_, summarize_new_stack(tpl));
      err_ << "  sandbox: creating with CreateStack (moto's change sets cannot create a stack "
              "with outputs and exports)\n";
      cfn.create_stack({a.name, a.body, values, caps, tags});
    } else {
      aws::CreateChangeSetRequest req;
      req.stack_name = a.name;
      req.change_set_name = change_set_name();
      req.template_body = a.body;
      req.parameters = values;
      req.capabilities = caps;
      req.type = creating ? aws::ChangeSetType::create : aws::ChangeSetType::update;
      req.tags = tags;
      req.description = "snr " SNR_VERSION;
      aws::ChangeSetRef ref = cfn.create_change_set(req);
      aws::ChangeSet cs = wait_for_change_set(cfn, ref.id, options_, hooks_);
      if (is_empty_change_set(cs)) {
        cfn.delete_change_set(ref.id);
        err_ << "  no changes\n";
        if (auto s = cfn.describe_stack(a.name)) outputs[a.id] = s->outputs;
        add_signer_identity(a, outputs[a.id]);
        continue;
      }
      if (cs.status != "CREATE_COMPLETE") {
        throw Failure("CloudFormation could not plan the change of " + a.name + ": " +
                      cs.status_reason);
      }
      out_ << a.name << (creating ? " (new stack)" : "") << ":\n";
      print_lines(out_, summarize(cs));

      json old_tpl =
          creating ? json(nullptr) : json::parse(cfn.get_template(a.name), nullptr, false);
      std::vector<std::string> broadening = broadening_changes(old_tpl, tpl);
      bool ask = options_.approval == Approval::any_change ||
                 (options_.approval == Approval::broadening && !broadening.empty());
      if (ask) {
        if (!broadening.empty()) {
          out_ << "  security changes that widen access:\n";
          for (const auto& b : broadening)
            out_ << "    " << b << '\n';
        }
        std::optional<bool> yes = hooks_.confirm
                                      ? hooks_.confirm("Deploy these changes to " + a.name + "?")
                                      : std::nullopt;
        if (!yes) {
          cfn.delete_change_set(ref.id);
          throw UserError("--require-approval",
                          "the changes to " + a.name +
                              " need approval and there is no terminal to ask; review them "
                              "(snr diff) and run again with --require-approval never");
        }
        if (!*yes) {
          cfn.delete_change_set(ref.id);
          err_ << "  not deployed: declined\n";
          return 1;
        }
      }
      for (const auto& c : replaced_or_removed(cs)) {
        if (c.resource_type == "AWS::EC2::Instance" && !c.physical_id.empty()) {
          err_ << "  lifting termination protection of " << c.physical_id << " (" << c.logical_id
               << " is " << (c.action == "Remove" ? "removed" : "replaced") << ")\n";
          aws::Ec2Client(context_).set_termination_protection(c.physical_id, false);
        }
      }
      cfn.execute_change_set(ref.id);
    }

    WatchResult w = watch_stack(api, a.name, last_event, err_, watch);
    if (w.interrupted) {
      err_ << "\nStopped waiting; " << a.name << " goes on in CloudFormation (" << w.final_status
           << "). Run `snr status` to see it, or `snr deploy` again to follow it.\n";
      return kExitInterrupted;
    }
    if (!is_success(w.final_status, false)) {
      err_ << "\n" << a.name << " failed: " << w.final_status << "\n";
      print_lines(err_, describe_failures(w.failures));
      return 1;
    }
    auto missing = missing_resources(tpl, cfn.list_stack_resources(a.name));
    if (!missing.empty()) {
      err_ << "  warning: " << missing.size()
           << " resource(s) of the template are not in the stack "
              "although it reports "
           << w.final_status << ":\n";
      for (const auto& m : missing) {
        err_ << "    " << m.logical_id << " (" << m.type << ")"
             << (m.status.empty() ? "" : " " + m.status) << "\n";
      }
    }
    if (auto s = cfn.describe_stack(a.name)) outputs[a.id] = s->outputs;
    add_signer_identity(a, outputs[a.id]);
    err_ << "  " << w.final_status << "\n";
  }

  out_ << "\nOutputs:\n";
  for (const auto& [id, outs] : outputs) {
    for (const auto& o : outs)
      out_ << id << "." << o.key << " = " << o.value << '\n';
  }
  if (options_.outputs_file) {
    write_outputs_file(*options_.outputs_file, outputs);
    err_ << "Outputs written to " << options_.outputs_file->string() << "\n";
  }
  return 0;
}

void Deployer::add_signer_identity(const infra::StackArtifact& a,
                                   std::vector<aws::StackOutput>& outputs) {
  if (a.id != infra::kSingleNodeStackId || !config_.needs_signer_wiring()) return;
  // Generated on the instance at first boot, so not a CloudFormation output:
  // read from the key secret's tags (public facts; the value is never read).
  SignerIdentity id = signer_identity(config_, context_, a.name);
  if (id.address.empty()) {
    err_ << "  signer key: not created yet (the node makes or reads it at first boot; `snr status` "
            "shows it then)\n";
    return;
  }
  outputs.push_back({"signerpublickey", id.public_key, "signer public key", ""});
  outputs.push_back({"signeraddress", id.address, "signer Stacks address", ""});
}

int Deployer::diff() {
  std::vector<std::string> ids = deployment_order(config_, options_.stack_ids);
  infra::Synthesis synth = infra::synthesize(config_, ids);
  aws::CloudFormationClient cfn(context_);
  ParameterFiller params(config_, context_, releases_, options_, err_, true);
  for (const auto& a : synth.stacks) {
    const json tpl = json::parse(a.body);
    std::optional<aws::Stack> existing = cfn.describe_stack(a.name);
    if (!existing || existing->status == "REVIEW_IN_PROGRESS") {
      out_ << a.name << " (does not exist; deploy creates):\n";
      print_lines(out_, summarize_new_stack(tpl));
      continue;
    }
    aws::CreateChangeSetRequest req;
    req.stack_name = a.name;
    req.change_set_name = change_set_name();
    req.template_body = a.body;
    req.parameters = params.fill(a, existing);
    req.capabilities = {"CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"};
    req.type = aws::ChangeSetType::update;
    aws::ChangeSetRef ref = cfn.create_change_set(req);
    aws::ChangeSet cs = wait_for_change_set(cfn, ref.id, options_, hooks_);
    cfn.delete_change_set(ref.id);
    if (is_empty_change_set(cs)) {
      out_ << a.name << ": no changes\n";
      continue;
    }
    if (cs.status != "CREATE_COMPLETE") {
      throw Failure("CloudFormation could not plan the change of " + a.name + ": " +
                    cs.status_reason);
    }
    out_ << a.name << ":\n";
    print_lines(out_, summarize(cs));
    auto broadening =
        broadening_changes(json::parse(cfn.get_template(a.name), nullptr, false), tpl);
    if (!broadening.empty()) {
      out_ << "  security changes that widen access:\n";
      for (const auto& b : broadening)
        out_ << "    " << b << '\n';
    }
  }
  return 0;
}

}  // namespace snr::deploy
