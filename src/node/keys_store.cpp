#include "node/keys_store.h"

#include <cstdio>
#include <cstring>
#include <variant>

#include <errno.h>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include "util/strings.h"

namespace snr::node {

PrivateKey parse_stored_key(const std::string& value, const std::string& where) {
  std::string_view t = util::trim(value);
  std::string hex;
  if (!t.empty() && t.front() == '{') {
    nlohmann::json j = nlohmann::json::parse(t, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw Failure(where + " is not valid JSON");
    auto it = j.find("private_key");
    if (it == j.end() || !it->is_string()) {
      throw Failure(where + " is JSON without a \"private_key\" string");
    }
    hex = std::string(util::trim(it->get<std::string>()));
    wipe(it->get_ref<std::string&>());
  } else {
    hex = std::string(t);
  }
  auto parsed = PrivateKey::parse_hex(hex);
  wipe(hex);
  if (auto* err = std::get_if<KeyParseError>(&parsed)) {
    throw Failure(where + " does not hold a valid private key: " + err->message);
  }
  return std::get<PrivateKey>(std::move(parsed));
}

std::string stored_key_json(const PrivateKey& key) {
  std::string hex = key.reveal_hex();
  std::string out = "{\"private_key\": \"" + hex + "\"}";
  wipe(hex);
  return out;
}

namespace {

std::string errno_text(int err) {
  return std::strerror(err);
}

std::string octal_mode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

/// Closes a file descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  /// Closes now and reports close(2)'s result (it can report a failed write).
  int close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::filesystem::path directory_of(const std::filesystem::path& path) {
  std::filesystem::path dir = path.parent_path();
  return dir.empty() ? std::filesystem::path(".") : dir;
}

/// Makes the new directory entry durable; best effort.
void sync_directory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

}  // namespace

KeyFileStore::KeyFileStore(std::filesystem::path path, std::string flag)
    : path_(std::move(path)), flag_(std::move(flag)) {}

std::string KeyFileStore::subject() const {
  return flag_.empty() ? path_.string() : flag_ + " " + path_.string();
}

std::string KeyFileStore::describe() const {
  return "key file " + path_.string();
}

void KeyFileStore::check_can_store(Diagnostics& problems) const {
  struct stat st {};
  if (::lstat(path_.c_str(), &st) == 0) {
    problems.error(subject(),
                   "already exists; snr never overwrites a key file (it may hold a key in use): "
                   "choose another path or move the file away first");
    return;
  }
  std::filesystem::path dir = directory_of(path_);
  if (::stat(dir.c_str(), &st) != 0) {
    problems.error(subject(), "directory " + dir.string() + " does not exist (" +
                                  errno_text(errno) + "); create it first");
  } else if (!S_ISDIR(st.st_mode)) {
    problems.error(subject(), dir.string() + " is not a directory");
  } else if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    problems.error(subject(), "cannot create a file in directory " + dir.string() + " (" +
                                  errno_text(errno) + ")");
  }
}

void KeyFileStore::store(const PrivateKey& key) const {
  // O_EXCL: fail if anything (even a dangling symlink) is already there.
  Fd fd(::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0600));
  if (fd.get() < 0) {
    int err = errno;
    if (err == EEXIST) {
      throw UserError(subject(), "already exists; snr never overwrites a key file");
    }
    if (err == ENOENT || err == EACCES || err == EROFS || err == ENOTDIR || err == EISDIR) {
      throw UserError(subject(), "cannot create the key file: " + errno_text(err));
    }
    throw Failure("cannot create key file " + path_.string() + ": " + errno_text(err));
  }
  std::string hex = key.reveal_hex();
  int err = 0;
  errno = 0;
  // fchmod: the mode given to open() is reduced by the umask; this is exact.
  if (::fchmod(fd.get(), 0600) != 0 || !write_all(fd.get(), hex) || !write_all(fd.get(), "\n") ||
      ::fsync(fd.get()) != 0) {
    err = errno != 0 ? errno : EIO;
  }
  wipe(hex);
  if (fd.close() != 0 && err == 0) err = errno;
  if (err != 0) {
    ::unlink(path_.c_str());  // ours: created exclusively above
    throw Failure("cannot write key file " + path_.string() + ": " + errno_text(err) +
                  "; the file was removed");
  }
  sync_directory(directory_of(path_));
}

PrivateKey KeyFileStore::load(Diagnostics& warnings) const {
  // O_NONBLOCK: a FIFO must not block the open waiting for a writer; refused just below.
  Fd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (fd.get() < 0) {
    int err = errno;
    if (err == ENOENT || err == EACCES || err == ENOTDIR || err == ELOOP) {
      throw UserError(subject(), "cannot open the key file: " + errno_text(err));
    }
    throw Failure("cannot open key file " + path_.string() + ": " + errno_text(err));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    throw Failure("cannot stat key file " + path_.string() + ": " + errno_text(errno));
  }
  if (!S_ISREG(st.st_mode)) throw UserError(subject(), "is not a regular file");
  if (st.st_size > kMaxFileSize) {
    throw UserError(subject(), "is " + std::to_string(st.st_size) +
                                   " bytes; a key file holds one line of 64 or 66 hex digits");
  }
  if ((st.st_mode & 077) != 0) {
    warnings.warning(subject(), "mode " + octal_mode(st.st_mode) +
                                    " lets other users access the private key; restrict it: "
                                    "chmod 600 " +
                                    path_.string());
  }

  std::string text(static_cast<std::size_t>(kMaxFileSize) + 1, '\0');
  std::size_t used = 0;
  while (used < text.size()) {
    ssize_t n = ::read(fd.get(), text.data() + used, text.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      wipe(text);
      throw Failure("cannot read key file " + path_.string() + ": " + errno_text(err));
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  if (used > static_cast<std::size_t>(kMaxFileSize)) {
    wipe(text);
    throw UserError(subject(), "is larger than " + std::to_string(kMaxFileSize) +
                                   " bytes; a key file holds one line of 64 or 66 hex digits");
  }
  std::string_view content = util::trim(std::string_view(text.data(), used));
  if (content.empty()) {
    wipe(text);
    throw UserError(subject(), "is empty; a key file holds one line of 64 or 66 hex digits");
  }
  if (content.find('\n') != std::string_view::npos) {
    wipe(text);
    throw UserError(subject(),
                    "holds more than one line; a key file holds one line of 64 or 66 hex digits");
  }
  auto parsed = PrivateKey::parse_hex(content);
  wipe(text);
  if (auto* e = std::get_if<KeyParseError>(&parsed)) {
    throw UserError(subject(), "does not hold a valid private key: " + e->message);
  }
  return std::get<PrivateKey>(std::move(parsed));
}

}  // namespace snr::node
