#include "agent/restore/extractor.h"

#include <cerrno>
#include <cstring>
#include <memory>
#include <unordered_set>
#include <utility>
#include <vector>

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/restore/archive_input.h"
#include "agent/restore/safe_path.h"
#include "util/error.h"
#include "util/strings.h"

namespace snr::agent::restore {

namespace fs = std::filesystem;

std::string filter_from_name(std::string_view name) {
  if (name.ends_with(".tar.gz") || name.ends_with(".tgz")) return "gzip";
  if (name.ends_with(".tar.zst") || name.ends_with(".tzst")) return "zstd";
  if (name.ends_with(".tar")) return "none";
  return "";
}

namespace {

struct WriteFree {
  void operator()(archive* a) const { archive_write_free(a); }
};

std::string archive_message(archive* a) {
  const char* s = archive_error_string(a);
  return s != nullptr ? s : "unknown libarchive error";
}

bool is_within(const fs::path& p, const fs::path& root) {
  auto [r, q] = std::mismatch(root.begin(), root.end(), p.begin(), p.end());
  return r == root.end();
}

/// Resolves every extracted symlink against the finished tree: chains of links must not
/// lead outside the root (a lexical check per link cannot see through other links).
void check_symlinks_resolve_inside(const std::vector<std::string>& links, const fs::path& root) {
  for (const std::string& member : links) {
    std::error_code ec;
    fs::path resolved = fs::weakly_canonical(root / member, ec);
    if (ec) {
      throw UnsafeEntry(fmt::format("symlink '{}' cannot be resolved: {}", member, ec.message()));
    }
    if (!is_within(resolved, root)) {
      throw UnsafeEntry(
          fmt::format("symlink '{}' resolves outside the extraction directory (to {})", member,
                      resolved.string()));
    }
  }
}

/// A hardlink target must be a regular file already extracted, reached without a symlink.
void check_hardlink_target(const fs::path& root, const std::string& member,
                           const std::string& target) {
  fs::path full = root / target;
  std::error_code ec;
  fs::path canon = fs::canonical(full, ec);
  if (ec || canon != full || !fs::is_regular_file(fs::symlink_status(full, ec))) {
    throw UnsafeEntry(
        fmt::format("hardlink '{}' must point to a regular file extracted before it, not '{}'",
                    member, target));
  }
}

mode_t sane_permissions(mode_t perm, bool directory) {
  perm &= 0777;                     // no setuid, setgid, sticky
  perm &= ~0022u;                   // no group/other write
  perm |= directory ? 0700 : 0600;  // the owner can always use what it owns
  return perm;
}

/// A file descriptor closed on destruction (errors of that close are not reported: the
/// paths that must report them close explicitly).
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      if (fd_ >= 0) ::close(fd_);
      fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
  }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

std::string errno_text(int err) {
  return std::strerror(err);
}

/// Opens the directory that holds `path` (relative to `root_fd`), creating missing
/// directories, one component at a time and never through a symlink.
Fd open_parent(int root_fd, const std::string& path) {
  Fd dir(::dup(root_fd));
  if (dir.get() < 0) throw Failure(fmt::format("dup: {}", errno_text(errno)));
  std::vector<std::string> parts = util::split(path, '/');
  parts.pop_back();
  std::string walked;
  for (const std::string& part : parts) {
    walked += walked.empty() ? part : "/" + part;
    int fd = ::openat(dir.get(), part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
      if (::mkdirat(dir.get(), part.c_str(), 0755) != 0 && errno != EEXIST) {
        throw Failure(fmt::format("cannot create '{}': {}", walked, errno_text(errno)));
      }
      fd = ::openat(dir.get(), part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    }
    if (fd < 0) {
      int err = errno;
      if (err == ELOOP || err == ENOTDIR) {
        throw UnsafeEntry(fmt::format(
            "archive entry '{}' leads through '{}', which is a symlink or a file", path, walked));
      }
      throw Failure(fmt::format("cannot open '{}': {}", walked, errno_text(err)));
    }
    dir = Fd(fd);
  }
  return dir;
}

/// Creates `path` as a new regular file, never following a link: an entry of the same
/// name extracted before (not a directory) is replaced, as tar does.
Fd create_file(int parent, const std::string& leaf, const std::string& path) {
  const int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
  int fd = ::openat(parent, leaf.c_str(), flags, 0600);
  if (fd < 0 && errno == EEXIST) {
    struct stat st {};
    if (::fstatat(parent, leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode)) {
      throw Failure(fmt::format("cannot extract '{}': a directory of that name exists", path));
    }
    if (::unlinkat(parent, leaf.c_str(), 0) != 0 && errno != ENOENT) {
      throw Failure(fmt::format("cannot replace '{}': {}", path, errno_text(errno)));
    }
    fd = ::openat(parent, leaf.c_str(), flags, 0600);
  }
  if (fd < 0) throw Failure(fmt::format("cannot create '{}': {}", path, errno_text(errno)));
  return Fd(fd);
}

ssize_t default_write_at(int fd, const void* data, std::size_t size, off_t offset) {
  return ::pwrite(fd, data, size, offset);
}

}  // namespace

ExtractStats extract_archive(const ChunkSource& source, const ExtractOptions& options,
                             ExtractCounters& counters) {
  const fs::path& root = options.root;
  ArchiveReader in(archive_read_new());
  std::unique_ptr<archive, WriteFree> out(archive_write_disk_new());
  if (!in || !out) throw Failure("libarchive: out of memory");
  archive_read_support_filter_gzip(in.get());
  archive_read_support_filter_zstd(in.get());
  archive_read_support_filter_none(in.get());
  archive_read_support_format_tar(in.get());

  int flags = ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_SECURE_SYMLINKS |
              ARCHIVE_EXTRACT_SECURE_NODOTDOT;
  // ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS cannot be set: we give libarchive absolute paths
  // under `root`. normalize_member_path() refuses absolute member names instead.
  if (options.owner) flags |= ARCHIVE_EXTRACT_OWNER;
  archive_write_disk_set_options(out.get(), flags);

  ChunkInput ctx{&source, std::nullopt, nullptr};
  auto read_failure = [&](const std::string& what) -> Failure {
    if (ctx.error) std::rethrow_exception(ctx.error);
    return Failure(fmt::format("{}: {} (the archive is corrupt or truncated)", what,
                               archive_message(in.get())));
  };
  if (archive_read_open(in.get(), &ctx, nullptr, chunk_read_callback, nullptr) != ARCHIVE_OK) {
    throw read_failure("cannot read the archive");
  }
  // Hands each data block of the current entry to `take(buf, size, offset)`; a read
  // error fails the restore naming `path`.
  auto for_each_block = [&](const std::string& path, auto&& take) {
    const void* buf = nullptr;
    size_t size = 0;
    la_int64_t offset = 0;
    while (true) {
      int rr = archive_read_data_block(in.get(), &buf, &size, &offset);
      if (rr == ARCHIVE_EOF) return;
      if (rr < ARCHIVE_WARN) throw read_failure(fmt::format("cannot read '{}'", path));
      take(buf, size, offset);
    }
  };

  Fd root_fd(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (root_fd.get() < 0) {
    throw Failure(fmt::format("cannot open {}: {}", root.string(), errno_text(errno)));
  }
  const auto& write_at = options.write_at ? options.write_at : default_write_at;

  ExtractStats stats;
  // A regular file: created, written, given its owner, mode and time, and closed here,
  // every step checked.
  // The directory of the last file written: a tar lists a directory's files together.
  std::string parent_path = "\n";  // no member path has a newline: nothing cached yet
  Fd parent;
  auto write_file = [&](const std::string& path, archive_entry* entry) {
    const std::size_t slash = path.rfind('/');
    const std::string dir_part = slash == std::string::npos ? "" : path.substr(0, slash);
    if (dir_part != parent_path) {
      parent = open_parent(root_fd.get(), path);
      parent_path = dir_part;
    }
    Fd fd = create_file(parent.get(), path.substr(slash + 1), path);
    auto fail = [&](std::string_view step, int err) -> Failure {
      return Failure(fmt::format("cannot write '{}': {}: {}", path, step, errno_text(err)));
    };
    std::uint64_t end = 0;
    for_each_block(path, [&](const void* buf, size_t size, la_int64_t offset) {
      if (size == 0) return;
      ssize_t n = -1;
      do {
        n = write_at(fd.get(), buf, size, static_cast<off_t>(offset));
      } while (n < 0 && errno == EINTR);
      if (n < 0) {
        throw Failure(fmt::format("cannot write '{}': {}", path, errno_text(errno)));
      }
      if (static_cast<std::size_t>(n) != size) {
        // Fatal whatever comes next; one more write of the rest only finds the reason.
        const char* rest = static_cast<const char*>(buf) + n;
        ssize_t again = write_at(fd.get(), rest, size - static_cast<std::size_t>(n),
                                 static_cast<off_t>(offset + n));
        std::string why = again < 0 ? errno_text(errno) : "is the disk full?";
        throw Failure(
            fmt::format("cannot write '{}': only {} of {} bytes were written at offset {}: {}",
                        path, n, size, offset, why));
      }
      end = std::max<std::uint64_t>(end, static_cast<std::uint64_t>(offset) + size);
      counters.bytes.fetch_add(size, std::memory_order_relaxed);
      stats.bytes += size;
    });
    la_int64_t want = archive_entry_size(entry);
    if (archive_entry_size_is_set(entry) && want > 0 && static_cast<std::uint64_t>(want) > end &&
        ::ftruncate(fd.get(), static_cast<off_t>(want)) != 0) {  // a sparse file's last hole
      throw fail("ftruncate", errno);
    }
    if (options.owner && ::fchown(fd.get(), options.owner->first, options.owner->second) != 0) {
      throw fail("chown", errno);
    }
    if (::fchmod(fd.get(), archive_entry_perm(entry)) != 0) throw fail("chmod", errno);
    struct timespec times[2];
    times[1] = archive_entry_mtime_is_set(entry)
                   ? timespec{archive_entry_mtime(entry), archive_entry_mtime_nsec(entry)}
                   : timespec{0, UTIME_OMIT};
    times[0] = archive_entry_atime_is_set(entry)
                   ? timespec{archive_entry_atime(entry), archive_entry_atime_nsec(entry)}
                   : times[1];
    if (::futimens(fd.get(), times) != 0) throw fail("set times", errno);
    if (::close(fd.release()) != 0) throw fail("close", errno);
  };
  std::vector<std::string> symlinks;
  std::unordered_set<std::string> explicit_dirs;
  std::unordered_set<std::string> parent_dirs;
  bool first = true;
  archive_entry* entry = nullptr;
  int r = ARCHIVE_OK;
  while ((r = archive_read_next_header(in.get(), &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
    if (first) {
      first = false;
      const char* name = archive_filter_name(in.get(), 0);
      stats.filter = name != nullptr ? name : "";
    }
    const char* raw = archive_entry_pathname(entry);
    if (raw == nullptr) throw UnsafeEntry("archive entry with a name that is not valid text");
    std::string path = normalize_member_path(raw);
    if (path.empty()) {  // the "./" entry of `tar -C dir .`: the root exists already
      archive_read_data_skip(in.get());
      continue;
    }
    check_not_reserved(path, "archive entry");
    const char* hardlink = archive_entry_hardlink(entry);
    mode_t type = archive_entry_filetype(entry);
    if (hardlink != nullptr) {
      std::string target = normalize_member_path(hardlink);
      if (target.empty()) throw UnsafeEntry(fmt::format("hardlink '{}' to the archive root", path));
      check_not_reserved(target, fmt::format("hardlink '{}' to", path));
      check_hardlink_target(root, path, target);
      archive_entry_set_hardlink(entry, (root / target).c_str());
    } else if (type == AE_IFLNK) {
      const char* target = archive_entry_symlink(entry);
      check_symlink_target(path, target != nullptr ? target : "");
      check_not_reserved(target, fmt::format("symlink '{}' to", path));
      symlinks.push_back(path);
    } else if (type != AE_IFREG && type != AE_IFDIR) {
      throw UnsafeEntry(fmt::format(
          "archive entry '{}' is a device node, fifo or socket (type {:o}): not allowed", path,
          static_cast<unsigned>(type)));
    }

    std::string top = top_level_component(path);
    if (stats.top_level.insert(top).second && options.on_top_level) options.on_top_level(top);

    if (type != AE_IFLNK) {
      archive_entry_set_perm(entry, sane_permissions(archive_entry_perm(entry), type == AE_IFDIR));
    }
    if (options.owner) {
      archive_entry_set_uid(entry, options.owner->first);
      archive_entry_set_gid(entry, options.owner->second);
      archive_entry_set_uname(entry, nullptr);
      archive_entry_set_gname(entry, nullptr);
      if (type == AE_IFDIR) explicit_dirs.insert(path);
      for (auto slash = path.rfind('/'); slash != std::string::npos;
           slash = path.rfind('/', slash - 1)) {
        if (!parent_dirs.insert(path.substr(0, slash)).second || slash == 0) break;
      }
    }
    if (type == AE_IFREG && hardlink == nullptr) {
      write_file(path, entry);
    } else {
      // Directories, symlinks and hardlinks: libarchive. Any warning is a failure: it
      // reports a failed write(2) as ARCHIVE_WARN.
      archive_entry_set_pathname(entry, (root / path).c_str());
      if (archive_write_header(out.get(), entry) != ARCHIVE_OK) {
        throw Failure(fmt::format("cannot extract '{}': {}", path, archive_message(out.get())));
      }
      if (archive_entry_size(entry) > 0 && hardlink != nullptr) {
        for_each_block(path, [&](const void* buf, size_t size, la_int64_t offset) {
          if (archive_write_data_block(out.get(), buf, size, offset) !=
              static_cast<la_ssize_t>(size)) {
            throw Failure(fmt::format("cannot write '{}': {}", path, archive_message(out.get())));
          }
          counters.bytes.fetch_add(size, std::memory_order_relaxed);
          stats.bytes += size;
        });
      }
      if (archive_write_finish_entry(out.get()) != ARCHIVE_OK) {
        throw Failure(fmt::format("cannot finish '{}': {}", path, archive_message(out.get())));
      }
    }
    counters.entries.fetch_add(1, std::memory_order_relaxed);
    ++stats.entries;
  }
  if (r != ARCHIVE_EOF) throw read_failure("cannot read the next archive entry");
  if (first) {
    throw Failure("the archive holds no entries");
  }
  if (stats.entries == 0) {
    throw Failure("the archive holds no chainstate: its only entry is its root directory");
  }
  if (archive_write_close(out.get()) != ARCHIVE_OK) {
    throw Failure(fmt::format("cannot finish the extraction: {}", archive_message(out.get())));
  }
  check_symlinks_resolve_inside(symlinks, root);

  if (options.owner) {  // directories libarchive created for entries without their own
    for (const std::string& dir : parent_dirs) {
      if (explicit_dirs.count(dir) != 0) continue;
      fs::path p = root / dir;
      if (::lchown(p.c_str(), options.owner->first, options.owner->second) != 0) {
        throw Failure(fmt::format("chown {}: {}", p.string(), std::strerror(errno)));
      }
    }
  }
  return stats;
}

}  // namespace snr::agent::restore
