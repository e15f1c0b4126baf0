#include "deploy/change_summary.h"

#include <set>

namespace snr::deploy {
namespace {

using nlohmann::json;

std::string describe_targets(const aws::ResourceChange& c) {
  std::set<std::string> names;
  for (const auto& d : c.details) {
    if (!d.target_name.empty()) names.insert(d.target_name);
  }
  std::string scope;
  for (const auto& s : c.scope)
    scope += (scope.empty() ? "" : ", ") + s;
  if (scope.empty()) return "";
  std::string out = " [" + scope;
  if (!names.empty()) {
    out += ":";
    bool first = true;
    for (const auto& n : names) {
      out += (first ? " " : ", ") + n;
      first = false;
    }
  }
  return out + "]";
}

/// Statements and rules that grant something, keyed by where they live.
std::set<std::string> grants(const json& t) {
  std::set<std::string> out;
  if (!t.is_object() || !t.contains("Resources")) return out;
  auto add_statements = [&](const std::string& id, const json& doc) {
    if (!doc.is_object() || !doc.contains("Statement")) return;
    const json& st = doc["Statement"];
    for (const json& s : st.is_array() ? st : json::array({st})) {
      if (s.value("Effect", "Allow") != "Allow") continue;
      out.insert("IAM " + id + ": " + s.dump());
    }
  };
  for (const auto& [id, r] : t["Resources"].items()) {
    const std::string type = r.value("Type", "");
    const json& p = r.contains("Properties") ? r["Properties"] : json::object();
    if (type == "AWS::IAM::Role") {
      for (const json& pol : p.value("Policies", json::array())) {
        add_statements(id, pol.value("PolicyDocument", json::object()));
      }
      for (const json& arn : p.value("ManagedPolicyArns", json::array())) {
        out.insert("IAM " + id + ": managed policy " + arn.dump());
      }
    } else if (type == "AWS::IAM::Policy" || type == "AWS::IAM::ManagedPolicy") {
      add_statements(id, p.value("PolicyDocument", json::object()));
    } else if (type == "AWS::EC2::SecurityGroup") {
      for (const json& rule : p.value("SecurityGroupIngress", json::array())) {
        out.insert("ingress " + id + ": " + rule.dump());
      }
    } else if (type == "AWS::EC2::SecurityGroupIngress") {
      out.insert("ingress " + id + ": " + p.dump());
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> summarize(const aws::ChangeSet& cs) {
  std::vector<std::string> out;
  for (const auto& c : cs.changes) {
    std::string what = c.logical_id + " (" + c.resource_type + ")";
    if (c.action == "Add") {
      out.push_back("  + " + what);
    } else if (c.action == "Remove") {
      out.push_back("  - " + what);
    } else if (c.action == "Modify" && c.replacement == "True") {
      out.push_back("  ! " + what + " REPLACE" + describe_targets(c));
    } else if (c.action == "Modify" && c.replacement == "Conditional") {
      out.push_back("  ! " + what + " MAY REPLACE" + describe_targets(c));
    } else {
      out.push_back("  ~ " + what + describe_targets(c));
    }
  }
  return out;
}

std::vector<std::string> summarize_new_stack(const json& t) {
  std::vector<std::string> out;
  if (!t.contains("Resources")) return out;
  for (const auto& [id, r] : t["Resources"].items()) {
    out.push_back("  + " + id + " (" + r.value("Type", "?") + ")");
  }
  return out;
}

bool is_empty_change_set(const aws::ChangeSet& cs) {
  if (cs.status != "FAILED") return false;
  const std::string& r = cs.status_reason;
  return r.find("didn't contain changes") != std::string::npos ||
         r.find("No updates are to be performed") != std::string::npos ||
         r.find("does not contain any changes") != std::string::npos;
}

std::vector<std::string> node_replacements(const aws::ChangeSet& cs) {
  std::vector<std::string> out;
  for (const auto& c : cs.changes) {
    const bool node =
        c.resource_type == "AWS::EC2::Instance" || c.resource_type == "AWS::EC2::Volume";
    const bool group = c.resource_type == "AWS::AutoScaling::AutoScalingGroup";
    if (!node && !group) continue;
    std::string what;
    if (c.action == "Remove") {
      what = "is removed";
    } else if (c.action == "Modify" && group) {
      what = "is changed (a new group of nodes replaces it)";
    } else if (c.action == "Modify" && c.replacement == "True") {
      what = "is replaced";
    } else if (c.action == "Modify" && c.replacement == "Conditional") {
      what = "may be replaced";
    } else {
      continue;
    }
    out.push_back(c.logical_id + " (" + c.resource_type + ") " + what);
  }
  return out;
}

std::vector<aws::ResourceChange> replaced_or_removed(const aws::ChangeSet& cs) {
  std::vector<aws::ResourceChange> out;
  for (const auto& c : cs.changes) {
    if (c.action == "Remove" ||
        (c.action == "Modify" && c.replacement != "False" && !c.replacement.empty())) {
      out.push_back(c);
    }
  }
  return out;
}

std::vector<std::string> broadening_changes(const json& old_template, const json& new_template) {
  std::set<std::string> before = grants(old_template);
  std::vector<std::string> out;
  for (const auto& g : grants(new_template)) {
    if (!before.count(g)) out.push_back(g);
  }
  return out;
}

std::optional<Approval> parse_approval(std::string_view s) {
  if (s == "never") return Approval::never;
  if (s == "broadening") return Approval::broadening;
  if (s == "any-change") return Approval::any_change;
  return std::nullopt;
}

}  // namespace snr::deploy
