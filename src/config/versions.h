#pragma once
/// Stacks release tags: "4.0.2" (4.x) or "3.4.0.0.4" (3.x), compared numerically.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace snr::config {

struct ReleaseVersion {
  std::vector<std::uint32_t> parts;
  friend auto operator<=>(const ReleaseVersion& a, const ReleaseVersion& b) {
    return a.parts <=> b.parts;  // 4.0.1 < 4.0.1.1; a missing part counts as lower
  }
  friend bool operator==(const ReleaseVersion&, const ReleaseVersion&) = default;
};

/// Parses an exact release tag (3 to 5 dot-separated numbers); nullopt otherwise.
std::optional<ReleaseVersion> parse_release_tag(std::string_view tag);

}  // namespace snr::config
