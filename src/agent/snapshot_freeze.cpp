#include "agent/snapshot_freeze.h"

#include <nlohmann/json.hpp>

#include "util/error.h"

namespace snr::agent {

namespace {

void freeze_systemctl(HostOps& host, const std::string& verb, const std::string& unit) {
  CommandOutput r = host.run({"systemctl", verb, unit}, CommandKind::system);
  if (r.exit_code != 0) {
    throw Failure("systemctl " + verb + " " + unit + " failed (exit " +
                  std::to_string(r.exit_code) + "): " + r.err);
  }
}

void freeze_start_all(HostOps& host, const std::vector<std::string>& units) {
  for (auto it = units.rbegin(); it != units.rend(); ++it) freeze_systemctl(host, "start", *it);
}

}  // namespace

std::vector<std::string> freeze_units(bool signer) {
  std::vector<std::string> u{"stacks-node.service"};
  if (signer) u.push_back("stacks-signer.service");
  return u;
}

std::string version_of(const std::string& server_version) {
  const std::string prefix = "stacks-node ";
  std::string v = server_version;
  if (v.rfind(prefix, 0) == 0) v = v.substr(prefix.size());
  return v.substr(0, v.find(' '));
}

std::string snapshot_prepare(HostOps& host, const FreezeOptions& o,
                             const std::function<NodeFacts()>& facts) {
  NodeFacts f = facts();  // before stopping: a stopped node answers nothing
  // The dead man's switch first: whatever happens next, the units start again.
  std::vector<std::string> units = freeze_units(o.signer);
  host.run({"systemctl", "stop", std::string(kThawUnit) + ".timer"}, CommandKind::system);
  std::vector<std::string> arm{"systemd-run",
                               "--unit=" + std::string(kThawUnit),
                               "--on-active=" + std::to_string(o.thaw_after.count()),
                               "--timer-property=AccuracySec=1s",
                               "/bin/systemctl",
                               "start"};
  arm.insert(arm.end(), units.rbegin(), units.rend());
  CommandOutput armed = host.run(arm, CommandKind::system);
  if (armed.exit_code != 0)
    throw Failure("cannot arm the thaw timer (systemd-run): " + armed.err);
  std::vector<std::string> stopped;
  try {
    for (const std::string& u : units) {
      freeze_systemctl(host, "stop", u);
      stopped.push_back(u);
    }
    CommandOutput s = host.run({"sync", "-f", o.data_dir}, CommandKind::system);
    if (s.exit_code != 0) throw Failure("sync -f " + o.data_dir + " failed: " + s.err);
  } catch (...) {
    try {
      freeze_start_all(host, stopped);
    } catch (const std::exception&) {
      // The thaw timer starts them at its deadline.
    }
    throw;
  }
  return nlohmann::json{{"stacks_version", f.stacks_version},
                        {"tip_height", f.tip_height},
                        {"burn_height", f.burn_height}}
      .dump();
}

void snapshot_done(HostOps& host, const FreezeOptions& o, std::chrono::seconds wait_healthy,
                   const std::function<bool()>& healthy, const Clock& clock,
                   const Sleeper& sleep) {
  host.run({"systemctl", "stop", std::string(kThawUnit) + ".timer"}, CommandKind::system);
  freeze_start_all(host, freeze_units(o.signer));
  if (wait_healthy.count() <= 0) return;
  const auto deadline = clock.now() + wait_healthy;
  while (!healthy()) {
    if (clock.now() >= deadline) {
      throw Failure("the node did not report healthy within " +
                    std::to_string(wait_healthy.count()) + " s after its snapshot restart");
    }
    sleep(std::chrono::seconds(5));
  }
}

}  // namespace snr::agent
