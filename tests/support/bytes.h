#pragma once
/// Byte strings for tests: hex test vectors as bytes.

#include <cstdint>
#include <string_view>
#include <vector>

#include "util/hex.h"

namespace snr::testing {

/// The bytes of hex test vector `h` (which must be valid hex).
inline std::vector<std::uint8_t> unhex(std::string_view h) {
  return util::hex_decode(h).value();
}

}  // namespace snr::testing
