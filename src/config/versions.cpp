#include "config/versions.h"

#include "util/strings.h"

namespace snr::config {

std::optional<ReleaseVersion> parse_release_tag(std::string_view tag) {
  std::uint32_t rc = 0;
  if (auto dash = tag.find('-'); dash != std::string_view::npos) {
    auto suffix = tag.substr(dash + 1);  // exactly "rcN", N ≥ 1 without leading zeros
    if (suffix.size() < 3 || suffix.substr(0, 2) != "rc" || suffix[2] == '0') return std::nullopt;
    auto n = util::parse_uint(suffix.substr(2));
    if (!n || *n > 1000) return std::nullopt;
    rc = static_cast<std::uint32_t>(*n);
    tag = tag.substr(0, dash);
  }
  auto fields = util::split(tag, '.');
  if (fields.size() < 3 || fields.size() > 5) return std::nullopt;
  ReleaseVersion v;
  for (const auto& f : fields) {
    if (f.size() > 1 && f[0] == '0') return std::nullopt;  // no leading zeros
    auto n = util::parse_uint(f);
    if (!n || *n > 100000) return std::nullopt;
    v.parts.push_back(static_cast<std::uint32_t>(*n));
  }
  v.rc = rc;
  return v;
}

}  // namespace snr::config
