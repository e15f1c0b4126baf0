#pragma once
/// Checks every variable's value must pass, whatever the variable: one line of
/// UTF-8 text with no control characters. Values end up in TOML, JSON
/// (templates, the settings document), HTTP headers and logs; a value that
/// cannot be all of those is refused at `config check`, never later.

#include <optional>
#include <string>
#include <string_view>

namespace snr::config {

/// Why `value` is not one line of text ("is not valid UTF-8 (byte 0xff at
/// position 3)", "contains a newline at position 7"), or nullopt when it is.
/// Never quotes the value, so it is safe for secrets.
std::optional<std::string> text_value_problem(std::string_view value);

}  // namespace snr::config
