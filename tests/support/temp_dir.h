#pragma once
// A fresh directory under $TMPDIR (or /tmp), removed with everything in it.

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include <stdlib.h>

namespace snr::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "snr_test_XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  /// Writes `content` to `name` and sets its mode.
  std::filesystem::path write(const std::string& name, const std::string& content,
                              std::filesystem::perms mode = std::filesystem::perms::owner_read |
                                                            std::filesystem::perms::owner_write) {
    auto p = path_ / name;
    {
      std::ofstream f(p, std::ios::binary | std::ios::trunc);
      f << content;
    }
    std::filesystem::permissions(p, mode);
    return p;
  }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

}  // namespace snr::testing
