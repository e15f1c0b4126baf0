#include "config/versions.h"

#include "util/strings.h"

namespace snr::config {

std::optional<ReleaseVersion> parse_release_tag(std::string_view tag) {
  auto fields = util::split(tag, '.');
  if (fields.size() < 3 || fields.size() > 5) return std::nullopt;
  ReleaseVersion v;
  for (const auto& f : fields) {
    if (f.size() > 1 && f[0] == '0') return std::nullopt;  // no leading zeros
    auto n = util::parse_uint(f);
    if (!n || *n > 100000) return std::nullopt;
    v.parts.push_back(static_cast<std::uint32_t>(*n));
  }
  return v;
}

}  // namespace snr::config
