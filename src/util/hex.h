#pragma once
/// Hexadecimal encoding and decoding of byte strings.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace snr::util {

/// Lower-case hex of `bytes`, two digits per byte.
std::string hex_encode(std::span<const std::uint8_t> bytes);

/// Index of the first character of `text` that is not a hex digit (either case), if any.
std::optional<std::size_t> first_non_hex(std::string_view text);

/// True when `text` is exactly `digits` hex digits (either case) and nothing else.
bool is_hex(std::string_view text, std::size_t digits);

/// Decodes `text` (hex digits of either case, even length, nothing else).
std::optional<std::vector<std::uint8_t>> hex_decode(std::string_view text);

/// Decodes `text` into `out`, which must be exactly `text.size() / 2` bytes long.
/// Returns false (leaving `out` zeroed) on odd length, size mismatch or a non-hex
/// character. Writes nowhere else, so secrets can be decoded straight into a
/// buffer that is wiped later.
bool hex_decode_into(std::string_view text, std::span<std::uint8_t> out);

}  // namespace snr::util
