#include "util/strings.h"

#include <gtest/gtest.h>

namespace snr::util {
namespace {

TEST(Strings, TrimRemovesSpacesTabsAndNewlines) {
  EXPECT_EQ(trim("  a b\t\r\n"), "a b");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim(" \t "), "");
}

TEST(Strings, SplitKeepsEmptyFields) {
  EXPECT_EQ(split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(split("", ','), (std::vector<std::string>{""}));
}

TEST(Strings, ParseUintAcceptsOnlyWholeDecimalNumbers) {
  EXPECT_EQ(parse_uint("20443"), 20443u);
  EXPECT_EQ(parse_uint("0"), 0u);
  EXPECT_FALSE(parse_uint(""));
  EXPECT_FALSE(parse_uint("-1"));
  EXPECT_FALSE(parse_uint("12a"));
  EXPECT_FALSE(parse_uint(" 1"));
  EXPECT_FALSE(parse_uint("99999999999999999999999"));
}

TEST(Strings, EditDistanceCountsTranspositionsAsOne) {
  EXPECT_EQ(edit_distance("RCP", "RPC"), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
}

TEST(Strings, ClosestMatchFindsLikelyTypos) {
  std::vector<std::string> names{"STACKS_RPC_PORT", "STACKS_P2P_PORT", "STACKS_NETWORK"};
  EXPECT_EQ(closest_match("STACKS_RCP_PORT", names), "STACKS_RPC_PORT");
  EXPECT_EQ(closest_match("STACKS_NETWROK", names), "STACKS_NETWORK");
  EXPECT_FALSE(closest_match("TOTALLY_DIFFERENT_THING", names));
}

}  // namespace
}  // namespace snr::util

namespace snr::util {
TEST(Strings, LastLinesKeepsTheTailWithoutTrailingNewlines) {
  EXPECT_EQ(last_lines("a\nb\nc\n\n", 2), "b\nc");
  EXPECT_EQ(last_lines("a\nb", 5), "a\nb");
  EXPECT_EQ(last_lines("only", 1), "only");
  EXPECT_EQ(last_lines("\n\n", 3), "");
  EXPECT_EQ(last_lines("a\nb", 0), "");
}
}  // namespace snr::util
