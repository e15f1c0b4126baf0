/// `snr agent bootstrap`: prepares the instance and starts the node
/// (src/agent/bootstrap/bootstrap.h).

#include <memory>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "agent/bootstrap/bootstrap.h"
#include "agent/bootstrap/node_secrets.h"
#include "agent/bootstrap/volume_attach.h"
#include "agent/instance_identity.h"
#include "agent/key_provisioning.h"
#include "agent/log.h"
#include "agent/restore/restore.h"
#include "agent/run/signaler.h"
#include "agent/settings_document_source.h"
#include "agent/signer_lease.h"
#include "aws/context.h"
#include "aws/ec2.h"
#include "aws/s3.h"
#include "aws/secrets_manager.h"
#include "aws/time.h"
#include "cli/command.h"
#include "node/c32.h"
#include "util/error.h"

namespace snr::cli {

namespace {

struct BootstrapFlags {
  std::string settings = std::string(contract::kSettingsFile);
  std::string root;
  bool dry_run = false;
  std::string release_base_url;
  std::optional<std::string> instance_id;
  std::optional<std::string> region;
  std::optional<std::string> autoscaling_group;
  std::string node_rpc;
  bool no_signal = false;
  bool no_cloudwatch_agent = false;
  double device_timeout = 300;
  double ready_timeout = 600;
};

/// The AWS clients bootstrap may need, made on first use.
struct AwsParts {
  aws::AwsContext ctx;
  std::unique_ptr<aws::SecretsManagerClient> sm;
  std::unique_ptr<aws::Ec2Client> ec2;
  std::unique_ptr<aws::S3Client> s3;
  aws::Ec2Client& ec2_client() {
    if (!ec2) ec2 = std::make_unique<aws::Ec2Client>(ctx);
    return *ec2;
  }
};

void run_bootstrap_command(const BootstrapFlags& f, Io io) {
  Diagnostics d;
  if (!f.release_base_url.empty() && f.release_base_url.rfind("https://", 0) != 0 &&
      f.release_base_url.rfind("http://", 0) != 0)
    d.error("--release-base-url", "\"" + f.release_base_url + "\" is not an http(s) URL");
  if (!(f.device_timeout >= 1 && f.device_timeout <= 3600))
    d.error("--device-timeout",
            fmt::format("{} is out of range: 1 to 3600 seconds", f.device_timeout));
  if (!(f.ready_timeout >= 0 && f.ready_timeout <= 86400))
    d.error("--ready-timeout",
            fmt::format("{} is out of range: 0 to 86400 seconds", f.ready_timeout));
  if (!f.root.empty() && !std::filesystem::is_directory(f.root))
    d.error("--root", f.root + ": not a directory");
  if (d.has_errors()) throw UserError(d.errors());

  auto log = agent::make_logger(io.err, "bootstrap");
  agent::LogFn log_fn = [log](const std::string& m) { log->info("{}", m); };

  contract::SettingsDocument settings = agent::load_settings_document(f.settings, [&] {
    aws::AwsOptions ao;
    ao.region = f.region;
    return aws::make_context(ao);
  });

  // Who we are (IMDSv2 unless given). A dry run does without.
  agent::IdentityRequest req;
  req.instance_id = f.instance_id;
  req.region = f.region ? f.region : std::optional(settings.region);
  req.autoscaling_group = f.autoscaling_group;
  if (settings.kind == contract::DeploymentKind::ha)
    req.group_tag = settings.signal.autoscaling_group_tag;
  agent::InstanceIdentity identity;
  try {
    identity = agent::discover_identity(req);
  } catch (const Failure&) {
    if (!f.dry_run) throw;
    identity = {f.instance_id.value_or("<instance-id>"), req.region.value_or("<region>"),
                f.autoscaling_group.value_or("<group>")};
  }

  const agent::HostMode mode = f.dry_run         ? agent::HostMode::dry_run
                               : !f.root.empty() ? agent::HostMode::rooted
                                                 : agent::HostMode::system;
  auto ops = agent::make_host_ops(mode, f.root.empty() ? "/" : f.root, [&](const std::string& a) {
    if (!f.dry_run) log->info("+ {}", a);
  });

  std::unique_ptr<AwsParts> awsp;
  auto parts = [&]() -> AwsParts& {
    if (!awsp) {
      aws::AwsOptions ao;
      ao.region = identity.region;
      awsp = std::make_unique<AwsParts>(AwsParts{aws::make_context(ao), nullptr, nullptr, nullptr});
    }
    return *awsp;
  };

  std::unique_ptr<agent::KeyProvisioner> provisioner_for_lease;
  agent::KeyProvisioner* provisioner = nullptr;
  auto make_provisioner = [&]() {
    AwsParts& p = parts();
    if (!p.sm) p.sm = std::make_unique<aws::SecretsManagerClient>(p.ctx);
    return std::make_unique<agent::KeyProvisioner>(*p.sm, settings.secrets.name_prefix,
                                                   settings.config.network);
  };
  node::PlaceholderSecrets placeholders;
  agent::ProvisionedSecrets provisioned(settings, [&] {
    auto kp = make_provisioner();
    provisioner = kp.get();
    return kp;
  });
  const node::SecretSource& secrets =
      f.dry_run ? static_cast<const node::SecretSource&>(placeholders) : provisioned;

  std::unique_ptr<agent::AwsSignaler> signaler;
  if (!f.no_signal && !f.dry_run) signaler = std::make_unique<agent::AwsSignaler>(parts().ctx);

  agent::SystemClock clock;
  agent::BootstrapServices sv{
      *ops,    secrets,
      clock,   [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); },
      log_fn,  identity,
      nullptr, {},
      {},      {}};
  sv.signaler = signaler.get();
  if (f.root.empty()) {
    sv.attach_volume = [&](const std::string& volume_id) {
      agent::attach_data_volume(parts().ec2_client(), volume_id, identity.instance_id,
                                settings.data_volume.device_name, std::chrono::minutes(20),
                                std::chrono::seconds(10), sv.sleep, log_fn);
    };
  }
  sv.take_signer_lease = [&] {
    if (provisioner == nullptr) {
      provisioner_for_lease = make_provisioner();
      provisioner = provisioner_for_lease.get();
    }
    const auto key = provisioner->signer_key(settings.secrets.signer_key_arn).key;
    AwsParts& p = parts();
    if (!p.s3) p.s3 = std::make_unique<aws::S3Client>(p.ctx);
    auto r =
        agent::take_signer_lease(settings.snr_binary.bucket, settings.secrets.signer_lease_key,
                                 settings.stack_name, identity.instance_id, key.public_key().hex(),
                                 key.public_key().address(settings.config.network).to_string(),
                                 aws::format_iso8601(clock.now()), *p.s3, p.ec2_client());
    log->info("signer lease: {}",
              r.outcome == agent::LeaseOutcome::acquired ? "acquired" : "already ours");
  };
  sv.restore = [&](const agent::restore::RestoreOptions& ro) {
    agent::restore::RestoreOptions o = ro;
    o.log = agent::make_logger(io.err, "restore");
    agent::restore::NullProgressSink progress;
    agent::restore::restore_chainstate(o, progress);
  };

