#include "node/keys_hash.h"

#include <memory>
#include <string>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>

#include "util/error.h"

namespace snr::node {

namespace {

struct MdFree {
  void operator()(EVP_MD* md) const { EVP_MD_free(md); }
};
using MdPtr = std::unique_ptr<EVP_MD, MdFree>;

struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

/// The reason OpenSSL gave for the last failure, and an empty error queue.
std::string openssl_error() {
  unsigned long code = ERR_get_error();
  std::string out = "unknown OpenSSL error";
  if (code != 0) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    out = buf;
  }
  ERR_clear_error();
  return out;
}

template <std::size_t N>
std::array<std::uint8_t, N> digest(const EVP_MD* md, std::span<const std::uint8_t> data,
                                   const char* name) {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  std::array<std::uint8_t, N> out{};
  unsigned int len = 0;
  if (!ctx || EVP_MD_get_size(md) != static_cast<int>(N) ||
      EVP_DigestInit_ex2(ctx.get(), md, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), out.data(), &len) != 1 || len != N) {
    throw Failure(std::string("OpenSSL ") + name + " failed: " + openssl_error());
  }
  return out;
}

/// A library context of its own with only the legacy provider loaded, so the
/// process-wide default context stays untouched.
class LegacyContext {
 public:
  LegacyContext() : ctx_(OSSL_LIB_CTX_new()) {
    if (ctx_ != nullptr) provider_ = OSSL_PROVIDER_load(ctx_, "legacy");
  }
  ~LegacyContext() {
    if (provider_ != nullptr) OSSL_PROVIDER_unload(provider_);
    if (ctx_ != nullptr) OSSL_LIB_CTX_free(ctx_);
  }
  LegacyContext(const LegacyContext&) = delete;
  LegacyContext& operator=(const LegacyContext&) = delete;

  bool loaded() const { return provider_ != nullptr; }
  OSSL_LIB_CTX* get() const { return ctx_; }

 private:
  OSSL_LIB_CTX* ctx_;
  OSSL_PROVIDER* provider_ = nullptr;
};

Ripemd160Digest ripemd160_legacy(std::span<const std::uint8_t> data) {
  LegacyContext legacy;
  if (!legacy.loaded()) {
    throw Failure(
        "RIPEMD-160 is not available: the OpenSSL default provider lacks it and the legacy "
        "provider could not be loaded (" +
        openssl_error() + "); install OpenSSL >= 3.0.7 or its legacy provider module");
  }
  MdPtr md(EVP_MD_fetch(legacy.get(), "RIPEMD160", nullptr));
  if (!md) {
    throw Failure("RIPEMD-160 is not available in the OpenSSL legacy provider: " + openssl_error());
  }
  return digest<20>(md.get(), data, "RIPEMD-160");
}

}  // namespace

Sha256Digest sha256(std::span<const std::uint8_t> data) {
  return digest<32>(EVP_sha256(), data, "SHA-256");
}

Sha256Digest double_sha256(std::span<const std::uint8_t> data) {
  Sha256Digest once = sha256(data);
  return sha256(once);
}

Ripemd160Digest ripemd160(std::span<const std::uint8_t> data, Ripemd160Provider provider) {
  switch (provider) {
    case Ripemd160Provider::legacy_only:
      return ripemd160_legacy(data);
    case Ripemd160Provider::default_only: {
      MdPtr md(EVP_MD_fetch(nullptr, "RIPEMD160", nullptr));
      if (!md) {
        throw Failure("RIPEMD-160 is not available in the OpenSSL default provider: " +
                      openssl_error());
      }
      return digest<20>(md.get(), data, "RIPEMD-160");
    }
    case Ripemd160Provider::automatic:
      break;
  }
  return ripemd160_with_fallback(nullptr, data);
}

Ripemd160Digest ripemd160_with_fallback(OSSL_LIB_CTX* primary, std::span<const std::uint8_t> data) {
  MdPtr md(EVP_MD_fetch(primary, "RIPEMD160", nullptr));
  if (md) return digest<20>(md.get(), data, "RIPEMD-160");
  ERR_clear_error();  // the failed fetch queued errors; the fallback reports its own
  return ripemd160_legacy(data);
}

Hash160 hash160(std::span<const std::uint8_t> data) {
  return ripemd160(sha256(data));
}

}  // namespace snr::node
