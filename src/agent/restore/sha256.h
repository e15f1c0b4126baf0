#pragma once
/// Incremental SHA-256 (OpenSSL EVP) over bytes as they stream past.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace snr::agent::restore {

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

}  // namespace snr::agent::restore
