#include "agent/restore/sha256.h"

#include <openssl/evp.h>

#include "util/error.h"

namespace snr::agent::restore {

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
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx_->md, digest, &len) != 1)
    throw Failure("OpenSSL: SHA-256 final failed");
  ctx_->finished = true;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xf]);
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  Sha256 h;
  h.update(data);
  return h.final_hex();
}

}  // namespace snr::agent::restore
