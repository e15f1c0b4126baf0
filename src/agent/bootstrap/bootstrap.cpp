#include "agent/bootstrap/bootstrap.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "agent/bootstrap/cloudwatch_agent.h"
#include "agent/bootstrap/install_release.h"
#include "agent/bootstrap/units.h"
#include "agent/run/node_rpc.h"
#include "node/layout.h"
#include "node/networks.h"
#include "render/node_config.h"
#include "util/error.h"
#include "util/strings.h"

namespace snr::agent {
namespace {

const Owner kRoot{"root", "root"};
const Owner kRootStacks{"root", kStacksUser};
const Owner kStacks{kStacksUser, kStacksUser};

/// Remembers every secret value handed out, to scrub them from messages.
class RecordingSecrets final : public node::SecretSource {
 public:
  explicit RecordingSecrets(const node::SecretSource& inner) : inner_(inner) {}
  std::string get(node::SecretKind kind) const override {
    std::string v = inner_.get(kind);
    if (v.size() >= 4) seen_.push_back(v);
    return v;
  }
  std::string scrub(std::string text) const {
    for (const auto& s : seen_) {
      for (auto pos = text.find(s); pos != std::string::npos; pos = text.find(s, pos))
        text.replace(pos, s.size(), "<redacted>");
    }
    return text;
  }

