#include "node/keys_hash.h"

#include <string_view>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/provider.h>

#include "support/bytes.h"
#include "util/hex.h"

namespace snr::node {
namespace {

using snr::testing::unhex;

std::span<const std::uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// FIPS 180-2 and the RIPEMD-160 authors' published test vectors.
TEST(KeysHash, Sha256KnownVectors) {
  EXPECT_EQ(util::hex_encode(sha256(bytes_of(""))),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(util::hex_encode(sha256(bytes_of("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(KeysHash, DoubleSha256IsShaOfSha) {
  EXPECT_EQ(double_sha256(bytes_of("abc")), sha256(sha256(bytes_of("abc"))));
  EXPECT_EQ(util::hex_encode(double_sha256(bytes_of("hello"))),
            "9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50");
}

TEST(KeysHash, Ripemd160KnownVectors) {
  EXPECT_EQ(util::hex_encode(ripemd160(bytes_of(""))), "9c1185a5c5e9fc54612808977ee8f548b2258d31");
  EXPECT_EQ(util::hex_encode(ripemd160(bytes_of("abc"))),
            "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
  EXPECT_EQ(util::hex_encode(ripemd160(bytes_of("message digest"))),
            "5d0689ef49d2fae572b881b123a85ffa21595f36");
}

// OpenSSL >= 3.0.7 (Debian 12 has 3.0.x >= 3.0.9) serves RIPEMD-160 from the
// default provider; the fallback must agree with it.
TEST(KeysHash, Ripemd160DefaultProviderAndLegacyFallbackAgree) {
  Ripemd160Digest from_default = ripemd160(bytes_of("abc"), Ripemd160Provider::default_only);
  EXPECT_EQ(util::hex_encode(from_default), "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
  Ripemd160Digest from_legacy = ripemd160(bytes_of("abc"), Ripemd160Provider::legacy_only);
  EXPECT_EQ(from_legacy, from_default);
  EXPECT_EQ(ripemd160(bytes_of("message digest"), Ripemd160Provider::legacy_only),
            ripemd160(bytes_of("message digest"), Ripemd160Provider::automatic));
}

// A library context with only the base provider (no digests at all) stands in
// for an OpenSSL whose default provider lacks RIPEMD-160.
TEST(KeysHash, Ripemd160FallsBackToTheLegacyProvider) {
  OSSL_LIB_CTX* ctx = OSSL_LIB_CTX_new();
  ASSERT_NE(ctx, nullptr);
  OSSL_PROVIDER* base = OSSL_PROVIDER_load(ctx, "base");  // also stops default auto-loading
  ASSERT_NE(base, nullptr);
  EVP_MD* md = EVP_MD_fetch(ctx, "RIPEMD160", nullptr);
  EXPECT_EQ(md, nullptr) << "the test context unexpectedly has RIPEMD-160";
  EVP_MD_free(md);
  EXPECT_EQ(util::hex_encode(ripemd160_with_fallback(ctx, bytes_of("abc"))),
            "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
  OSSL_PROVIDER_unload(base);
  OSSL_LIB_CTX_free(ctx);
}

// hash160 of the secp256k1 generator point (BIP-173's example key).
TEST(KeysHash, Hash160OfGenerator) {
  auto g = unhex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
  EXPECT_EQ(util::hex_encode(hash160(g)), "751e76e8199196d454941c45d1b3a323f1433bd6");
  EXPECT_EQ(hash160(g), ripemd160(sha256(g)));
}

}  // namespace
}  // namespace snr::node
