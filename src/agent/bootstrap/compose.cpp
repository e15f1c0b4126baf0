#include "agent/bootstrap/compose.h"

#include <memory>
#include <ostream>
#include <thread>

#include <fmt/format.h>

#include "agent/agent_session.h"
#include "agent/bootstrap/bootstrap.h"
#include "agent/bootstrap/node_secrets.h"
#include "agent/bootstrap/volume_attach.h"
#include "agent/log.h"
#include "agent/restore/restore.h"
#include "agent/run/restore_metrics.h"
#include "agent/run/signaler.h"
#include "aws/cloudwatch.h"
#include "contract/metrics.h"
#include "agent/settings_document_source.h"
#include "util/error.h"

namespace snr::agent {

namespace {

/// Who we are (IMDSv2 unless given). A dry run does without.
InstanceIdentity bootstrap_identity(const BootstrapRequest& f,
                                    const contract::SettingsDocument& settings) {
  IdentityRequest req;
  req.instance_id = f.instance_id;
  req.region = f.region ? f.region : std::optional(settings.region);
  req.autoscaling_group = f.autoscaling_group;
  if (settings.kind == contract::DeploymentKind::ha)
    req.group_tag = settings.signal.autoscaling_group_tag;
  try {
    return discover_identity(req);
  } catch (const Failure&) {
    if (!f.dry_run) throw;
    return {f.instance_id.value_or("<instance-id>"), req.region.value_or("<region>"),
            f.autoscaling_group.value_or("<group>")};
  }
}

}  // namespace

void bootstrap_instance(const BootstrapRequest& f, std::ostream& out, std::ostream& err) {
  auto log = make_logger(err, "bootstrap");
  LogFn log_fn = [log](const std::string& m) { log->info("{}", m); };

  contract::SettingsDocument settings = load_settings_document(f.settings, [&] {
    aws::AwsOptions ao;
    ao.region = f.region;
    return aws::make_context(ao);
  });
  const InstanceIdentity identity = bootstrap_identity(f, settings);

  const HostMode mode = f.dry_run         ? HostMode::dry_run
                        : !f.root.empty() ? HostMode::rooted
                                          : HostMode::system;
  auto ops = make_host_ops(mode, f.root.empty() ? "/" : f.root, [&](const std::string& a) {
    if (!f.dry_run) log->info("+ {}", a);
  });

  // AWS clients are made on first use: a dry run or a follower needs few or none.
  AgentSession session(settings, identity);
  // Secrets make a provisioner when they first need one; the lease reuses it.
  std::unique_ptr<KeyProvisioner> provisioner_for_lease;
  KeyProvisioner* provisioner = nullptr;
  node::PlaceholderSecrets placeholders;
  ProvisionedSecrets provisioned(settings, [&] {
    auto kp = session.make_key_provisioner();
    provisioner = kp.get();
    return kp;
  });
  const node::SecretSource& secrets =
      f.dry_run ? static_cast<const node::SecretSource&>(placeholders) : provisioned;

  std::unique_ptr<AwsSignaler> signaler;
  if (f.signal && !f.dry_run) signaler = std::make_unique<AwsSignaler>(session.aws());

  SystemClock clock;
  BootstrapServices sv{*ops,    secrets,
                       clock,   [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); },
                       log_fn,  identity,
                       nullptr, {},
                       {},      {}};
  sv.signaler = signaler.get();
  if (f.root.empty()) {
    sv.attach_volume = [&](const std::string& volume_id) {
      attach_data_volume(session.ec2(), volume_id, identity.instance_id,
                         settings.data_volume.device_name, std::chrono::minutes(20),
                         std::chrono::seconds(10), sv.sleep, log_fn);
    };
  }
  sv.take_signer_lease = [&] {
    if (provisioner == nullptr) {
      provisioner_for_lease = session.make_key_provisioner();
      provisioner = provisioner_for_lease.get();
    }
    auto r = session.take_signer_lease(*provisioner, clock.now());
    log->info("signer lease: {}",
              r.outcome == LeaseOutcome::acquired ? "acquired" : "already ours");
  };
  sv.restore = [&](const restore::RestoreOptions& ro) {
    restore::RestoreOptions o = ro;
    o.log = make_logger(err, "restore");
    // On the instance, progress goes to CloudWatch too (`snr status` shows bytes, rate, ETA);
    // acting on a directory (tests, --root), only to the log.
    restore::NullProgressSink none;
    std::unique_ptr<CloudWatchSink> cw;
    std::unique_ptr<BufferedPublisher> publisher;
    std::unique_ptr<RestoreMetricsSink> metrics;
    if (f.root.empty()) {
      cw = std::make_unique<CloudWatchSink>(
          std::make_unique<aws::CloudWatchClient>(session.aws()), settings.metrics.namespace_name);
      publisher = std::make_unique<BufferedPublisher>(*cw, clock);
      metrics = std::make_unique<RestoreMetricsSink>(
          *publisher, clock, std::vector<std::vector<std::string>>{{"InstanceId"}},
          std::vector<aws::Dimension>{
              {std::string(contract::metrics::kDimInstanceId), identity.instance_id}});
    }
    restore::restore_chainstate(o, metrics ? static_cast<restore::ProgressSink&>(*metrics) : none);
  };

  BootstrapOptions bo;
  bo.release_base_url = f.release_base_url;
  bo.device_timeout = f.device_timeout;
  bo.ready_timeout = f.ready_timeout;
  bo.cloudwatch_agent = f.cloudwatch_agent;
  bo.node_rpc_url = f.node_rpc;
  bo.settings_file = f.root.empty() ? f.settings : std::string(contract::kSettingsFile);

  BootstrapResult r = run_bootstrap(settings, bo, sv);
  if (f.dry_run) {
    out << "bootstrap plan for " << settings.stack_name << " ("
        << contract::to_string(settings.kind) << ", " << node::to_string(settings.config.role)
        << ", Stacks " << settings.stacks_version << "); nothing was changed:\n";
    int i = 0;
    for (const auto& a : ops->plan())
      out << fmt::format("{:3}. {}\n", ++i, a);
    return;
  }
  out << fmt::format("bootstrap complete: {} {} installed in {}{}{}; services started; {}\n",
                     settings.stacks_version, r.release_downloaded ? "downloaded and" : "already",
                     r.release_dir, r.formatted ? "; new XFS filesystem on the data volume" : "",
                     r.restored ? "; chainstate restored" : "",
                     r.signalled ? "readiness signalled"
                     : signaler  ? "readiness signal left to snr-agent"
                                 : "no signals (--no-signal)");
}

}  // namespace snr::agent
