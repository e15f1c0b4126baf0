#pragma once
/// Small string helpers.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace snr::util {

std::string_view trim(std::string_view s);
std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
/// The last `n` lines of `text`, trailing newlines dropped (what an operator needs
/// from a long stderr).
std::string last_lines(std::string_view text, std::size_t n);

/// Parses a whole string as a base-10 unsigned integer (no sign, no spaces).
std::optional<unsigned long long> parse_uint(std::string_view s);

/// Edit distance counting adjacent transpositions as one edit (for "did you mean").
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` if it is close enough to be a likely typo.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

}  // namespace snr::util
