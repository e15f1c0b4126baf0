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
[[noreturn]] void fail(const std::filesystem::path& path, std::string_view what) {
  throw Failure("cannot " + std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}
}  // namespace

void write_file_atomic(const std::filesystem::path& path, std::string_view content, mode_t mode) {
  std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  std::string tmpl = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0) fail(path, "create a temporary file beside");
  auto cleanup = [&] {
    close(fd);
    unlink(tmpl.c_str());
  };
  if (fchmod(fd, mode) != 0) {
    cleanup();
    fail(path, "set permissions on");
  }
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      cleanup();
      fail(path, "write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (fsync(fd) != 0) {
    cleanup();
    fail(path, "sync");
  }
  close(fd);
  if (rename(tmpl.c_str(), path.c_str()) != 0) {
    unlink(tmpl.c_str());
    fail(path, "rename a temporary file to");
  }
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "read");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace snr::util
