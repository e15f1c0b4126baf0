#include "util/env.h"

#include <unistd.h>  // environ

#include "util/strings.h"

namespace snr::util {

Environment process_environment() {
  Environment env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return env;
}

std::optional<std::string> env_value(const Environment& env, std::string_view name) {
  auto it = env.find(name);
  if (it == env.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

bool env_flag(const Environment& env, std::string_view name) {
  auto v = env_value(env, name);
  return v && to_lower(trim(*v)) == "true";
}

}  // namespace snr::util
