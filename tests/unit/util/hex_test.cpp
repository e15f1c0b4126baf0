#include "util/hex.h"

#include <array>

#include <gtest/gtest.h>

namespace snr::util {
namespace {

TEST(Hex, EncodesLowerCaseTwoDigitsPerByte) {
  std::array<std::uint8_t, 4> bytes{0x00, 0x0f, 0xa0, 0xff};
  EXPECT_EQ(hex_encode(bytes), "000fa0ff");
  EXPECT_EQ(hex_encode({}), "");
}

TEST(Hex, DecodesEitherCaseAndRoundTrips) {
  auto d = hex_decode("000FA0ff");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(*d, (std::vector<std::uint8_t>{0x00, 0x0f, 0xa0, 0xff}));
  EXPECT_EQ(hex_encode(*d), "000fa0ff");
  EXPECT_EQ(hex_decode("")->size(), 0u);
}

TEST(Hex, RejectsOddLengthAndNonHex) {
  EXPECT_FALSE(hex_decode("abc").has_value());
  EXPECT_FALSE(hex_decode("0g").has_value());
  EXPECT_FALSE(hex_decode("0x00").has_value());
  EXPECT_FALSE(hex_decode(" 00").has_value());
}

TEST(Hex, IsHexMeansExactlyThatManyDigitsOfEitherCase) {
  const std::string sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  EXPECT_TRUE(is_hex(sha, 64));
  EXPECT_TRUE(is_hex("9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", 64));
  EXPECT_FALSE(is_hex(sha.substr(1), 64));
  EXPECT_FALSE(is_hex(sha + "0", 64));
  EXPECT_FALSE(is_hex("g" + sha.substr(1), 64));
  EXPECT_TRUE(is_hex("", 0));
}

TEST(Hex, FirstNonHexNamesThePosition) {
  EXPECT_FALSE(first_non_hex("09afAF").has_value());
  EXPECT_EQ(first_non_hex("0x12"), 1u);
  EXPECT_EQ(first_non_hex("12 "), 2u);
}

TEST(Hex, DecodeIntoNeedsTheExactSizeAndZeroesOnFailure) {
  std::array<std::uint8_t, 2> out{0xaa, 0xbb};
  EXPECT_TRUE(hex_decode_into("0102", out));
  EXPECT_EQ(out, (std::array<std::uint8_t, 2>{1, 2}));
  EXPECT_FALSE(hex_decode_into("010203", out));
  EXPECT_EQ(out, (std::array<std::uint8_t, 2>{0, 0}));
  out = {0xaa, 0xbb};
  EXPECT_FALSE(hex_decode_into("01zz", out));
  EXPECT_EQ(out, (std::array<std::uint8_t, 2>{0, 0}));
}

}  // namespace
}  // namespace snr::util
