#pragma once
/// Free space on the data volume, and whether an archive fits once extracted.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace snr::agent::restore {

/// How much a chainstate archive grows when extracted: gzip about 2.7x (mainnet 321 GB ->
/// ~850 GB), zstd (Hiro's format since April 2026) about 4.3x (~205 GB -> ~850-900 GB).
inline constexpr double kGzipExpansionFactor = 2.7;
inline constexpr double kZstdExpansionFactor = 4.3;

/// The factor for an archive name: gzip for .tar.gz/.tgz, otherwise the zstd one (the
/// larger: an unknown format is not given the benefit of the doubt).
double expansion_factor_for(std::string_view archive_name);

/// Bytes an unprivileged process may still write on the filesystem holding `path`
/// (statvfs f_bavail * f_frsize). Throws snr::Failure when statvfs fails.
std::uint64_t available_bytes(const std::filesystem::path& path);

/// Injectable for tests: returns the bytes available at a path.
using FreeSpaceFn = std::function<std::uint64_t(const std::filesystem::path&)>;

/// Bytes the extracted archive needs: archive_bytes * expansion_factor, rounded.
std::uint64_t required_bytes(std::uint64_t archive_bytes, double expansion_factor);

/// The reason to refuse when `available` < required_bytes(archive_bytes, factor), or nullopt.
std::optional<std::string> insufficient_space(const std::filesystem::path& dir,
                                              std::uint64_t archive_bytes, double expansion_factor,
                                              std::uint64_t available);

}  // namespace snr::agent::restore
