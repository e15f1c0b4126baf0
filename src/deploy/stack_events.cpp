#include "deploy/stack_events.h"

#include <algorithm>
#include <iomanip>
#include <ostream>
#include <set>
#include <thread>

#include "aws/error.h"

namespace snr::deploy {
namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string clock_of(const std::optional<aws::Timestamp>& t) {
  if (!t) return "--:--:--";
  std::string iso = aws::format_iso8601(*t);  // 2026-11-24T12:00:01Z
  return iso.size() >= 19 ? iso.substr(11, 8) : iso;
}

}  // namespace

std::optional<aws::Stack> CloudFormationStackApi::describe_stack(const std::string& name) {
  return cfn_.describe_stack(name);
}

std::vector<aws::StackEvent> CloudFormationStackApi::events_since(const std::string& name,
                                                                  const std::string& after) {
  try {
    return cfn_.describe_stack_events(name, after);
  } catch (const aws::AwsError& e) {
    if (aws::is_stack_not_found(e)) return {};  // deleted: its name no longer resolves
    throw;
  }
}

bool is_terminal(const std::string& status) {
  return !status.empty() && !ends_with(status, "_IN_PROGRESS");
}

bool is_success(const std::string& status, bool deleting) {
  if (deleting) return status == "DELETE_COMPLETE";
  return status == "CREATE_COMPLETE" || status == "UPDATE_COMPLETE" || status == "IMPORT_COMPLETE";
}

std::string newest_event_id(StackApi& api, const std::string& stack) {
  auto events = api.events_since(stack, "");
  return events.empty() ? "" : events.front().event_id;
}

WatchResult watch_stack(StackApi& api, const std::string& stack, const std::string& after,
                        std::ostream& out, const WatchOptions& o) {
  WatchResult r;
  std::string last = after;
  std::set<std::string> done;  // resources that reached a *_COMPLETE
  auto sleep =
      o.sleep ? o.sleep : [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  const int width = static_cast<int>(std::to_string(std::max(o.total_resources, 1)).size());
  while (true) {
    auto events = api.events_since(stack, last);  // newest first
    std::reverse(events.begin(), events.end());
    for (const auto& e : events) {
      last = e.event_id;
      const bool is_stack = e.resource_type == "AWS::CloudFormation::Stack";
      if (!is_stack && ends_with(e.resource_status, "_COMPLETE")) done.insert(e.logical_id);
      if (ends_with(e.resource_status, "_FAILED") && !is_stack) r.failures.push_back(e);
      out << " " << std::setw(width) << done.size() << "/" << o.total_resources << " | "
          << clock_of(e.timestamp) << " | " << std::left << std::setw(24) << e.resource_status
          << std::right << " | " << e.resource_type << " | " << e.logical_id;
      if (!e.resource_status_reason.empty() && ends_with(e.resource_status, "_FAILED")) {
        out << ": " << e.resource_status_reason;
      }
      out << '\n';
    }
    auto s = api.describe_stack(stack);
    if (!s) {  // gone: deleted (or never was)
      r.final_status = "DELETE_COMPLETE";
      return r;
    }
    if (is_terminal(s->status) && s->status != "REVIEW_IN_PROGRESS") {
      r.final_status = s->status;
      return r;
    }
    if (o.interrupted && o.interrupted()) {
      r.final_status = s->status;
      r.interrupted = true;
      return r;
    }
    sleep(o.poll);
  }
}

std::vector<std::string> describe_failures(const std::vector<aws::StackEvent>& failures) {
  std::vector<std::string> out;
  for (const auto& e : failures) {
    std::string reason =
        e.resource_status_reason.empty() ? "(no reason given)" : e.resource_status_reason;
    // Resources cancelled because another one failed only repeat the cause.
    if (reason.find("Resource creation cancelled") != std::string::npos) continue;
    out.push_back("  " + e.resource_status + "  " + e.logical_id + " (" + e.resource_type +
                  "): " + reason);
  }
  return out;
}

}  // namespace snr::deploy
