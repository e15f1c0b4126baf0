#include "infra/iam_policy.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace snr::infra::iam {

const char* to_string(Decision d) {
  switch (d) {
    case Decision::allow:
      return "allow";
    case Decision::implicit_deny:
      return "implicit deny";
    case Decision::explicit_deny:
      return "explicit deny";
  }
  return "?";
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

bool char_eq(char a, char b, bool ignore_case) {
  if (!ignore_case) return a == b;
  return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
}

std::vector<std::string> strings_of(const Json& j, const char* what) {
  std::vector<std::string> out;
  if (j.is_string()) {
    out.push_back(j.get<std::string>());
  } else if (j.is_array()) {
    for (const auto& e : j) {
      if (e.is_string())
        out.push_back(e.get<std::string>());
      else if (e.is_boolean())
        out.push_back(e.get<bool>() ? "true" : "false");
      else if (e.is_number())
        out.push_back(e.dump());
      else
        throw std::invalid_argument(std::string(what) + ": not a string: " + e.dump());
    }
  } else if (j.is_boolean()) {
    out.push_back(j.get<bool>() ? "true" : "false");
  } else if (j.is_number()) {
    out.push_back(j.dump());
  } else {
    throw std::invalid_argument(std::string(what) + ": not a string or list: " + j.dump());
  }
  return out;
}

const std::vector<std::string>* find_key(const Request& r, const std::string& key) {
  const std::string k = lower(key);
  for (const auto& [name, values] : r.context)
    if (lower(name) == k) return &values;
  return nullptr;
}

/// Replaces ${aws:...} policy variables from the request context. An unknown
/// variable makes the element match nothing (AWS: the statement does not apply).
bool substitute_variables(const std::string& in, const Request& r, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in.compare(i, 2, "${") != 0) {
      out += in[i];
      continue;
    }
    std::size_t end = in.find('}', i);
    if (end == std::string::npos) throw std::invalid_argument("unterminated ${ in " + in);
    std::string name = in.substr(i + 2, end - i - 2);
    if (name == "*" || name == "?" || name == "$") {
      // Literal characters: escaped so the wildcard match takes them as such.
      out += '\x01';
      out += name;
    } else {
      const auto* v = find_key(r, name);
      if (!v || v->size() != 1) return false;
      out += (*v)[0];
    }
    i = end;
  }
  return true;
}

bool match_impl(std::string_view p, std::string_view v, bool ignore_case) {
  // Iterative glob with backtracking on the last '*'.
  std::size_t pi = 0, vi = 0, star = std::string_view::npos, mark = 0;
  while (vi < v.size()) {
    if (pi < p.size() && p[pi] == '\x01' && pi + 1 < p.size()) {
      if (char_eq(p[pi + 1], v[vi], ignore_case)) {
        pi += 2;
        ++vi;
        continue;
      }
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = vi;
      continue;
    } else if (pi < p.size() && (p[pi] == '?' || char_eq(p[pi], v[vi], ignore_case))) {
      ++pi;
      ++vi;
      continue;
    }
    if (star == std::string_view::npos) return false;
    pi = star + 1;
    vi = ++mark;
  }
  while (pi < p.size() && p[pi] == '*')
    ++pi;
  return pi == p.size();
}

bool element_matches(const Json& patterns, const std::string& value, bool ignore_case,
                     const Request& r, const char* what) {
  for (const auto& p : strings_of(patterns, what)) {
    std::string expanded;
    if (!substitute_variables(p, r, expanded)) continue;
    if (match_impl(expanded, value, ignore_case)) return true;
  }
  return false;
}

/// The six colon-separated parts of an ARN (the last keeps its colons).
std::vector<std::string> arn_parts(const std::string& arn) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    std::size_t c = arn.find(':', start);
    if (c == std::string::npos) return {};
    parts.push_back(arn.substr(start, c - start));
    start = c + 1;
  }
  parts.push_back(arn.substr(start));
  return parts;
}