  agent::BootstrapOptions bo;
  bo.release_base_url = f.release_base_url;
  bo.device_timeout = std::chrono::seconds(static_cast<long>(f.device_timeout));
  bo.ready_timeout = std::chrono::seconds(static_cast<long>(f.ready_timeout));
  bo.cloudwatch_agent = !f.no_cloudwatch_agent;
  bo.node_rpc_url = f.node_rpc;
  bo.settings_file = f.root.empty() ? f.settings : std::string(contract::kSettingsFile);

  agent::BootstrapResult r = agent::run_bootstrap(settings, bo, sv);
  if (f.dry_run) {
    io.out << "bootstrap plan for " << settings.stack_name << " ("
           << contract::to_string(settings.kind) << ", " << node::to_string(settings.config.role)
           << ", Stacks " << settings.stacks_version << "); nothing was changed:\n";
    int i = 0;
    for (const auto& a : ops->plan())
      io.out << fmt::format("{:3}. {}\n", ++i, a);
    return;
  }
  io.out << fmt::format("bootstrap complete: {} {} installed in {}{}{}; services started; {}\n",
                        settings.stacks_version,
                        r.release_downloaded ? "downloaded and" : "already", r.release_dir,
                        r.formatted ? "; new XFS filesystem on the data volume" : "",
                        r.restored ? "; chainstate restored" : "",
                        r.signalled ? "readiness signalled"
                        : signaler  ? "readiness signal left to snr-agent"
                                    : "no signals (--no-signal)");
}

}  // namespace

void add_agent_bootstrap_command(CLI::App& agent, Io io) {
  auto f = std::make_shared<BootstrapFlags>();
  CLI::App* cmd = agent.add_subcommand(
      "bootstrap",
      "Prepare this instance from the deployment settings and start the node (idempotent)");
  cmd->add_option("--settings", f->settings, "deployment settings: a file, or ssm:PARAMETER-NAME")
      ->capture_default_str();
  cmd->add_option("--root", f->root,
                  "act on files under DIR instead of / (tests); system commands are only listed");
  cmd->add_flag("--dry-run", f->dry_run, "print the ordered plan of actions; change nothing");
  cmd->add_option("--release-base-url", f->release_base_url,
                  "where the Stacks releases are (default "
                  "https://github.com/stacks-network/stacks-core/releases/download)");
  cmd->add_option("--instance-id", f->instance_id, "EC2 instance id (default: IMDSv2)");
  cmd->add_option("--region", f->region, "AWS region (default: the settings')");
  cmd->add_option("--autoscaling-group", f->autoscaling_group,
                  "HA: the group name (default: instance tag via IMDSv2)");
  cmd->add_option("--node-rpc", f->node_rpc,
                  "node RPC to wait for (default http://127.0.0.1:<rpc port>)");
  cmd->add_flag("--no-signal", f->no_signal, "send no readiness signals (manual runs)");
  cmd->add_flag("--no-cloudwatch-agent", f->no_cloudwatch_agent,
                "do not install/configure the Amazon CloudWatch agent");
  cmd->add_option("--device-timeout", f->device_timeout,
                  "seconds to wait for the data volume device")
      ->capture_default_str()
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  cmd->add_option("--ready-timeout", f->ready_timeout,
                  "single node: seconds to wait for the node RPC before leaving the signal to "
                  "snr-agent")
      ->capture_default_str()
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  cmd->callback([f, io] { run_bootstrap_command(*f, io); });
}

}  // namespace snr::cli
