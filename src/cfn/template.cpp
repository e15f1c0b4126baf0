#include "cfn/template.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>
#include <stdexcept>

namespace snr::cfn {

namespace {

const char* policy_name(DeletionPolicy p) {
  switch (p) {
    case DeletionPolicy::delete_:
      return "Delete";
    case DeletionPolicy::retain:
      return "Retain";
    case DeletionPolicy::snapshot:
      return "Snapshot";
    case DeletionPolicy::retain_except_on_create:
      return "RetainExceptOnCreate";
    case DeletionPolicy::unset:
      break;
  }
  return "";
}

void check_id(const std::string& id, const char* what) {
  if (!is_valid_logical_id(id))
    throw std::logic_error(std::string("cfn: invalid ") + what + " logical id \"" + id + "\"");
}

/// The names a Fn::Sub string refers to: ${Name} and ${Name.Attr}, not ${!Literal}.
std::vector<std::string> sub_names(const std::string& s) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = s.find("${", pos)) != std::string::npos) {
    std::size_t end = s.find('}', pos + 2);
    if (end == std::string::npos) break;
    std::string name = s.substr(pos + 2, end - pos - 2);
    if (!name.empty() && name[0] != '!') out.push_back(name);
    pos = end + 1;
  }
  return out;
}

}  // namespace

bool is_valid_logical_id(const std::string& id) {
  if (id.empty() || id.size() > 255) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  return true;
}

Resource& Resource::depends(std::string logical_id) {
  for (const auto& d : depends_on)
    if (d == logical_id) return *this;
  depends_on.push_back(std::move(logical_id));
  return *this;
}

Resource& Resource::suppress(std::string rule_id, std::string reason,
                             std::vector<std::string> applies_to) {
  suppressions.push_back({std::move(rule_id), std::move(reason), std::move(applies_to)});
  return *this;
}

Resource& Resource::retention(DeletionPolicy p) {
  deletion_policy = p;
  update_replace_policy = p;
  return *this;
}

Template::Template(std::string description) : description_(std::move(description)) {}

void Template::add_parameter(const std::string& logical_id, Parameter p) {
  check_id(logical_id, "parameter");
  if (parameters_.count(logical_id) || resources_.count(logical_id))
    throw std::logic_error("cfn: duplicate logical id " + logical_id);
  parameters_.emplace(logical_id, std::move(p));
}

void Template::add_condition(const std::string& logical_id, Json expression) {
  check_id(logical_id, "condition");
  if (!conditions_.emplace(logical_id, std::move(expression)).second)
    throw std::logic_error("cfn: duplicate condition " + logical_id);
}

Resource& Template::add_resource(const std::string& logical_id, std::string type, Json properties) {
  check_id(logical_id, "resource");
  if (parameters_.count(logical_id) || resources_.count(logical_id))
    throw std::logic_error("cfn: duplicate logical id " + logical_id);
  Resource r;
  r.type = std::move(type);
  r.properties = std::move(properties);
  return resources_.emplace(logical_id, std::move(r)).first->second;
}

void Template::add_output(const std::string& logical_id, Output o) {
  // Output ids follow the same rules; lower-case ids ("region") are valid.
  check_id(logical_id, "output");
  if (!outputs_.emplace(logical_id, std::move(o)).second)
    throw std::logic_error("cfn: duplicate output " + logical_id);
}

void Template::set_metadata(const std::string& key, Json value) {
  metadata_[key] = std::move(value);
}

Resource& Template::resource(const std::string& id) {
  return resources_.at(id);
}
const Resource& Template::resource(const std::string& id) const {
  return resources_.at(id);
}