bool arn_like(const std::string& pattern, const std::string& value) {
  auto p = arn_parts(pattern);
  auto v = arn_parts(value);
  if (p.size() != 6 || v.size() != 6) return false;
  for (std::size_t i = 0; i < 6; ++i)
    if (!match_impl(p[i], v[i], false)) return false;
  return true;
}

/// One value against one condition value with the base operator.
bool value_matches(const std::string& op, const std::string& pattern, const std::string& value) {
  if (op == "StringEquals" || op == "StringNotEquals") return pattern == value;
  if (op == "StringEqualsIgnoreCase" || op == "StringNotEqualsIgnoreCase")
    return lower(pattern) == lower(value);
  if (op == "StringLike" || op == "StringNotLike") return match_impl(pattern, value, false);
  if (op == "ArnEquals" || op == "ArnNotEquals" || op == "ArnLike" || op == "ArnNotLike")
    return arn_like(pattern, value);
  if (op == "Bool") return lower(pattern) == lower(value);
  throw std::invalid_argument("condition operator " + op + " is not supported");
}

bool negated(const std::string& op) {
  return op.find("Not") != std::string::npos;
}

bool condition_matches(std::string op, const std::string& key, const Json& values_json,
                       const Request& r) {
  enum class Set { none, all, any } set = Set::none;
  if (op.rfind("ForAllValues:", 0) == 0) {
    set = Set::all;
    op = op.substr(13);
  } else if (op.rfind("ForAnyValue:", 0) == 0) {
    set = Set::any;
    op = op.substr(12);
  }
  bool if_exists = false;
  if (op.size() > 8 && op.compare(op.size() - 8, 8, "IfExists") == 0) {
    if_exists = true;
    op = op.substr(0, op.size() - 8);
  }
  std::vector<std::string> patterns;
  for (const auto& p : strings_of(values_json, "condition value")) {
    std::string expanded;
    if (substitute_variables(p, r, expanded)) patterns.push_back(expanded);
  }
  const auto* present = find_key(r, key);
  if (op == "Null") {
    if (set != Set::none || patterns.size() != 1)
      throw std::invalid_argument("Null takes one value");
    bool absent = present == nullptr || present->empty();
    return (lower(patterns[0]) == "true") == absent;
  }
  const bool neg = negated(op);
  auto any_pattern = [&](const std::string& v) {
    for (const auto& p : patterns)
      if (value_matches(op, p, v)) return true;
    return false;
  };
  // For a negated operator a value matches when it equals none of the patterns.
  auto one = [&](const std::string& v) { return neg ? !any_pattern(v) : any_pattern(v); };
  if (present == nullptr || present->empty()) {
    if (set == Set::all) return true;
    if (set == Set::any) return false;
    return if_exists || neg;
  }
  switch (set) {
    case Set::all:
      return std::all_of(present->begin(), present->end(), one);
    case Set::any:
      return std::any_of(present->begin(), present->end(), one);
    case Set::none:
      if (present->size() != 1)
        throw std::invalid_argument("condition key " + key +
                                    " has several values: use ForAllValues/ForAnyValue");
      return one((*present)[0]);
  }
  return false;
}

bool statement_applies(const Json& s, const Request& r) {
  for (const auto& [k, v] : s.items()) {
    if (k != "Sid" && k != "Effect" && k != "Action" && k != "NotAction" && k != "Resource" &&
        k != "NotResource" && k != "Condition" && k != "Principal" && k != "NotPrincipal")
      throw std::invalid_argument("policy element " + k + " is not known");
  }
  if (s.contains("Action")) {
    if (!element_matches(s["Action"], r.action, true, r, "Action")) return false;
  } else if (s.contains("NotAction")) {
    if (element_matches(s["NotAction"], r.action, true, r, "NotAction")) return false;
  } else {
    throw std::invalid_argument("statement without Action or NotAction: " + s.dump());
  }
  if (s.contains("Resource")) {
    if (!element_matches(s["Resource"], r.resource, false, r, "Resource")) return false;
  } else if (s.contains("NotResource")) {
    if (element_matches(s["NotResource"], r.resource, false, r, "NotResource")) return false;
  } else {
    throw std::invalid_argument("statement without Resource or NotResource: " + s.dump());
  }
  if (s.contains("Condition")) {
    for (const auto& [op, keys] : s["Condition"].items()) {
      if (!keys.is_object()) throw std::invalid_argument("condition " + op + " is not an object");
      for (const auto& [key, values] : keys.items())
        if (!condition_matches(op, key, values, r)) return false;
    }
  }
  return true;
}

}  // namespace

