#include "aws/shared_config.h"

#include <fstream>
#include <sstream>

#include "util/error.h"
#include "util/strings.h"

namespace snr::aws {

namespace {

std::filesystem::path expand_home(const std::string& path, const util::Environment& env) {
  if (path == "~" || path.rfind("~/", 0) == 0) {
    if (auto home = util::env_value(env, "HOME")) return *home + path.substr(1);
  }
  return path;
}

std::filesystem::path file_path(const util::Environment& env, std::string_view var,
                                const char* default_name) {
  if (auto p = util::env_value(env, var)) return expand_home(*p, env);
  if (auto home = util::env_value(env, "HOME"))
    return std::filesystem::path(*home) / ".aws" / default_name;
  return {};
}

std::optional<IniFile> read_ini(const std::filesystem::path& path) {
  if (path.empty()) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_ini(ss.str(), path.string());
}

}  // namespace

IniFile parse_ini(std::string_view text, const std::string& path) {
  IniFile ini;
  ini.path = path;
  std::map<std::string, std::string>* section = nullptr;
  bool in_nested = false;  // below "key =" with an empty value
  int line_no = 0;
  for (const auto& raw : util::split(text, '\n')) {
    ++line_no;
    std::string_view line = raw;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view t = util::trim(line);
    if (t.empty() || t.front() == '#' || t.front() == ';') continue;
    bool indented = line.front() == ' ' || line.front() == '\t';
    if (indented && in_nested) continue;
    in_nested = false;
    if (t.front() == '[') {
      if (t.back() != ']') {
        throw UserError(path + ":" + std::to_string(line_no),
                        "malformed section header '" + std::string(t) + "'");
      }
      std::string name(util::trim(t.substr(1, t.size() - 2)));
      section = &ini.sections[name];
      continue;
    }
    auto eq = t.find('=');
    if (eq == std::string_view::npos || !section) {
      throw UserError(path + ":" + std::to_string(line_no),
                      section ? "expected 'key = value'" : "setting outside any [section]");
    }
    std::string key = util::to_lower(util::trim(t.substr(0, eq)));
    std::string value(util::trim(t.substr(eq + 1)));
    if (value.empty()) in_nested = true;
    (*section)[key] = value;
  }
  return ini;
}

std::optional<std::string> Profile::get(const std::string& key) const {
  auto it = values.find(key);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

SharedConfig SharedConfig::load(const util::Environment& env) {
  auto config_path = file_path(env, "AWS_CONFIG_FILE", "config");
  auto credentials_path = file_path(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
  auto config = read_ini(config_path);
  auto credentials = read_ini(credentials_path);
  return SharedConfig(config_path, std::move(config), credentials_path, std::move(credentials));
}

SharedConfig::SharedConfig(std::filesystem::path config_path, std::optional<IniFile> config,
                           std::filesystem::path credentials_path,
                           std::optional<IniFile> credentials)
    : config_path_(std::move(config_path)),
      config_(std::move(config)),
      credentials_path_(std::move(credentials_path)),
      credentials_(std::move(credentials)) {}

std::string SharedConfig::describe_paths() const {
  return credentials_path_.string() + " or " + config_path_.string();
}

Profile SharedConfig::profile(const std::string& name) const {
  Profile p;
  p.name = name;
  if (config_) {
    // [profile x]; the default profile may also be plain [default].
    const std::map<std::string, std::string>* section = nullptr;
    auto it = config_->sections.find("profile " + name);
    if (it != config_->sections.end()) {
      section = &it->second;
    } else if (name == "default") {
      auto d = config_->sections.find("default");
      if (d != config_->sections.end()) section = &d->second;
    }
    if (section) {
      p.in_config = true;
      p.values = *section;
    }
  }
  if (credentials_) {
    auto it = credentials_->sections.find(name);
    if (it != credentials_->sections.end()) {
      p.in_credentials = true;
      for (const auto& [k, v] : it->second)
        p.values[k] = v;
    }
  }
  return p;
}

std::string selected_profile(const util::Environment& env,
                             const std::optional<std::string>& profile_flag) {
  if (profile_flag && !profile_flag->empty()) return *profile_flag;
  if (auto p = util::env_value(env, "AWS_PROFILE")) return *p;
  return "default";
}

}  // namespace snr::aws