 private:
  const node::SecretSource& inner_;
  mutable std::vector<std::string> seen_;
};

/// HA: RecordLifecycleActionHeartbeat every `interval` while bootstrap works
/// (a chainstate restore takes hours; the hook would time out and ABANDON).
class Heartbeat {
 public:
  Heartbeat(Signaler& s, const ReadinessState& r, std::chrono::seconds interval, LogFn log)
      : thread_([this, &s, r, interval, log] {
          std::unique_lock<std::mutex> lock(mu_);
          do {
            try {
              s.record_heartbeat(r.autoscaling_group, r.lifecycle_hook, r.instance_id);
            } catch (const std::exception& e) {
              if (log) log(std::string("lifecycle heartbeat failed: ") + e.what());
            }
          } while (!cv_.wait_for(lock, interval, [this] { return stop_; }));
        }) {}
  ~Heartbeat() { stop(); }
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

/// Entries of `dir` other than the restore module's own bookkeeping.
bool has_chainstate(HostOps& ops, const fs::path& dir) {
  std::error_code ec;
  const fs::path h = ops.host_path(dir);
  if (!fs::is_directory(h, ec)) return false;
  for (const auto& e : fs::directory_iterator(h, ec)) {
    const std::string n = e.path().filename().string();
    if (n != restore::kStagingDirName && n != restore::kSwitchJournalName) return true;
  }
  return false;
}

void systemctl(HostOps& ops, std::vector<std::string> args) {
  args.insert(args.begin(), "systemctl");
  CommandOutput r = ops.run(args, CommandKind::system);
  if (r.exit_code != 0)
    throw Failure(fmt::format("{} failed (exit {}): {}", util::join(args, " "), r.exit_code,
                              util::trim(r.err)));
}

}  // namespace

BootstrapPlan plan_bootstrap(const contract::SettingsDocument& s, const BootstrapOptions& o) {
  BootstrapPlan p;
  const config::Config& c = s.config;
  p.ha = s.kind == contract::DeploymentKind::ha;
  p.signer = c.needs_signer_wiring();
  p.binaries = {"stacks-node"};
  if (p.signer) p.binaries.push_back("stacks-signer");
  p.chainstate_url = s.chainstate_archive_url;
  p.node_rpc_url =
      !o.node_rpc_url.empty() ? o.node_rpc_url : "http://127.0.0.1:" + std::to_string(c.ports.rpc);
  p.mount_point = s.data_volume.mount_point;
  ReadinessState& r = p.readiness;
  r.kind = std::string(contract::to_string(s.kind));
  r.stack_name = s.signal.stack_name.empty() ? s.stack_name : s.signal.stack_name;
  r.logical_id = s.signal.logical_id;
  if (p.ha) {
    r.lifecycle_hook = s.signal.lifecycle_hook;
    r.lifecycle = StepState::pending;
    // Beat three times per period of the hook's HeartbeatTimeout (the stack's, from the document).
    const long timeout = static_cast<long>(s.signal.heartbeat_timeout_seconds);
    r.heartbeat_interval = std::chrono::seconds(std::max<long>(10, timeout / 3));
  }
  return p;
}

BootstrapResult run_bootstrap(const contract::SettingsDocument& s, const BootstrapOptions& o,
                              BootstrapServices& sv) {
  HostOps& ops = sv.ops;
  const config::Config& c = s.config;
  BootstrapPlan plan = plan_bootstrap(s, o);
  plan.readiness.instance_id = sv.identity.instance_id;
  plan.readiness.autoscaling_group = sv.identity.autoscaling_group;
  BootstrapResult result;
  auto log = [&](const std::string& m) {
    if (sv.log) sv.log(m);
  };

  // 1. Arm the readiness signals first, so any failure below can be reported.
  std::optional<Readiness> readiness;
  const fs::path state_file = fs::path(kStateDir) / kReadinessFile;
  ops.make_dir(kStateDir, 0750, kStacks);
  if (sv.signaler != nullptr &&
      ops.step("arm readiness signals in " + state_file.string() + " (" + plan.readiness.kind +
               ": " +
               (plan.ha ? "lifecycle hook " + plan.readiness.lifecycle_hook + ", then " : "") +
               "SignalResource " + plan.readiness.logical_id + ")")) {
    Readiness::arm(ops.host_path(state_file), plan.readiness, sv.clock);
    readiness = Readiness::load(ops.host_path(state_file), *sv.signaler, sv.clock, sv.log);
    ops.set_owner(state_file, kStacks, false);
  }
  std::unique_ptr<Heartbeat> heartbeat;
  if (readiness && plan.ha && readiness->state().lifecycle == StepState::pending &&
      readiness->state().failure.empty()) {
    heartbeat = std::make_unique<Heartbeat>(*sv.signaler, readiness->state(),
                                            plan.readiness.heartbeat_interval, sv.log);
  }

  try {
    // 2. The service user and directories.
    if (!ops.user_exists(kStacksUser)) ops.create_system_user(kStacksUser, node::kDataDir);
    ops.make_dir(node::kConfigDir, 0750, kRootStacks);
    ops.make_dir(node::kLogDir, 0755, kRoot);
    if (ops.exists(o.settings_file)) ops.set_owner(o.settings_file, kRootStacks, false);

    // 3. The data volume.
    fs::path link;
    std::vector<fs::path> candidates;
    if (!plan.ha) {
      link = ebs_by_id_path(s.data_volume.volume_id);
      candidates = {link};
      if (!ops.exists(link) && sv.attach_volume &&
          ops.step(fmt::format("attach EBS volume {} to {} at {}", s.data_volume.volume_id,
                               sv.identity.instance_id, s.data_volume.device_name))) {
        sv.attach_volume(s.data_volume.volume_id);
      }
    } else {
      candidates = device_name_links(s.data_volume.device_name);
    }
    std::optional<fs::path> found;
    if (ops.dry_run()) {
      ops.step("wait for " + candidates.front().string());
      found = candidates.front();
    } else {
      found = wait_for_device(ops, candidates, o.device_timeout, o.poll_step, sv.sleep);
    }
    if (!found)
      throw Failure(fmt::format("the data volume did not appear within {} s (looked for {})",
                                o.device_timeout.count(),
                                util::join(
                                    [&] {
                                      std::vector<std::string> v;
                                      for (auto& x : candidates)
                                        v.push_back(x.string());
                                      return v;
                                    }(),
                                    ", ")));
    DataVolume vol = prepare_data_volume(ops, *found, plan.mount_point);
    result.formatted = vol.formatted;
    log(fmt::format("data volume {} ({}) mounted at {}{}", found->string(), vol.device.string(),
                    plan.mount_point.string(), vol.formatted ? " (new XFS filesystem)" : ""));
    ops.set_owner(plan.mount_point, kStacks, false);
    ops.make_dir(plan.mount_point, 0750, kStacks);
    ops.make_dir(node::kNodeWorkingDir, 0750, kStacks);
    if (plan.signer) ops.make_dir(fs::path(node::kSignerDbPath).parent_path(), 0750, kStacks);

    // 4. The Stacks release.
    ReleaseSpec spec;
    spec.version = s.stacks_version;
    spec.cpu = c.cpu_type;
    if (!o.release_base_url.empty()) spec.base_url = o.release_base_url;
    spec.binaries = plan.binaries;
    InstalledRelease rel = install_release(spec, ops);
    result.release_dir = rel.dir.string();
    result.release_downloaded = rel.downloaded;
    CommandOutput v =
        ops.run({ops.host_path(rel.dir / "stacks-node").string(), "version"}, CommandKind::probe);
    if (!ops.dry_run()) {
      log(fmt::format("installed {} from {}", util::trim(v.out), rel.asset));
      if (!rel.why_musl.empty()) log(rel.why_musl);
    }

    // 5. Chainstate.
    if (!plan.chainstate_url.empty() && !has_chainstate(ops, node::kNodeWorkingDir) && sv.restore &&
        ops.step(fmt::format("restore chainstate {} into {}", plan.chainstate_url,
                             node::kNodeWorkingDir))) {
      restore::RestoreOptions ro;
      ro.url = plan.chainstate_url;
      ro.dir = ops.host_path(node::kNodeWorkingDir);
      ro.sha256 = c.chainstate_sha256;
      ro.network_dir = std::string(node::network_params(c.network).burnchain_mode);
      ro.owner = ops.host_path("/") == "/" ? kStacksUser : "";
      sv.restore(ro);
      result.restored = true;
    }

    // 6. Configuration, checked by the binaries themselves before any start.
    RecordingSecrets secrets(sv.secrets);
    const std::string node_toml =
        render::to_toml(render::node_config(c, secrets), "stacks-node configuration", c);
    ops.write_file(node::kNodeConfigFile, node_toml, 0640, kRootStacks);
    if (plan.signer) {
      const std::string signer_toml =
          render::to_toml(render::signer_config(c, secrets), "stacks-signer configuration", c);
      ops.write_file(node::kSignerConfigFile, signer_toml, 0640, kRootStacks);
    }
    auto scrub = [&](std::string t) { return secrets.scrub(std::move(t)); };
    check_release_config(ops, rel.dir, "stacks-node", std::string(node::kNodeConfigFile), scrub);
    if (plan.signer)
      check_release_config(ops, rel.dir, "stacks-signer", std::string(node::kSignerConfigFile),
                           scrub);

    // 7. Never two signers on one key.
    if (plan.signer && sv.take_signer_lease &&
        ops.step("take the signer lease s3://" + s.snr_binary.bucket + "/" +
                 s.secrets.signer_lease_key)) {
      sv.take_signer_lease();
    }

    // 8. The CloudWatch agent: OS metrics and log shipping.
    if (o.cloudwatch_agent) {
      if (!ops.exists(kCwAgentCtl)) {
        CommandOutput r =
            ops.run({"dnf", "install", "-y", "amazon-cloudwatch-agent"}, CommandKind::system);
        if (r.exit_code != 0)
          throw Failure("dnf install amazon-cloudwatch-agent failed: " +
                        std::string(util::trim(r.err)));
      }
      CwAgentInputs in{s.kind, s.log_group, plan.mount_point.string(), plan.signer};
      ops.write_file(kCwAgentConfigFile, cloudwatch_agent_config(in).dump(2) + "\n", 0644, kRoot);
      CommandOutput r = ops.run({kCwAgentCtl, "-a", "fetch-config", "-m", "ec2", "-s", "-c",
                                 std::string("file:") + kCwAgentConfigFile},
                                CommandKind::system);
      if (r.exit_code != 0)
        throw Failure("amazon-cloudwatch-agent-ctl fetch-config failed: " +
                      std::string(util::trim(r.err)));
    }

    // 9. Services: signer before node; the agent takes over the signals.
    for (const InstallFile& f : service_files(plan.signer))
      ops.write_file(f.path, f.content, 0644, kRoot);
    systemctl(ops, {"daemon-reload"});
    std::vector<std::string> units;
    if (plan.signer) units.push_back("stacks-signer.service");
    units.push_back("stacks-node.service");
    units.push_back("snr-agent.service");
    for (const auto& u : units) {
      systemctl(ops, {"enable", u});
      systemctl(ops, {"restart", u});
    }
    if (heartbeat) heartbeat->stop();

    // 10. Single node: signal SUCCESS once the node answers (bounded); else snr-agent does.
    if (readiness && !plan.ha && readiness->pending() &&
        ops.step("wait up to " + std::to_string(o.ready_timeout.count()) + " s for " +
                 plan.node_rpc_url + "/v2/info, then SignalResource SUCCESS")) {
      NodeRpcClient rpc(plan.node_rpc_url, std::chrono::seconds(3));
      std::chrono::milliseconds waited{0};
      for (;;) {
        if (rpc.get("/v2/info", body_cap::kInfo).kind == RpcResponse::Kind::ok) {
          result.signalled = readiness->advance(true, false);
          break;
        }
        if (waited >= o.ready_timeout) {
          log("the node RPC did not answer within " + std::to_string(o.ready_timeout.count()) +
              " s: snr-agent sends the signal when it does");
          break;
        }
        sv.sleep(o.poll_step);
        waited += o.poll_step;
      }
    }
  } catch (const std::exception& e) {
    if (heartbeat) heartbeat->stop();
    if (readiness) readiness->fail(e.what());
    throw;
  }
  return result;
}

}  // namespace snr::agent