bool wildcard_match(std::string_view pattern, std::string_view value, bool ignore_case) {
  return match_impl(pattern, value, ignore_case);
}

Decision evaluate(const std::vector<Json>& documents, const Request& r) {
  bool allowed = false;
  for (const auto& doc : documents) {
    const Json& sts = doc.at("Statement");
    std::vector<Json> list = sts.is_array() ? sts.get<std::vector<Json>>() : std::vector<Json>{sts};
    for (const auto& s : list) {
      if (!statement_applies(s, r)) continue;
      const std::string effect = s.at("Effect").get<std::string>();
      if (effect == "Deny") return Decision::explicit_deny;
      if (effect != "Allow") throw std::invalid_argument("Effect " + effect + " is not known");
      allowed = true;
    }
  }
  return allowed ? Decision::allow : Decision::implicit_deny;
}

namespace {

std::string binding_of(const std::map<std::string, std::string>& m, const std::string& name,
                       const char* what) {
  auto it = m.find(name);
  if (it == m.end()) throw std::invalid_argument(std::string(what) + " " + name + " has no value");
  return it->second;
}

std::string expand_sub(const std::string& text, const std::map<std::string, std::string>& local,
                       const Bindings& b) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "${") != 0) {
      out += text[i];
      continue;
    }
    std::size_t end = text.find('}', i);
    if (end == std::string::npos) throw std::invalid_argument("unterminated ${ in " + text);
    std::string name = text.substr(i + 2, end - i - 2);
    if (!name.empty() && name[0] == '!') {
      out += "${" + name.substr(1) + "}";
    } else if (auto it = local.find(name); it != local.end()) {
      out += it->second;
    } else if (name.find('.') != std::string::npos) {
      out += binding_of(b.attrs, name, "Fn::GetAtt");
    } else {
      out += binding_of(b.refs, name, "Ref");
    }
    i = end;
  }
  return out;
}

}  // namespace

Json resolve(const Json& value, const Bindings& b) {
  if (value.is_array()) {
    Json out = Json::array();
    for (const auto& e : value)
      out.push_back(resolve(e, b));
    return out;
  }
  if (!value.is_object()) return value;
  if (value.size() == 1) {
    const auto first = value.begin();
    const std::string& fn = first.key();
    const Json& arg = first.value();
    if (fn == "Ref") return binding_of(b.refs, arg.get<std::string>(), "Ref");
    if (fn == "Fn::ImportValue")
      return binding_of(b.imports, resolve(arg, b).get<std::string>(), "Fn::ImportValue");
    if (fn == "Fn::GetAtt")
      return binding_of(b.attrs, arg.at(0).get<std::string>() + "." + arg.at(1).get<std::string>(),
                        "Fn::GetAtt");
    if (fn == "Fn::Sub") {
      if (arg.is_string()) return expand_sub(arg.get<std::string>(), {}, b);
      std::map<std::string, std::string> local;
      for (const auto& [k, v] : arg.at(1).items())
        local[k] = resolve(v, b).get<std::string>();
      return expand_sub(arg.at(0).get<std::string>(), local, b);
    }
    if (fn == "Fn::Join") {
      std::string out;
      const std::string sep = arg.at(0).get<std::string>();
      bool first = true;
      for (const auto& e : resolve(arg.at(1), b)) {
        if (!first) out += sep;
        out += e.get<std::string>();
        first = false;
      }
      return out;
    }
    if (fn.rfind("Fn::", 0) == 0) throw std::invalid_argument(fn + " is not supported");
  }
  Json out = Json::object();
  for (const auto& [k, v] : value.items())
    out[k] = resolve(v, b);
  return out;
}

}  // namespace snr::infra::iam
