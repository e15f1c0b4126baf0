#pragma once
/// Timestamps as AWS APIs send and expect them.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace snr::aws {

using Clock = std::chrono::system_clock;
using Timestamp = Clock::time_point;

/// "2024-05-01T12:34:56Z" (with ".123" milliseconds when not whole seconds).
std::string format_iso8601(Timestamp t);

/// Parses ISO 8601 as AWS returns it: "2024-05-01T12:34:56Z",
/// "2024-05-01T12:34:56.123Z", "2024-05-01T12:34:56.123456+00:00".
std::optional<Timestamp> parse_iso8601(std::string_view s);

/// Parses an RFC 1123 HTTP date ("Tue, 24 Nov 2026 18:13:17 GMT").
std::optional<Timestamp> parse_http_date(std::string_view s);

/// Seconds since the epoch (JSON protocol timestamps) to a Timestamp.
Timestamp from_epoch_seconds(double seconds);

}  // namespace snr::aws
