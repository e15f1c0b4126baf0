#include "agent/restore/safe_path.h"

#include <vector>

#include "util/strings.h"

namespace snr::agent::restore {

namespace {

std::string shown(std::string_view s) {
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += c;
    }
  }
  return "'" + out + "'";
}

}  // namespace

std::string normalize_member_path(std::string_view raw) {
  if (raw.empty()) throw UnsafeEntry("archive entry with an empty name");
  for (char c : raw) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f)
      throw UnsafeEntry("archive entry name with a control character: " + shown(raw));
  }
  if (raw.front() == '/') throw UnsafeEntry("archive entry with an absolute path: " + shown(raw));
  std::string out;
  for (const std::string& part : util::split(raw, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") throw UnsafeEntry("archive entry with a '..' component: " + shown(raw));
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

std::string top_level_component(std::string_view normalized) {
  return std::string(normalized.substr(0, normalized.find('/')));
}

void check_symlink_target(std::string_view member, std::string_view target) {
  if (target.empty()) throw UnsafeEntry("symlink " + shown(member) + " with an empty target");
  if (target.front() == '/') {
    throw UnsafeEntry("symlink " + shown(member) + " points to an absolute path " + shown(target));
  }
  std::vector<std::string> stack = util::split(member, '/');
  stack.pop_back();  // the link's own name: targets are relative to its directory
  for (const std::string& part : util::split(target, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (stack.empty()) {
        throw UnsafeEntry("symlink " + shown(member) +
                          " points outside the extraction directory: " + shown(target));
      }
      stack.pop_back();
    } else {
      stack.push_back(part);
    }
  }
}

bool is_reserved_name(std::string_view component) {
  return component.starts_with(".snr-restore-");
}

void check_not_reserved(std::string_view path, std::string_view what) {
  for (const std::string& part : util::split(path, '/')) {
    if (is_reserved_name(part)) {
      throw UnsafeEntry(std::string(what) + " " + shown(path) +
                        " uses a name reserved for the restore's own files (.snr-restore-*)");
    }
  }
}

}  // namespace snr::agent::restore
