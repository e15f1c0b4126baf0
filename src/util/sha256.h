#pragma once
/// SHA-256 (OpenSSL EVP): incremental over bytes as they stream past, or of a
/// whole string or file at once. Digests are given as lower-case hex.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace snr::util {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(const void* data, std::size_t size);
  void update(std::string_view s) { update(s.data(), s.size()); }
  /// Lower-case hex of the digest; the object cannot be updated afterwards.
  std::string final_hex();

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

/// The SHA-256 of a whole string, lower-case hex.
std::string sha256_hex(std::string_view data);

/// The SHA-256 of a file's content, read in blocks; throws snr::Failure naming the file.
std::string sha256_file_hex(const std::filesystem::path& path);

}  // namespace snr::util
