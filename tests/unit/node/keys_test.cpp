#include "node/keys.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "util/error.h"
#include "util/hex.h"

namespace snr::node {
namespace {

PrivateKey must_parse_key(std::string_view hex) {
  auto r = PrivateKey::parse_hex(hex);
  if (auto* e = std::get_if<KeyParseError>(&r)) {
    ADD_FAILURE() << "rejected: " << e->message;
    return PrivateKey::generate();
  }
  return std::get<PrivateKey>(r);
}

KeyParseError key_rejection(std::string_view hex) {
  auto r = PrivateKey::parse_hex(hex);
  if (std::holds_alternative<PrivateKey>(r)) {
    ADD_FAILURE() << "accepted";
    return {KeyParseError::Rule::not_hex, ""};
  }
  return std::get<KeyParseError>(r);
}

struct KeyVector {
  const char* private_hex;
  const char* public_hex;  // empty: not given by the source
  const char* mainnet;     // empty: not given by the source
  const char* testnet;
};

// notes/keys.md (stacks-signer config.rs tests, signer-0.toml, signer-1.toml),
// stacks-common secp256k1/native.rs sk_from_seed, and the secp256k1 generator:
// k = 1 gives G, k = 2 and 3 give 2G and 3G, n - 1 gives -G.
const KeyVector kVectors[] = {
    {"2de4e77aab89c0c2570bb8bb90824f5cf2a5204a975905fee450ff9dad0fcf28", "",
     "SP1286C62P3TAWVQV2VM2CEGTRBQZSZ6MHMS9RW05", ""},
    {"2de4e77aab89c0c2570bb8bb90824f5cf2a5204a975905fee450ff9dad0fcf2801", "",
     "SP1286C62P3TAWVQV2VM2CEGTRBQZSZ6MHMS9RW05", ""},
    {"6a1fc1a3183018c6d79a4e11e154d2bdad2d89ac8bc1b0a021de8b4d28774fbb01",
     "03bc489f27da3701d9f9e577c88de5567cf4023111b7577042d55cde4d823a3505", "",
     "ST3FPN8KBZ3YPBP0ZJGAAHTVFMQDTJCR5QPS7VTNJ"},
    {"126e916e77359ccf521e168feea1fcb9626c59dc375cae00c7464303381c7dff01",
     "0234bf42276b592b747f537fea12183a5c19c2bbdb32fa94f06dc1a7b2880aa915",
     "SP2YKEY90QRBJVQA0NG5VMSTKZQ9SZ5NF1NMJZDPG", "ST2YKEY90QRBJVQA0NG5VMSTKZQ9SZ5NF1P0P47R0"},
    {"0000000000000000000000000000000000000000000000000000000000000001",
     "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
     "SP1THWXQ8368SDN2MJGE4BMDKMCHZ2GSVTS1X0BPM", "ST1THWXQ8368SDN2MJGE4BMDKMCHZ2GSVTSQDA7QF"},
    {"0202020202020202020202020202020202020202020202020202020202020202",
     "024d4b6cd1361032ca9bd2aeb9d900aa4d45d9ead80ac9423374c451a7254d0766", "", ""},
    {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d01",
     "0243311589af63c2adda04fcd7792c038a05c12a4fe40351b3eb1612ff6b2e5a0e", "", ""},
    {"0000000000000000000000000000000000000000000000000000000000000002",
     "02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5", "", ""},
    {"0000000000000000000000000000000000000000000000000000000000000003",
     "02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9", "", ""},
    {"fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140",
     "0379be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", "", ""},
};

TEST(Keys, KnownVectors) {
  for (const auto& v : kVectors) {
    SCOPED_TRACE(v.private_hex);
    PrivateKey key = must_parse_key(v.private_hex);
    PublicKey pub = key.public_key();
    if (*v.public_hex) {
      EXPECT_EQ(pub.hex(), v.public_hex);
    }
    if (*v.mainnet) {
      EXPECT_EQ(pub.address(Network::mainnet).to_string(), v.mainnet);
    }
    if (*v.testnet) {
      EXPECT_EQ(pub.address(Network::testnet).to_string(), v.testnet);
    }
    // Testnet and mainnet addresses share the hash160.
    EXPECT_EQ(pub.address(Network::mainnet).hash160, pub.address(Network::testnet).hash160);
    EXPECT_EQ(pub.address(Network::mainnet).version, 22);
    EXPECT_EQ(pub.address(Network::testnet).version, 26);
  }
}

TEST(Keys, WithAndWithoutCompressionMarkerAreTheSameKey) {
  PrivateKey a = must_parse_key("2de4e77aab89c0c2570bb8bb90824f5cf2a5204a975905fee450ff9dad0fcf28");
  PrivateKey b =
      must_parse_key("2de4e77aab89c0c2570bb8bb90824f5cf2a5204a975905fee450ff9dad0fcf2801");
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.public_key(), b.public_key());
}

TEST(Keys, RevealHexIsTheStacksCoreCompressedForm) {
  // stacks-common sk_from_seed: to_hex() of a compressed key.
  EXPECT_EQ(must_parse_key("0202020202020202020202020202020202020202020202020202020202020202")
                .reveal_hex(),
            "020202020202020202020202020202020202020202020202020202020202020201");
  EXPECT_EQ(must_parse_key("2DE4E77AAB89C0C2570BB8BB90824F5CF2A5204A975905FEE450FF9DAD0FCF28")
                .reveal_hex(),
            "2de4e77aab89c0c2570bb8bb90824f5cf2a5204a975905fee450ff9dad0fcf2801");
}

TEST(Keys, RejectsNonHexAndSaysWhere) {
  KeyParseError e =
      key_rejection("2de4e77aab89c0c2570bb8bb90824f5cf2a5204a975905fee450ff9dad0fcf2g");
  EXPECT_EQ(e.rule, KeyParseError::Rule::not_hex);
  EXPECT_NE(e.message.find("character 64"), std::string::npos) << e.message;
  e = key_rejection("0x2de4e77aab89c0c2570bb8bb90824f5cf2a5204a975905fee450ff9dad0fcf28");
  EXPECT_EQ(e.rule, KeyParseError::Rule::not_hex);
  EXPECT_NE(e.message.find("0x"), std::string::npos) << e.message;
  EXPECT_EQ(key_rejection(" 2de4e77aab89c0c2570bb8bb90824f5cf2a5204a975905fee450ff9dad0fcf28").rule,
            KeyParseError::Rule::not_hex);
  // A WIF key is base58, not hex.
  EXPECT_EQ(key_rejection("KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn").rule,
            KeyParseError::Rule::not_hex);
}

TEST(Keys, RejectsWrongLengths) {
  for (std::size_t n : {0u, 2u, 62u, 63u, 65u, 67u, 68u, 128u}) {
    SCOPED_TRACE(n);
    KeyParseError e = key_rejection(std::string(n, '1'));
    EXPECT_EQ(e.rule, KeyParseError::Rule::wrong_length);
    EXPECT_NE(e.message.find("64 hex digits, or 66 ending in 01"), std::string::npos) << e.message;
  }
}

TEST(Keys, RejectsA33rdByteOtherThan01) {
  for (const char* suffix : {"00", "02", "10", "ff"}) {
    KeyParseError e = key_rejection(
        std::string("2de4e77aab89c0c2570bb8bb90824f5cf2a5204a975905fee450ff9dad0fcf28") + suffix);
    EXPECT_EQ(e.rule, KeyParseError::Rule::bad_compression_marker);
    EXPECT_NE(e.message.find(std::string("byte is ") + suffix), std::string::npos) << e.message;
  }
}

TEST(Keys, RejectsZeroAndKeysNotBelowTheCurveOrder) {
  const char* bad[] = {
      "0000000000000000000000000000000000000000000000000000000000000000",
      "000000000000000000000000000000000000000000000000000000000000000001",
      "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",  // n
      "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364142",  // n + 1
      "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff01",
  };
  for (const char* hex : bad) {
    SCOPED_TRACE(hex);
    EXPECT_EQ(key_rejection(hex).rule, KeyParseError::Rule::out_of_range);
  }
}

TEST(Keys, ErrorMessagesNeverContainTheKey) {
  const std::string key = "2de4e77aab89c0c2570bb8bb90824f5cf2a5204a975905fee450ff9dad0fcf28";
  for (const std::string& text : {key + "02", key + "0", key + "zz", "0x" + key}) {
    KeyParseError e = key_rejection(text);
    EXPECT_EQ(e.message.find(key.substr(0, 16)), std::string::npos) << e.message;
    EXPECT_EQ(e.message.find(key.substr(48, 16)), std::string::npos) << e.message;
  }
}

TEST(Keys, GeneratedKeysDifferAndAreValid) {
  std::set<std::string> seen;
  for (int i = 0; i < 32; ++i) {
    PrivateKey key = PrivateKey::generate();
    std::string hex = key.reveal_hex();
    ASSERT_EQ(hex.size(), 66u);
    EXPECT_EQ(hex.substr(64), "01");
    // Round trip through the parser: valid (0 < k < n) and the same key.
    EXPECT_EQ(must_parse_key(hex), key);
    PublicKey pub = key.public_key();
    EXPECT_TRUE(pub.hex().starts_with("02") || pub.hex().starts_with("03"));
    EXPECT_EQ(PublicKey::parse_hex(pub.hex()), pub);
    EXPECT_TRUE(seen.insert(hex).second) << "a generated key repeated";
    wipe(hex);
    EXPECT_TRUE(hex.empty());
  }
}

TEST(Keys, GenerateDrawsAgainUntilTheBytesAreAValidKey) {
  // Zero, then n, then 0x..01: the first two are not keys.
  int calls = 0;
  PrivateKey key = PrivateKey::generate([&calls](std::span<std::uint8_t> out) {
    ++calls;
    std::fill(out.begin(), out.end(), 0);
    if (calls == 2) {
      auto n = util::hex_decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
      std::copy(n->begin(), n->end(), out.begin());
    }
    if (calls == 3) out[31] = 1;
  });
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(key.public_key().hex(),
            "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
}

TEST(Keys, GenerateFailsOnAGeneratorThatOnlyGivesZeros) {
  auto zeros = [](std::span<std::uint8_t> out) { std::fill(out.begin(), out.end(), 0); };
  EXPECT_THROW(PrivateKey::generate(zeros), Failure);
}

TEST(Keys, OsRandomFillsBuffers) {
  std::array<std::uint8_t, 64> a{}, b{};
  os_random(a);
  os_random(b);
  EXPECT_NE(a, b);
  EXPECT_NE(a, (std::array<std::uint8_t, 64>{}));
}

TEST(Keys, PublicKeyParsing) {
  // stacks-common secp256k1/native.rs test_parse_serialize (compressed cases).
  auto ok =
      PublicKey::parse_hex("0233d78f74de8ef4a1de815b6d5c5c129c073786305c0826c499b1811c9a12cee5");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->hex(), "0233d78f74de8ef4a1de815b6d5c5c129c073786305c0826c499b1811c9a12cee5");
  EXPECT_FALSE(
      PublicKey::parse_hex("0233d78f74de8ef4a1de815b6d5c5c129c073786305c0826c499b1811c9a12ce"));
  // Uncompressed keys are not what snr handles.
  EXPECT_FALSE(PublicKey::parse_hex(
      "044a83ad59dbae1e2335f488dbba5f8604d00f612a43ebaae784b5b7124cc38c3aaf509362787e1a8e25131724d5"
      "7fec81b87889aabb4edf7bd89f5c4daa4f8aa7"));
  // x = 5 is not on the curve (x^3 + 7 = 132 is not a square mod p).
  EXPECT_FALSE(
      PublicKey::parse_hex("020000000000000000000000000000000000000000000000000000000000000005"));
  EXPECT_FALSE(
      PublicKey::parse_hex("0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"));
}

TEST(Keys, GoogleTestPrintsNoKeyMaterial) {
  PrivateKey key =
      must_parse_key("2de4e77aab89c0c2570bb8bb90824f5cf2a5204a975905fee450ff9dad0fcf28");
  std::string printed = ::testing::PrintToString(key);
  EXPECT_EQ(printed, "PrivateKey(redacted)");
}

// An independent implementation: OpenSSL's own EC code, through the openssl
// command, derives the same public keys from random keys.
TEST(Keys, PublicKeysMatchTheOpensslCommand) {
  auto dir =
      std::filesystem::temp_directory_path() / ("snr_keys_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (int i = 0; i < 4; ++i) {
    PrivateKey key = PrivateKey::generate();
    std::string hex = key.reveal_hex();
    // SEC1 ECPrivateKey DER for secp256k1 (OID 1.3.132.0.10).
    std::vector<std::uint8_t> der = {0x30, 0x2e, 0x02, 0x01, 0x01, 0x04, 0x20};
    auto secret = util::hex_decode(hex.substr(0, 64)).value();
    der.insert(der.end(), secret.begin(), secret.end());
    for (std::uint8_t b : {0xa0, 0x07, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a})
      der.push_back(b);
    auto der_path = dir / "key.der";
    {
      std::ofstream f(der_path, std::ios::binary);
      f.write(reinterpret_cast<const char*>(der.data()), static_cast<std::streamsize>(der.size()));
    }
    std::string cmd = "openssl ec -inform DER -in '" + der_path.string() +
                      "' -pubout -conv_form compressed -outform DER 2>/dev/null";
    FILE* p = ::popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    std::vector<std::uint8_t> spki;
    int c;
    while ((c = std::fgetc(p)) != EOF)
      spki.push_back(static_cast<std::uint8_t>(c));
    ASSERT_EQ(::pclose(p), 0) << "openssl ec failed";
    ASSERT_GE(spki.size(), 33u);
    std::vector<std::uint8_t> tail(spki.end() - 33, spki.end());
    EXPECT_EQ(util::hex_encode(tail), key.public_key().hex());
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace snr::node
