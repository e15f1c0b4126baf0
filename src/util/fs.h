#pragma once
/// File helpers: the one home for atomic writes and fsync.

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <sys/types.h>

namespace snr::util {

/// Whether an atomic write also fsyncs the directory, so the rename itself
/// survives a crash (needed where a file marks a state, e.g. a finished restore).
enum class SyncDir { no, yes };

/// Writes `content` to `path` atomically (a temporary file beside it, written
/// in full, fsync'ed and closed — each checked —, then renamed over `path`)
/// with permissions `mode`. Throws snr::Failure naming the path and the reason;
/// on failure `path` is untouched and the temporary file removed.
void write_file_atomic(const std::filesystem::path& path, std::string_view content,
                       mode_t mode = 0644, SyncDir sync_dir = SyncDir::no);

/// Writes several files into `dir` (created when missing) as one step: every
/// file is written beside its final name first, then all are renamed, so a
/// failure while writing replaces none of them. Throws snr::Failure.
void write_files_atomic(const std::filesystem::path& dir,
                        const std::vector<std::pair<std::string, std::string_view>>& files,
                        mode_t mode = 0644);

/// fsync of a file or directory; throws snr::Failure naming it.
void fsync_path(const std::filesystem::path& path);

/// The whole file; throws snr::Failure naming the path.
std::string read_file(const std::filesystem::path& path);

}  // namespace snr::util
