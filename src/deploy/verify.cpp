#include "deploy/verify.h"

#include <map>

namespace snr::deploy {

std::vector<MissingResource> missing_resources(const nlohmann::json& t,
                                               const std::vector<aws::StackResourceSummary>& held) {
  std::map<std::string, std::string> status;
  for (const auto& r : held) {
    if (!r.logical_id.empty()) status[r.logical_id] = r.status;
  }
  std::vector<MissingResource> out;
  if (!t.contains("Resources")) return out;
  for (const auto& [id, r] : t["Resources"].items()) {
    auto it = status.find(id);
    std::string s = it == status.end() ? "" : it->second;
    bool complete = s.size() >= 9 && s.compare(s.size() - 9, 9, "_COMPLETE") == 0 &&
                    s.find("DELETE") == std::string::npos &&
                    s.find("ROLLBACK") == std::string::npos;
    if (!complete) out.push_back({id, r.value("Type", "?"), s});
  }
  return out;
}

}  // namespace snr::deploy
