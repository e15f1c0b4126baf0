#include "agent/restore/restore_layout.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/restore/restore.h"
#include "agent/restore/safe_path.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/strings.h"

namespace snr::agent::restore {

namespace fs = std::filesystem;

namespace {

std::string errno_text() {
  return std::strerror(errno);
}

bool is_plain_name(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
         !is_reserved_name(name);
}

/// Writes `dir/name` through `dir/name.tmp`, created with O_EXCL|O_NOFOLLOW so nothing is
/// ever written through a link (a leftover temporary file is removed by clean_leftovers()
/// first), synced, closed, renamed (which replaces a link at `name` instead of following it),
/// and the directory synced. Every step is checked.
void write_reserved_file(const fs::path& dir, const std::string& name, const std::string& body,
                         const std::optional<std::pair<uid_t, gid_t>>& owner) {
  const fs::path tmp = dir / (name + ".tmp");
  const fs::path final_path = dir / name;
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) throw Failure(fmt::format("cannot create {}: {}", tmp.string(), errno_text()));
  auto fail = [&](std::string_view step) {
    const std::string err = errno_text();
    if (fd >= 0) ::close(fd);
    ::unlink(tmp.c_str());
    throw Failure(fmt::format("cannot write {}: {}: {}", tmp.string(), step, err));
  };
  std::size_t done = 0;
  while (done < body.size()) {
    ssize_t n = ::write(fd, body.data() + done, body.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      fail("write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fchmod(fd, 0644) != 0) fail("chmod");
  if (owner && ::fchown(fd, owner->first, owner->second) != 0) fail("chown");
  if (::fsync(fd) != 0) fail("fsync");
  int rc = ::close(fd);
  fd = -1;
  if (rc != 0) fail("close");
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) fail("rename");
  util::fsync_path(dir);
}

}  // namespace

std::optional<CompletionMarker> read_completion_marker(const fs::path& dir) {
  fs::path p = dir / kCompletionMarkerName;
  std::ifstream in(p);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  CompletionMarker m;
  try {
    auto j = nlohmann::json::parse(ss.str());
    m.url = j.value("url", "");
    m.sha256 = j.value("sha256", "");
    m.verified = j.value("verified", false);
    m.etag = j.value("etag", "");
    m.last_modified = j.value("last_modified", "");
    m.archive_bytes = j.value("archive_bytes", std::uint64_t{0});
    m.extracted_bytes = j.value("extracted_bytes", std::uint64_t{0});
    m.entries = j.value("entries", std::uint64_t{0});
    m.top_level = j.value("top_level", std::vector<std::string>{});
    m.completed_at = j.value("completed_at", "");
  } catch (const nlohmann::json::exception& e) {
    // It exists, so a restore completed; an unreadable body must not trigger a new one.
    m.url = std::string("(unreadable marker: ") + e.what() + ")";
  }
  return m;
}

void write_completion_marker(const fs::path& dir, const CompletionMarker& m,
                             const std::optional<std::pair<uid_t, gid_t>>& owner) {
  nlohmann::json j = {{"url", m.url},
                      {"sha256", m.sha256},
                      {"verified", m.verified},
                      {"etag", m.etag},
                      {"last_modified", m.last_modified},
                      {"archive_bytes", m.archive_bytes},
                      {"extracted_bytes", m.extracted_bytes},
                      {"entries", m.entries},
                      {"top_level", m.top_level},
                      {"completed_at", m.completed_at}};
  write_reserved_file(dir, kCompletionMarkerName, j.dump(2) + "\n", owner);
}

std::vector<std::string> clean_leftovers(const fs::path& dir) {
  std::vector<std::string> removed;
  fs::path journal = dir / kSwitchJournalName;
  std::error_code ec;
  if (fs::exists(journal, ec)) {
    std::ifstream in(journal);
    std::string line;
    while (std::getline(in, line)) {
      std::string name(util::trim(line));
      if (!is_plain_name(name)) continue;
      fs::path p = dir / name;
      if (fs::exists(fs::symlink_status(p, ec))) {
        fs::remove_all(p);
        removed.push_back(p.string() + " (from an interrupted switch)");
      }
    }
    fs::remove(journal);
    removed.push_back(journal.string());
  }
  fs::path staging = dir / kStagingDirName;
  if (fs::exists(fs::symlink_status(staging, ec))) {
    fs::remove_all(staging);
    removed.push_back(staging.string());
  }
  for (const char* tmp : {".snr-restore-complete.tmp", ".snr-restore-switching.tmp"}) {
    if (fs::remove(dir / tmp, ec)) removed.push_back((dir / tmp).string());
  }
  if (!removed.empty()) util::fsync_path(dir);
  return removed;
}

void switch_into_place(const fs::path& dir, const fs::path& staging,
                       const std::vector<std::string>& top_level) {
  {
    // Everything extracted reaches the disk before any of it becomes visible in `dir`.
    int fd = ::open(staging.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) throw Failure(fmt::format("cannot open {}: {}", staging.string(), errno_text()));
    int rc = ::syncfs(fd);
    std::string err = rc != 0 ? errno_text() : "";
    ::close(fd);
    if (rc != 0) throw Failure(fmt::format("syncfs {}: {}", staging.string(), err));
  }
  for (const std::string& name : top_level) {
    if (!is_plain_name(name))
      throw Failure(fmt::format("refusing to switch '{}' into place", name));
    std::error_code ec;
    if (fs::exists(fs::symlink_status(dir / name, ec))) {
      throw Failure(fmt::format("{} already exists; not replacing it", (dir / name).string()));
    }
  }
  write_reserved_file(dir, kSwitchJournalName, util::join(top_level, "\n") + "\n", std::nullopt);
  for (const std::string& name : top_level) {
    fs::path from = staging / name;
    fs::path to = dir / name;
    if (::rename(from.c_str(), to.c_str()) != 0) {
      throw Failure(
          fmt::format("cannot move {} to {}: {}", from.string(), to.string(), errno_text()));
    }
  }
  util::fsync_path(dir);
}

DirLock::DirLock(const fs::path& dir) {
  fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_ < 0) throw Failure(fmt::format("cannot open {}: {}", dir.string(), errno_text()));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd_);
    fd_ = -1;
    if (err == EWOULDBLOCK) {
      throw Failure(fmt::format("another restore is running into {}", dir.string()));
    }
    throw Failure(fmt::format("cannot lock {}: {}", dir.string(), std::strerror(err)));
  }
}

DirLock::~DirLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace snr::agent::restore
