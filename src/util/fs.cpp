#include "util/fs.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"

namespace snr::util {

namespace {

[[noreturn]] void fail(const std::filesystem::path& path, std::string_view what, int err) {
  throw Failure("cannot " + std::string(what) + " " + path.string() + ": " + std::strerror(err));
}

/// Writes `content` to a new temporary file beside `path` (fsync'ed and closed);
/// returns its name. Removes it and throws on any failure.
std::string write_temp_beside(const std::filesystem::path& path, std::string_view content,
                              mode_t mode) {
  std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  std::string tmp = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
  int fd = ::mkostemp(tmp.data(), O_CLOEXEC);  // not inherited by processes the agent starts
  if (fd < 0) fail(path, "create a temporary file beside", errno);
  auto give_up = [&](std::string_view what) {
    const int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    fail(path, what, err);
  };
  if (::fchmod(fd, mode) != 0) give_up("set permissions on");
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      give_up("write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) give_up("sync");
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail(path, "write", err);
  }
  return tmp;
}

}  // namespace

void write_file_atomic(const std::filesystem::path& path, std::string_view content, mode_t mode,
                       SyncDir sync_dir) {
  const std::string tmp = write_temp_beside(path, content, mode);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail(path, "rename a temporary file to", err);
  }
  if (sync_dir == SyncDir::yes) fsync_path(path.has_parent_path() ? path.parent_path() : ".");
}

void write_files_atomic(const std::filesystem::path& dir,
                        const std::vector<std::pair<std::string, std::string_view>>& files,
                        mode_t mode) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Failure("cannot create " + dir.string() + ": " + ec.message());
  std::vector<std::string> staged;
  auto remove_staged = [&] {
    for (const auto& p : staged)
      ::unlink(p.c_str());
  };
  try {
    for (const auto& [name, content] : files)
      staged.push_back(write_temp_beside(dir / name, content, mode));
  } catch (...) {
    remove_staged();
    throw;
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::filesystem::path target = dir / files[i].first;
    if (::rename(staged[i].c_str(), target.c_str()) != 0) {
      const int err = errno;
      remove_staged();
      fail(target, "rename a temporary file to", err);
    }
  }
}

void fsync_path(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(path, "open", errno);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) fail(path, "fsync", err);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "read", errno);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace snr::util
