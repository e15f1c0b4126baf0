#pragma once
/// Checks of command-line flag values the agent's commands share; each adds one
/// error naming the flag to `d` (reported together, exit 2).

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "util/error.h"

namespace snr::cli {

/// A duration flag in seconds within [lo, hi].
inline void check_seconds(Diagnostics& d, std::string_view flag, double value, double lo,
                          double hi) {
  if (!(value >= lo && value <= hi))
    d.error(std::string(flag), fmt::format("{} is out of range: {} to {} seconds", value, lo, hi));
}

/// An optional base URL flag: empty, or http(s)://….
inline void check_http_url(Diagnostics& d, std::string_view flag, const std::string& value) {
  if (!value.empty() && value.rfind("https://", 0) != 0 && value.rfind("http://", 0) != 0)
    d.error(std::string(flag), "\"" + value + "\" is not an http(s) URL");
}

}  // namespace snr::cli
