#pragma once
/// The hash functions behind Stacks addresses: SHA-256, RIPEMD-160 and
/// hash160 = RIPEMD160(SHA256(x)), computed with OpenSSL 3 (EVP).

#include <array>
#include <cstdint>
#include <span>

struct ossl_lib_ctx_st;  // OpenSSL's OSSL_LIB_CTX

namespace snr::node {

using Sha256Digest = std::array<std::uint8_t, 32>;
using Ripemd160Digest = std::array<std::uint8_t, 20>;
/// RIPEMD160(SHA256(x)): the 20-byte hash inside a Stacks (and Bitcoin P2PKH) address.
using Hash160 = std::array<std::uint8_t, 20>;

/// Where RIPEMD-160 comes from. OpenSSL 3.0.7+ has it in the default provider;
/// older 3.0.x builds only in the legacy provider.
enum class Ripemd160Provider {
  automatic,     ///< default provider, else the legacy provider (what snr uses)
  default_only,  ///< only the default library context (throws Failure if absent)
  legacy_only,   ///< only the legacy provider, in a private library context
};

Sha256Digest sha256(std::span<const std::uint8_t> data);

/// SHA256(SHA256(data)).
Sha256Digest double_sha256(std::span<const std::uint8_t> data);

/// RIPEMD-160 of `data`. Throws snr::Failure if no provider offers it.
Ripemd160Digest ripemd160(std::span<const std::uint8_t> data,
                          Ripemd160Provider provider = Ripemd160Provider::automatic);

/// The `automatic` strategy with an explicit first library context (nullptr:
/// OpenSSL's default one); tests pass a context without RIPEMD-160 to exercise
/// the fallback to the legacy provider.
Ripemd160Digest ripemd160_with_fallback(ossl_lib_ctx_st* primary,
                                        std::span<const std::uint8_t> data);

/// RIPEMD160(SHA256(data)).
Hash160 hash160(std::span<const std::uint8_t> data);

}  // namespace snr::node