std::vector<std::string> Template::reference_problems() const {
  std::vector<std::string> problems;
  auto known = [&](const std::string& name) {
    return pseudo::is_pseudo(name) || parameters_.count(name) || resources_.count(name);
  };
  auto need_condition = [&](const std::string& where, const std::string& c) {
    if (!c.empty() && !conditions_.count(c)) problems.push_back(where + ": unknown condition " + c);
  };
  // Walks a value; `vars` are the names of the enclosing Fn::Sub variable map.
  std::function<void(const std::string&, const Json&)> walk = [&](const std::string& where,
                                                                  const Json& j) {
    if (j.is_array()) {
      for (const auto& e : j)
        walk(where, e);
      return;
    }
    if (!j.is_object()) return;
    if (j.size() == 1) {
      const std::string key = j.begin().key();
      const Json& arg = j.begin().value();
      if (key == "Ref" && arg.is_string()) {
        if (!known(arg.get<std::string>()))
          problems.push_back(where + ": Ref to unknown " + arg.get<std::string>());
        return;
      }
      if (key == "Fn::GetAtt" && arg.is_array() && arg.size() == 2 && arg[0].is_string()) {
        if (!resources_.count(arg[0].get<std::string>()))
          problems.push_back(where + ": GetAtt of unknown resource " + arg[0].get<std::string>());
        return;
      }
      if (key == "Fn::Sub") {
        std::string text;
        std::set<std::string> vars;
        if (arg.is_string()) {
          text = arg.get<std::string>();
        } else if (arg.is_array() && arg.size() == 2 && arg[0].is_string()) {
          text = arg[0].get<std::string>();
          for (const auto& [k, v] : arg[1].items()) {
            vars.insert(k);
            walk(where, v);
          }
        }
        for (const auto& n : sub_names(text)) {
          std::string base = n.substr(0, n.find('.'));
          if (vars.count(n) || vars.count(base)) continue;
          if (n.find('.') != std::string::npos && !pseudo::is_pseudo(n)) {
            if (!resources_.count(base))
              problems.push_back(where + ": Fn::Sub attribute of unknown resource " + base);
          } else if (!known(n)) {
            problems.push_back(where + ": Fn::Sub variable " + n + " is unknown");
          }
        }
        return;
      }
      if (key == "Fn::If" && arg.is_array() && !arg.empty() && arg[0].is_string()) {
        need_condition(where, arg[0].get<std::string>());
        for (std::size_t i = 1; i < arg.size(); ++i)
          walk(where, arg[i]);
        return;
      }
      if (key == "Condition" && arg.is_string()) {
        need_condition(where, arg.get<std::string>());
        return;
      }
    }
    for (const auto& [k, v] : j.items())
      walk(where, v);
  };
  for (const auto& [id, c] : conditions_)
    walk("Conditions." + id, c);
  for (const auto& [id, r] : resources_) {
    const std::string where = "Resources." + id;
    walk(where, r.properties);
    walk(where, r.creation_policy);
    walk(where, r.update_policy);
    need_condition(where, r.condition);
    for (const auto& d : r.depends_on)
      if (!resources_.count(d)) problems.push_back(where + ": DependsOn unknown " + d);
  }
  for (const auto& [id, o] : outputs_) {
    walk("Outputs." + id, o.value);
    need_condition("Outputs." + id, o.condition);
  }
  return problems;
}

Json Template::to_json() const {
  Json t;
  t["AWSTemplateFormatVersion"] = "2010-09-09";
  t["Description"] = description_;
  if (!metadata_.empty()) t["Metadata"] = metadata_;
  if (!parameters_.empty()) {
    Json& ps = t["Parameters"];
    for (const auto& [id, p] : parameters_) {
      Json j;
      j["Type"] = p.type;
      if (!p.description.empty()) j["Description"] = p.description;
      if (p.default_value) j["Default"] = *p.default_value;
      if (!p.allowed_pattern.empty()) j["AllowedPattern"] = p.allowed_pattern;
      if (!p.allowed_values.empty()) j["AllowedValues"] = p.allowed_values;
      if (!p.constraint_description.empty()) j["ConstraintDescription"] = p.constraint_description;
      if (p.no_echo) j["NoEcho"] = true;
      ps[id] = std::move(j);
    }
  }
  if (!conditions_.empty()) t["Conditions"] = conditions_;
  Json& rs = t["Resources"];
  rs = Json::object();
  for (const auto& [id, r] : resources_) {
    Json j;
    j["Type"] = r.type;
    if (!r.properties.empty()) j["Properties"] = r.properties;
    if (!r.depends_on.empty()) {
      std::vector<std::string> deps = r.depends_on;
      std::sort(deps.begin(), deps.end());
      j["DependsOn"] = deps;
    }
    if (!r.condition.empty()) j["Condition"] = r.condition;
    Json metadata = r.metadata;
    if (!r.suppressions.empty()) {
      Json list = Json::array();
      for (const auto& s : r.suppressions) {
        Json e{{"id", s.rule_id}, {"reason", s.reason}};
        if (!s.applies_to.empty()) e["applies_to"] = s.applies_to;
        list.push_back(std::move(e));
      }
      metadata["cdk_nag"]["rules_to_suppress"] = std::move(list);
    }
    if (!metadata.empty()) j["Metadata"] = std::move(metadata);
    if (!r.creation_policy.is_null()) j["CreationPolicy"] = r.creation_policy;
    if (!r.update_policy.is_null()) j["UpdatePolicy"] = r.update_policy;
    if (r.deletion_policy != DeletionPolicy::unset)
      j["DeletionPolicy"] = policy_name(r.deletion_policy);
    if (r.update_replace_policy != DeletionPolicy::unset)
      j["UpdateReplacePolicy"] = policy_name(r.update_replace_policy);
    rs[id] = std::move(j);
  }
  if (!outputs_.empty()) {
    Json& os = t["Outputs"];
    for (const auto& [id, o] : outputs_) {
      Json j;
      j["Value"] = o.value;
      if (!o.description.empty()) j["Description"] = o.description;
      if (!o.export_name.empty()) j["Export"] = Json{{"Name", o.export_name}};
      if (!o.condition.empty()) j["Condition"] = o.condition;
      os[id] = std::move(j);
    }
  }
  return t;
}

std::string Template::render() const {
  return to_json().dump(1) + "\n";
}

}  // namespace snr::cfn
