#include "config/text_checks.h"

#include <cstdint>
#include <cstdio>

namespace snr::config {
namespace {

std::string hex_byte(unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02x", b);
  return buf;
}

std::string code_point(std::uint32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

/// Length of the UTF-8 sequence starting at s[i] and its code point, or 0 when
/// the bytes there are not well-formed UTF-8 (RFC 3629: no overlong forms, no
/// surrogates, nothing above U+10FFFF).
std::size_t decode(std::string_view s, std::size_t i, std::uint32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len = 0;
  std::uint32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

}  // namespace

std::optional<std::string> text_value_problem(std::string_view value) {
  const std::string allowed = "; allowed: one line of UTF-8 text without control characters";
  for (std::size_t i = 0; i < value.size();) {
    std::uint32_t cp = 0;
    const std::size_t len = decode(value, i, cp);
    const std::string at = " at position " + std::to_string(i + 1);
    std::string problem;
    if (len == 0) {
      problem = "is not valid UTF-8 (byte ";
      problem += hex_byte(static_cast<unsigned char>(value[i]));
      problem += at;
      problem += ')';
    } else if (cp == '\n' || cp == '\r') {
      problem = "contains a line break";
      problem += at;
    } else if (cp == 0) {
      problem = "contains a NUL character";
      problem += at;
    } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
      problem = "contains the control character ";
      problem += code_point(cp);
      problem += at;
    }
    if (!problem.empty()) {
      problem += allowed;
      return problem;
    }
    i += len;
  }
  return std::nullopt;
}

}  // namespace snr::config
