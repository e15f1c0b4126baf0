#pragma once
/// Streams a (gzip or zstd compressed) tar archive into a directory with libarchive,
/// refusing anything unsafe: absolute paths, "..", links that leave the directory, device
/// nodes, fifos, sockets. Strips setuid/setgid/sticky and group/other write bits; sets the
/// owner when asked (root only).

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>

#include <sys/types.h>

#include "agent/restore/byte_queue.h"

namespace snr::agent::restore {

/// Where compressed bytes come from: the next chunk, or nullopt at the end. May block and
/// may throw (the exception ends the extraction and is rethrown by extract_archive()).
using ChunkSource = std::function<std::optional<Chunk>()>;

struct ExtractOptions {
  /// An existing directory, already canonical (no symlink in its path).
  std::filesystem::path root;
  /// chown every extracted entry to this uid/gid (needs root); nullopt keeps the process's.
  std::optional<std::pair<uid_t, gid_t>> owner;
  /// Called the first time each top-level name appears; throw to refuse it.
  std::function<void(const std::string& top_level)> on_top_level;
  /// Writes file data (pwrite(2) by default; tests inject faults). A short or failed
  /// write ends the extraction: nothing is retried, so no hole can be left behind.
  std::function<ssize_t(int fd, const void* data, std::size_t size, off_t offset)> write_at;
};

/// Counters a progress reporter may read while extraction runs.
struct ExtractCounters {
  std::atomic<std::uint64_t> bytes{0};    ///< file data written
  std::atomic<std::uint64_t> entries{0};  ///< entries extracted
};

struct ExtractStats {
  std::uint64_t bytes = 0;
  std::uint64_t entries = 0;
  std::set<std::string> top_level;  ///< first path components, e.g. {"mainnet"}
  std::string filter;               ///< compression libarchive detected: "gzip", "zstd", "none"
};

/// The compression an archive name suggests: "gzip" (.tar.gz, .tgz), "zstd" (.tar.zst,
/// .tzst), "none" (.tar), or "" when the name says nothing.
std::string filter_from_name(std::string_view name);

/// Extracts the whole archive; throws snr::Failure (UnsafeEntry for a refused entry).
/// Regular files are written by this module (opened O_EXCL|O_NOFOLLOW under directories
/// opened O_NOFOLLOW); every failed or short write and every failed close is fatal and
/// names the file. An archive with no entry besides its root ("./") is refused. On
/// failure, what was written so far stays under `root` for the caller to remove.
ExtractStats extract_archive(const ChunkSource& source, const ExtractOptions& options,
                             ExtractCounters& counters);

}  // namespace snr::agent::restore
