#include "agent/restore/progress.h"

#include <array>
#include <cmath>

#include <fmt/format.h>

namespace snr::agent::restore {

const char* to_string(RestorePhase phase) {
  switch (phase) {
    case RestorePhase::starting:
      return "starting";
    case RestorePhase::downloading:
      return "downloading";
    case RestorePhase::verifying:
      return "verifying";
    case RestorePhase::switching:
      return "switching";
    case RestorePhase::done:
      return "done";
  }
  return "unknown";
}

std::string format_bytes(double bytes) {
  static constexpr std::array<const char*, 6> kUnits = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  std::size_t unit = 0;
  while (bytes >= 1024.0 && unit + 1 < kUnits.size()) {
    bytes /= 1024.0;
    ++unit;
  }
  if (unit == 0) return fmt::format("{:.0f} B", bytes);
  return fmt::format("{:.1f} {}", bytes, kUnits[unit]);
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  auto total = static_cast<long long>(std::llround(seconds));
  long long h = total / 3600;
  long long m = (total % 3600) / 60;
  long long s = total % 60;
  if (h > 0) return fmt::format("{}h{:02}m{:02}s", h, m, s);
  if (m > 0) return fmt::format("{}m{:02}s", m, s);
  return fmt::format("{}s", s);
}

std::string format_progress(const RestoreProgress& p) {
  std::string out =
      fmt::format("{} {}", to_string(p.phase), format_bytes(double(p.downloaded_bytes)));
  if (p.total_bytes && *p.total_bytes > 0) {
    out += fmt::format(" / {} ({:.1f}%)", format_bytes(double(*p.total_bytes)),
                       100.0 * double(p.downloaded_bytes) / double(*p.total_bytes));
  }
  out += fmt::format(" at {}/s (avg {}/s), decompressed {}, extracted {} in {} entries",
                     format_bytes(p.bytes_per_second), format_bytes(p.average_bytes_per_second),
                     format_bytes(double(p.processed_bytes)),
                     format_bytes(double(p.extracted_bytes)), p.entries);
  if (p.eta_seconds) out += fmt::format(", ETA {}", format_duration(*p.eta_seconds));
  if (p.resumes > 0) out += fmt::format(", {} resume(s)", p.resumes);
  out += fmt::format(", elapsed {}", format_duration(p.elapsed_seconds));
  return out;
}

}  // namespace snr::agent::restore
