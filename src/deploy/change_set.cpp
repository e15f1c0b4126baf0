#include "deploy/change_set.h"

#include <algorithm>
#include <ctime>
#include <ostream>
#include <thread>

#include "contract/names.h"
#include "deploy/change_summary.h"
#include "util/error.h"

namespace snr::deploy {

std::string change_set_name() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "snr-%Y%m%d%H%M%S", &tm);
  return buf;
}

aws::Tags stack_tags(const infra::StackArtifact& a) {
  return {{std::string(contract::kProjectTagKey), std::string(contract::kProjectTagValue)},
          {std::string(contract::kStackIdTag), a.id}};
}

aws::CreateChangeSetRequest change_set_request(const infra::StackArtifact& a,
                                               std::vector<aws::StackParameter> parameters,
                                               aws::ChangeSetType type) {
  aws::CreateChangeSetRequest req;
  req.stack_name = a.name;
  req.change_set_name = change_set_name();
  req.template_body = a.body;
  req.parameters = std::move(parameters);
  req.capabilities = a.capabilities;
  req.type = type;
  req.tags = stack_tags(a);
  req.description = "snr " SNR_VERSION;
  return req;
}

std::optional<PlannedChange> plan_change(
    aws::CloudFormationClient& cfn, const aws::CreateChangeSetRequest& request,
    std::chrono::milliseconds poll, const std::function<void(std::chrono::milliseconds)>& sleep) {
  auto pause = sleep ? sleep : [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  PlannedChange p;
  p.id = cfn.create_change_set(request).id;
  for (;;) {
    p.change_set = cfn.describe_change_set(p.id);
    const std::string& s = p.change_set.status;
    if (s == "CREATE_COMPLETE" || s == "FAILED" || s == "DELETE_COMPLETE") break;
    pause(std::min(poll, std::chrono::milliseconds(2000)));
  }
  if (is_empty_change_set(p.change_set)) {
    cfn.delete_change_set(p.id);
    return std::nullopt;
  }
  if (p.change_set.status != "CREATE_COMPLETE") {
    cfn.delete_change_set(p.id);
    throw Failure("CloudFormation could not plan the change of " + request.stack_name + ": " +
                  p.change_set.status_reason);
  }
  return p;
}

std::vector<std::string> widened_access(aws::CloudFormationClient& cfn,
                                        const infra::StackArtifact& a, bool creating) {
  const nlohmann::json old_template =
      creating ? nlohmann::json(nullptr)
               : nlohmann::json::parse(cfn.get_template(a.name), nullptr, false);
  return broadening_changes(old_template, a.json);
}

void print_widened_access(std::ostream& out, const std::vector<std::string>& changes) {
  if (changes.empty()) return;
  out << "  security changes that widen access:\n";
  for (const auto& c : changes)
    out << "    " << c << '\n';
}

}  // namespace snr::deploy
