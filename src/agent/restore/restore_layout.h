#pragma once
/// What a restore keeps inside the target directory: the staging directory, the switch
/// journal and the completion marker, and the steps that move a verified tree into place.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace snr::agent::restore {

/// Written last, after the restored tree is in place and on disk.
struct CompletionMarker {
  std::string url;
  std::string sha256;
  bool verified = false;
  std::string etag;
  std::string last_modified;
  std::uint64_t archive_bytes = 0;
  std::uint64_t extracted_bytes = 0;
  std::uint64_t entries = 0;
  std::vector<std::string> top_level;
  std::string completed_at;  ///< UTC, ISO 8601
};

std::optional<CompletionMarker> read_completion_marker(const std::filesystem::path& dir);
void write_completion_marker(const std::filesystem::path& dir, const CompletionMarker& marker,
                             const std::optional<std::pair<uid_t, gid_t>>& owner);

/// Removes what an earlier failed or interrupted restore left: the staging directory and,
/// when a switch was interrupted, the entries it had already moved into `dir` (listed in
/// the journal). Returns a description of what was removed (empty when nothing).
std::vector<std::string> clean_leftovers(const std::filesystem::path& dir);

/// Moves each top-level entry of `staging` into `dir` (one rename each, same filesystem),
/// journaled so an interruption is undone by clean_leftovers(). Flushes the filesystem
/// first so the tree is durable before it becomes visible.
void switch_into_place(const std::filesystem::path& dir, const std::filesystem::path& staging,
                       const std::vector<std::string>& top_level);

/// An exclusive lock on `dir` (flock on the directory itself) for the restore's duration.
class DirLock {
 public:
  explicit DirLock(const std::filesystem::path& dir);
  ~DirLock();
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace snr::agent::restore
