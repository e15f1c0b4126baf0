#include "agent/upgrade/upgrade_state.h"

#include <nlohmann/json.hpp>

#include "util/error.h"

namespace snr::agent {
namespace {

constexpr std::pair<UpgradePhase, std::string_view> kPhases[] = {
    {UpgradePhase::stopping, "stopping"},
    {UpgradePhase::swapped, "swapped"},
    {UpgradePhase::started, "started"},
    {UpgradePhase::rolling_back, "rolling-back"},
};

}  // namespace

std::string_view to_string(UpgradePhase phase) {
  for (const auto& [p, name] : kPhases)
    if (p == phase) return name;
  return "?";
}

fs::path upgrade_state_path(const fs::path& mount) {
  return mount / kUpgradeStateFile;
}

std::optional<UpgradeState> load_upgrade_state(HostOps& ops, const fs::path& mount) {
  const fs::path file = upgrade_state_path(mount);
  auto text = ops.read_file(file);
  if (!text) return std::nullopt;
  try {
    auto j = nlohmann::json::parse(*text);
    UpgradeState s;
    s.from = j.at("from").get<std::string>();
    s.to = j.at("to").get<std::string>();
    const std::string phase = j.at("phase").get<std::string>();
    bool known = false;
    for (const auto& [p, name] : kPhases) {
      if (name == phase) s.phase = p, known = true;
    }
    if (!known) throw Failure(file.string() + ": unknown phase \"" + phase + "\"");
    s.new_version_started = j.value("new_version_started", false);
    s.reason = j.value("reason", "");
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw Failure(file.string() + " is not an upgrade record (" + e.what() +
                  "): look at the node and remove it by hand");
  }
}

void save_upgrade_state(HostOps& ops, const fs::path& mount, const UpgradeState& s) {
  nlohmann::json j = {{"from", s.from},
                      {"to", s.to},
                      {"phase", std::string(to_string(s.phase))},
                      {"new_version_started", s.new_version_started},
                      {"reason", s.reason}};
  ops.write_file(upgrade_state_path(mount), j.dump(2) + "\n", 0644, Owner{});
}

void clear_upgrade_state(HostOps& ops, const fs::path& mount) {
  if (!ops.exists(upgrade_state_path(mount))) return;
  if (!ops.step("remove " + upgrade_state_path(mount).string())) return;
  std::error_code ec;
  fs::remove(ops.host_path(upgrade_state_path(mount)), ec);
}

}  // namespace snr::agent
