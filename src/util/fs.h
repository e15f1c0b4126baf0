#pragma once
/// File helpers.

#include <filesystem>
#include <string_view>

#include <sys/types.h>

namespace snr::util {

/// Writes `content` to `path` atomically (temporary file in the same directory,
/// fsync, rename) with permissions `mode`. Throws snr::Failure naming the path.
void write_file_atomic(const std::filesystem::path& path, std::string_view content,
                       mode_t mode = 0644);

/// The whole file; throws snr::Failure naming the path.
std::string read_file(const std::filesystem::path& path);

}  // namespace snr::util
