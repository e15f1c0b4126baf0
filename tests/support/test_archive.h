#pragma once
/// Test archives made with libarchive in memory, trees to compare, and a temp directory.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace snr::test {

struct TestEntry {
  enum class Type { file, dir, symlink, hardlink, fifo, chardev };
  std::string path;
  Type type = Type::file;
  std::string data;    ///< file content
  std::string target;  ///< symlink or hardlink target
  unsigned mode = 0644;
};

enum class Compression { gzip, zstd, none };

/// A chainstate-like tree under `top/`: nested burnchain/ and chainstate/ directories, a
/// few large files (random and compressible), many small ones, a relative symlink to a
/// directory and one to a file, and a hardlink. Deterministic for a seed.
std::vector<TestEntry> chainstate_like_tree(const std::string& top = "mainnet",
                                            std::size_t small_files = 1500,
                                            std::size_t large_file_bytes = 3 << 20,
                                            std::uint64_t seed = 42);

/// The tar (pax) of `entries`, compressed.
std::string make_archive(const std::vector<TestEntry>& entries, Compression compression);

/// Differences between the tree under `dir` and `entries` (after the restore's permission
/// rules: no group/other write), ignoring names listed in `ignore` at the top of `dir`.
/// Empty when identical.
std::string diff_tree(const std::filesystem::path& dir, const std::vector<TestEntry>& entries,
                      const std::vector<std::string>& ignore = {});

/// Every path under `dir` with its type, size and mode: two equal listings mean untouched.
std::string list_tree(const std::filesystem::path& dir);

/// `n` pseudo-random bytes.
std::string random_bytes(std::size_t n, std::uint64_t seed);

/// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace snr::test
