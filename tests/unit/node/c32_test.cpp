#include "node/c32.h"

#include <random>
#include <string>
#include <variant>

#include <gtest/gtest.h>

#include "support/bytes.h"
#include "util/hex.h"

namespace snr::node {
namespace {

using snr::testing::unhex;

StacksAddress must_parse_address(std::string_view text) {
  auto r = parse_stacks_address(text);
  if (auto* e = std::get_if<AddressError>(&r)) {
    ADD_FAILURE() << text << ": " << e->message;
    return {};
  }
  return std::get<StacksAddress>(r);
}

AddressError::Rule address_rejection(std::string_view text) {
  auto r = parse_stacks_address(text);
  if (std::holds_alternative<StacksAddress>(r)) {
    ADD_FAILURE() << text << " was accepted";
    return AddressError::Rule::not_canonical;
  }
  EXPECT_FALSE(std::get<AddressError>(r).message.empty());
  return std::get<AddressError>(r).rule;
}

// stacks-common/src/address/c32.rs, test_addresses: 5 hashes x 6 versions.
TEST(C32, AddressVectorsFromStacksCore) {
  const char* hashes[] = {
      "a46ff88886c2ef9762d970b4d2c63678835bd39d", "0000000000000000000000000000000000000000",
      "0000000000000000000000000000000000000001", "1000000000000000000000000000000000000001",
      "1000000000000000000000000000000000000000",
  };
  const std::uint8_t versions[] = {22, 0, 31, 20, 26, 21};
  const char* expected[6][5] = {
      {"SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7", "SP000000000000000000002Q6VF78",
       "SP00000000000000000005JA84HQ", "SP80000000000000000000000000000004R0CMNV",
       "SP800000000000000000000000000000033H8YKK"},
      {"S02J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKPVKG2CE", "S0000000000000000000002AA028H",
       "S000000000000000000006EKBDDS", "S080000000000000000000000000000007R1QC00",
       "S080000000000000000000000000000003ENTGCQ"},
      {"SZ2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKQ9H6DPR", "SZ000000000000000000002ZE1VMN",
       "SZ00000000000000000005HZ3DVN", "SZ80000000000000000000000000000004XBV6MS",
       "SZ800000000000000000000000000000007VF5G0"},
      {"SM2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKQVX8X0G", "SM0000000000000000000062QV6X",
       "SM00000000000000000005VR75B2", "SM80000000000000000000000000000004WBEWKC",
       "SM80000000000000000000000000000000JGSYGV"},
      {"ST2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKQYAC0RQ", "ST000000000000000000002AMW42H",
       "ST000000000000000000042DB08Y", "ST80000000000000000000000000000006BYJ4R4",
       "ST80000000000000000000000000000002YBNPV3"},
      {"SN2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKP6D2ZK9", "SN000000000000000000003YDHWKJ",
       "SN00000000000000000005341MC8", "SN800000000000000000000000000000066KZWY0",
       "SN800000000000000000000000000000006H75AK"},
  };
  for (int i = 0; i < 5; ++i) {
    for (int j = 0; j < 6; ++j) {
      SCOPED_TRACE(std::string(hashes[i]) + " v" + std::to_string(versions[j]));
      auto hash = unhex(hashes[i]);
      EXPECT_EQ(c32_address(versions[j], hash), expected[j][i]);
      StacksAddress a = must_parse_address(expected[j][i]);
      EXPECT_EQ(a.version, versions[j]);
      EXPECT_EQ(util::hex_encode(a.hash160), hashes[i]);
      EXPECT_EQ(a.to_string(), expected[j][i]);
    }
  }
}

// stacks-common/src/address/c32.rs, test_simple: raw c32 encode/decode.
TEST(C32, EncodeDecodeVectorsFromStacksCore) {
  const std::pair<const char*, const char*> cases[] = {
      {"a46ff88886c2ef9762d970b4d2c63678835bd39d", "MHQZH246RBQSERPSE2TD5HHPF21NQMWX"},
      {"", ""},
      {"0000000000000000000000000000000000000000", "00000000000000000000"},
      {"0000000000000000000000000000000000000001", "00000000000000000001"},
      {"1000000000000000000000000000000000000001", "20000000000000000000000000000001"},
      {"1000000000000000000000000000000000000000", "20000000000000000000000000000000"},
      {"01", "1"},
      {"22", "12"},
      {"0001", "01"},
      {"000001", "001"},
      {"00000001", "0001"},
      {"10", "G"},
      {"0100", "80"},
      {"1000", "400"},
      {"010000", "2000"},
      {"100000", "10000"},
      {"01000000", "G0000"},
      {"10000000", "800000"},
      {"0100000000", "4000000"},
  };
  for (const auto& [hex, c32] : cases) {
    SCOPED_TRACE(hex);
    auto bytes = unhex(hex);
    EXPECT_EQ(c32_encode(bytes), c32);
    auto decoded = c32_decode(c32);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, bytes);
  }
}

// stacks-common/src/address/c32.rs, test_normalize: lower case and O/L/I.
TEST(C32, DecodingAcceptsLowerCaseAndCrockfordSubstitutions) {
  const char* spellings[] = {
      "S02J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKPVKG2CE", "SO2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKPVKG2CE",
      "S02J6ZY48GVLEZ5V2V5RB9MP66SW86PYKKPVKG2CE", "SO2J6ZY48GVLEZ5V2V5RB9MP66SW86PYKKPVKG2CE",
      "s02j6zy48gv1ez5v2v5rb9mp66sw86pykkpvkg2ce", "sO2j6zy48gv1ez5v2v5rb9mp66sw86pykkpvkg2ce",
      "s02j6zy48gvlez5v2v5rb9mp66sw86pykkpvkg2ce", "sO2j6zy48gvlez5v2v5rb9mp66sw86pykkpvkg2ce",
      "S02J6ZY48GVIEZ5V2V5RB9MP66SW86PYKKPVKG2CE", "s02j6zy48gviez5v2v5rb9mp66sw86pykkpvkg2ce",
  };
  for (const char* s : spellings) {
    SCOPED_TRACE(s);
    StacksAddress a = must_parse_address(s);
    EXPECT_EQ(a.version, 0);
    EXPECT_EQ(util::hex_encode(a.hash160), "a46ff88886c2ef9762d970b4d2c63678835bd39d");
    EXPECT_EQ(a.to_string(), "S02J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKPVKG2CE");
  }
  EXPECT_EQ(c32_decode("o1l1i"), c32_decode("01111"));
}

// stacks-common/src/address/c32.rs, test_ascii_only: U+1D7D8 (a "0" lookalike).
TEST(C32, RejectsNonAsciiCharacters) {
  EXPECT_EQ(address_rejection("S\xF0\x9D\x9F\x98"
                              "2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKPVKG2CE"),
            AddressError::Rule::bad_character);
  EXPECT_FALSE(c32_decode("\xF0\x9D\x9F\x98").has_value());
}

TEST(C32, RejectsCharactersOutsideTheAlphabet) {
  EXPECT_FALSE(c32_decode("U").has_value());
  EXPECT_FALSE(c32_decode("0-1").has_value());
  EXPECT_FALSE(c32_decode(" 1").has_value());
  EXPECT_EQ(address_rejection("SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJU"),
            AddressError::Rule::bad_character);
  EXPECT_EQ(address_rejection("SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7 "),
            AddressError::Rule::bad_character);
}

TEST(C32, RejectsMalformedAddresses) {
  using Rule = AddressError::Rule;
  EXPECT_EQ(address_rejection(""), Rule::too_short);
  EXPECT_EQ(address_rejection("SP123"), Rule::too_short);
  EXPECT_EQ(address_rejection("SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7000"), Rule::too_long);
  EXPECT_EQ(address_rejection("XP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7"), Rule::no_s_prefix);
  // One character changed: the checksum catches it.
  EXPECT_EQ(address_rejection("SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ8"), Rule::bad_checksum);
  EXPECT_EQ(address_rejection("SP3J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7"), Rule::bad_checksum);
  // The version is part of the checksum: SP… re-labelled ST… fails.
  EXPECT_EQ(address_rejection("ST2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7"), Rule::bad_checksum);
  // Valid c32check, but of 19 and 21 bytes: not a hash160.
  EXPECT_EQ(address_rejection(c32_address(22, unhex("a46ff88886c2ef9762d970b4d2c63678835bd3"))),
            Rule::wrong_length);
  EXPECT_EQ(address_rejection(c32_address(22, unhex("000000000000000000000000000000000000000001"))),
            Rule::wrong_length);
  EXPECT_EQ(address_rejection(c32_address(22, unhex("a46ff88886c2ef9762d970b4d2c63678835bd39d9d"))),
            Rule::too_long);
}

TEST(C32, CheckEncodeRejectsVersionsAbove31) {
  auto hash = unhex("a46ff88886c2ef9762d970b4d2c63678835bd39d");
  EXPECT_THROW(c32check_encode(32, hash), std::invalid_argument);
  EXPECT_NO_THROW(c32check_encode(31, hash));
}

TEST(C32, RandomRoundTrips) {
  std::mt19937 rng(20240101);  // fixed seed: reproducible
  std::uniform_int_distribution<int> byte(0, 255), version(0, 31), len(0, 40);
  for (int n = 0; n < 2000; ++n) {
    StacksAddress a;
    a.version = static_cast<std::uint8_t>(version(rng));
    for (auto& b : a.hash160)
      b = static_cast<std::uint8_t>(byte(rng));
    if (n % 7 == 0) std::fill(a.hash160.begin(), a.hash160.begin() + n % 5, 0);  // leading zeros
    std::string text = a.to_string();
    ASSERT_EQ(must_parse_address(text), a) << text;

    std::string lower = text;
    for (auto& c : lower)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ASSERT_EQ(must_parse_address(lower), a) << lower;

    std::vector<std::uint8_t> raw(static_cast<std::size_t>(len(rng)));
    for (auto& b : raw)
      b = static_cast<std::uint8_t>(byte(rng));
    if (n % 3 == 0 && !raw.empty()) raw[0] = 0;
    auto decoded = c32_decode(c32_encode(raw));
    ASSERT_TRUE(decoded.has_value());
    ASSERT_EQ(*decoded, raw);
  }
}

TEST(C32, NetworkOfVersions) {
  StacksAddress a;
  a.version = 22;
  EXPECT_EQ(a.network(), Network::mainnet);
  EXPECT_TRUE(a.is_single_sig());
  a.version = 20;
  EXPECT_EQ(a.network(), Network::mainnet);
  EXPECT_FALSE(a.is_single_sig());
  a.version = 26;
  EXPECT_EQ(a.network(), Network::testnet);
  EXPECT_TRUE(a.is_single_sig());
  a.version = 21;
  EXPECT_EQ(a.network(), Network::testnet);
  a.version = 0;
  EXPECT_EQ(a.network(), std::nullopt);
  EXPECT_EQ(single_sig_version(Network::mainnet), 22);
  EXPECT_EQ(single_sig_version(Network::testnet), 26);
  EXPECT_EQ(parse_stacks_network("testnet"), Network::testnet);
  EXPECT_EQ(parse_stacks_network("Mainnet"), std::nullopt);
  EXPECT_EQ(to_string(Network::mainnet), "mainnet");
}

}  // namespace
}  // namespace snr::node
