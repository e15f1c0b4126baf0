#include "util/sha256.h"

#include <array>
#include <cstdint>
#include <fstream>
#include <span>

#include <openssl/evp.h>

#include "util/error.h"
#include "util/hex.h"

namespace snr::util {

struct Sha256::Ctx {
  EVP_MD_CTX* md = nullptr;
  bool finished = false;
};

Sha256::Sha256() : ctx_(std::make_unique<Ctx>()) {
  ctx_->md = EVP_MD_CTX_new();
  if (ctx_->md == nullptr || EVP_DigestInit_ex(ctx_->md, EVP_sha256(), nullptr) != 1) {
    if (ctx_->md != nullptr) EVP_MD_CTX_free(ctx_->md);
    throw Failure("OpenSSL: cannot initialise SHA-256");
  }
}

Sha256::~Sha256() {
  EVP_MD_CTX_free(ctx_->md);
}

void Sha256::update(const void* data, std::size_t size) {
  if (ctx_->finished) throw Failure("SHA-256 updated after it was finished");
  if (size == 0) return;
  if (EVP_DigestUpdate(ctx_->md, data, size) != 1) throw Failure("OpenSSL: SHA-256 update failed");
}

std::string Sha256::final_hex() {
  if (ctx_->finished) throw Failure("SHA-256 finished twice");
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx_->md, digest.data(), &len) != 1)
    throw Failure("OpenSSL: SHA-256 final failed");
  ctx_->finished = true;
  return hex_encode(std::span<const std::uint8_t>(digest.data(), len));
}

std::string sha256_hex(std::string_view data) {
  Sha256 h;
  h.update(data);
  return h.final_hex();
}

std::string sha256_file_hex(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Failure("cannot read " + path.string());
  Sha256 h;
  std::array<char, 64 * 1024> buf{};
  while (in) {
    in.read(buf.data(), buf.size());
    if (in.gcount() > 0) h.update(buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw Failure("error reading " + path.string());
  return h.final_hex();
}

}  // namespace snr::util
