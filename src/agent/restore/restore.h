#pragma once
/// Chainstate restore: downloads a published chainstate archive and extracts it into the
/// node's working directory in one streaming pass, verified by SHA-256, resumable after a
/// dropped connection, switched into place only when complete. See docs/chainstate-restore.md.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agent/restore/free_space.h"
#include "agent/restore/progress.h"
#include "net/download.h"
#include "util/error.h"

namespace spdlog {
class logger;
}

namespace snr::agent::restore {

struct RestoreOptions {
  /// http:// or https:// URL of a .tar.zst or .tar.gz archive. A "-latest" name that
  /// redirects to a dated archive is resolved to it first, and the dated archive (and its
  /// checksum) is what is downloaded, so a republish during the download cannot break it.
  std::string url;
  /// The node's working_dir: the archive's top-level entries (e.g. `mainnet/`) end up
  /// directly in it. Created when missing.
  std::filesystem::path dir;
  /// The top-level directory the archive must hold for the node's network (stacks-node's
  /// `<working_dir>/<burnchain mode>`: "mainnet" or "krypton"); checked after the
  /// extraction, before anything is switched into place. Empty: not checked.
  std::string network_dir;
  /// Expected SHA-256 of the archive (hex). Empty: read the published sibling checksum.
  std::string sha256;
  /// Go on without a checksum when none is published (logged as a warning).
  bool allow_unverified = false;
  /// User to own the extracted files (needs root; skipped with a note otherwise).
  std::string owner;
  /// The archive is expected to grow this much when extracted (free-space check); unset:
  /// by format (expansion_factor_for the archive's name).
  std::optional<double> expansion_factor;
  /// Bytes buffered between the download and the extraction.
  std::size_t buffer_bytes = std::size_t{64} << 20;
  net::DownloadPolicy retry;
  /// Ask the kernel to write extracted data to disk (syncfs) each time this many bytes
  /// were extracted, so the disk works from the start instead of after the page cache
  /// filled up, and the final flush is short. 0: only the final flush.
  std::uint64_t flush_every_bytes = std::uint64_t{256} << 20;
  /// How often progress is logged and given to the ProgressSink.
  std::chrono::milliseconds progress_interval{10000};
  /// Free bytes at a path; statvfs by default (tests inject their own).
  FreeSpaceFn free_space = available_bytes;
  /// Where to log; nullptr logs nothing.
  std::shared_ptr<spdlog::logger> log;
};

struct RestoreResult {
  /// True when a completion marker was found and nothing was done.
  bool already_restored = false;
  std::string url;  ///< what was downloaded (a "-latest" URL resolved to the dated one)
  std::string sha256;     ///< SHA-256 of the archive as downloaded
  bool verified = false;  ///< compared with a published or given checksum
  std::uint64_t archive_bytes = 0;
  std::uint64_t extracted_bytes = 0;
  std::uint64_t entries = 0;
  unsigned resumes = 0;
  std::vector<std::string> top_level;  ///< entries now in `dir`, e.g. {"mainnet"}
  std::string compression;             ///< "gzip", "zstd", "none"
  double seconds = 0;
};

/// Names this restore uses inside `dir`.
inline constexpr const char* kStagingDirName = ".snr-restore-staging";
inline constexpr const char* kCompletionMarkerName = ".snr-restore-complete";
inline constexpr const char* kSwitchJournalName = ".snr-restore-switching";

/// Restores a chainstate archive into options.dir. A re-run after success is a no-op (the
/// completion marker); a re-run after a failure starts clean. Throws snr::UserError for bad
/// options and snr::Failure for everything else; on failure nothing of the archive is
/// left in `dir`.
RestoreResult restore_chainstate(const RestoreOptions& options, ProgressSink& progress);

/// Every problem with the options (subjects are the CLI's names: URL, DIR, --sha256 ...).
Diagnostics validate_options(const RestoreOptions& options);

}  // namespace snr::agent::restore
