#pragma once
/// Stacks release tags: "4.0.2" (4.x) or "3.4.0.0.4" (3.x), compared numerically;
/// release candidates "4.0.3-rc1" (docs/release-process.md) come before their release.

#include <compare>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace snr::config {

struct ReleaseVersion {
  std::vector<std::uint32_t> parts;
  std::uint32_t rc = 0;  ///< N of "-rcN"; 0 for a release

  bool release_candidate() const { return rc != 0; }
  friend std::strong_ordering operator<=>(const ReleaseVersion& a, const ReleaseVersion& b) {
    if (auto c = a.parts <=> b.parts; std::is_neq(c)) return c;  // 4.0.1 < 4.0.1.1
    if (a.rc == b.rc) return std::strong_ordering::equal;
    if (a.rc == 0) return std::strong_ordering::greater;  // 4.0.3 > 4.0.3-rcN
    if (b.rc == 0) return std::strong_ordering::less;
    return a.rc <=> b.rc;
  }
  friend bool operator==(const ReleaseVersion&, const ReleaseVersion&) = default;
};

/// Parses an exact release tag (3 to 5 dot-separated numbers); nullopt otherwise.
std::optional<ReleaseVersion> parse_release_tag(std::string_view tag);

}  // namespace snr::config
