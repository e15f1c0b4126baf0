#include "agent/restore/free_space.h"

#include <cerrno>
#include <cmath>
#include <cstring>

#include <fmt/format.h>
#include <sys/statvfs.h>

#include "agent/restore/progress.h"
#include "util/error.h"

namespace snr::agent::restore {

std::uint64_t available_bytes(const std::filesystem::path& path) {
  struct statvfs st {};
  if (::statvfs(path.c_str(), &st) != 0) {
    throw Failure(fmt::format("statvfs {}: {}", path.string(), std::strerror(errno)));
  }
  return static_cast<std::uint64_t>(st.f_bavail) * static_cast<std::uint64_t>(st.f_frsize);
}

double expansion_factor_for(std::string_view name) {
  if (name.ends_with(".tar.gz") || name.ends_with(".tgz")) return kGzipExpansionFactor;
  return kZstdExpansionFactor;
}

std::uint64_t required_bytes(std::uint64_t archive_bytes, double expansion_factor) {
  // Rounded to the nearest byte: a ceil would turn 100 * 2.7 = 270.00000000000003 into 271.
  long double need = std::round(static_cast<long double>(archive_bytes) * expansion_factor);
  if (need >= 18446744073709551615.0L) return UINT64_MAX;
  return static_cast<std::uint64_t>(need);
}

std::optional<std::string> insufficient_space(const std::filesystem::path& dir,
                                              std::uint64_t archive_bytes, double expansion_factor,
                                              std::uint64_t available) {
  std::uint64_t need = required_bytes(archive_bytes, expansion_factor);
  if (available >= need) return std::nullopt;
  return fmt::format(
      "not enough free space on {}: the archive is {} and grows about {}x when extracted, so it "
      "needs {} but only {} is available; grow the volume, free space, or pass "
      "--expansion-factor if this archive grows less",
      dir.string(), format_bytes(double(archive_bytes)), expansion_factor,
      format_bytes(double(need)), format_bytes(double(available)));
}

}  // namespace snr::agent::restore
