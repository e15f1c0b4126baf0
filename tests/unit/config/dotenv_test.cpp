#include "config/dotenv.h"

#include <gtest/gtest.h>

namespace snr::config {
namespace {

DotenvFile parse(std::string_view text, Diagnostics& d) {
  return parse_dotenv(text, ".env", d);
}

std::string value_of(const DotenvFile& f, std::string_view key) {
  const DotenvEntry* e = f.find(key);
  return e ? e->value : "<missing>";
}

TEST(Dotenv, CommentsBlankLinesAndExportPrefix) {
  Diagnostics d;
  auto f = parse("# comment\n\n   # indented comment\nexport A=1\n  export\tB = two \nC=3", d);
  EXPECT_FALSE(d.has_errors());
  ASSERT_EQ(f.entries.size(), 3u);
  EXPECT_EQ(value_of(f, "A"), "1");
  EXPECT_EQ(value_of(f, "B"), "two");
  EXPECT_EQ(value_of(f, "C"), "3");
  EXPECT_EQ(f.entries[1].line, 5);
}

TEST(Dotenv, TrailingCommentsAfterQuotedAndUnquotedValues) {
  Diagnostics d;
  auto f = parse(
      "AWS_REGION=\"us-west-2\"          # AWS region for deployment\n"
      "PORT=20444   # the p2p port\n"
      "EMPTY=          # nothing here\n"
      "SINGLE='a # not a comment'   # comment\n",
      d);
  EXPECT_FALSE(d.has_errors());
  EXPECT_EQ(value_of(f, "AWS_REGION"), "us-west-2");
  EXPECT_EQ(value_of(f, "PORT"), "20444");
  EXPECT_EQ(value_of(f, "EMPTY"), "");
  EXPECT_EQ(value_of(f, "SINGLE"), "a # not a comment");
}

TEST(Dotenv, UnquotedValueEndsAtHashAsDotenvDoes) {
  Diagnostics d;
  auto f = parse("PASSWORD=abc#def\n", d);
  EXPECT_EQ(value_of(f, "PASSWORD"), "abc");
}

TEST(Dotenv, QuotesAndEscapes) {
  Diagnostics d;
  auto f = parse(
      "D=\"line1\\nline2\"\n"
      "S='no\\nexpansion'\n"
      "B=`back tick`\n"
      "Q=\"say \\\"hi\\\"\"\n",
      d);
  EXPECT_FALSE(d.has_errors());
  EXPECT_EQ(value_of(f, "D"), "line1\nline2");
  EXPECT_EQ(value_of(f, "S"), "no\\nexpansion");
  EXPECT_EQ(value_of(f, "B"), "back tick");
  EXPECT_EQ(value_of(f, "Q"), "say \\\"hi\\\"");  // dotenv keeps the backslashes
}

TEST(Dotenv, MultilineQuotedValueKeepsLineNumbersRight) {
  Diagnostics d;
  auto f = parse("A=\"one\ntwo\"\nB=3\n", d);
  EXPECT_FALSE(d.has_errors());
  EXPECT_EQ(value_of(f, "A"), "one\ntwo");
  ASSERT_EQ(f.entries.size(), 2u);
  EXPECT_EQ(f.entries[1].line, 3);
}

TEST(Dotenv, NoVariableExpansion) {
  Diagnostics d;
  auto f = parse("A=$HOME\nB=\"${A}\"\n", d);
  EXPECT_EQ(value_of(f, "A"), "$HOME");
  EXPECT_EQ(value_of(f, "B"), "${A}");
}

TEST(Dotenv, CrLfLineEndingsAndByteOrderMark) {
  Diagnostics d;
  auto f = parse(
      "\xEF\xBB\xBF"
      "A=1\r\nB=\"2\"\r\n",
      d);
  EXPECT_FALSE(d.has_errors());
  EXPECT_EQ(value_of(f, "A"), "1");
  EXPECT_EQ(value_of(f, "B"), "2");
}

TEST(Dotenv, ReportsEveryMalformedLineWithItsNumber) {
  Diagnostics d;
  auto f = parse("GOOD=1\nthis is not an assignment\nY=2\nZ=\"a\" trailing\nX=\"unterminated\n", d);
  auto errors = d.errors();
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].subject, ".env:2");
  EXPECT_NE(errors[0].message.find("expected NAME=VALUE"), std::string::npos);
  EXPECT_EQ(errors[1].subject, ".env:4");
  EXPECT_NE(errors[1].message.find("after the closing quote"), std::string::npos);
  EXPECT_EQ(errors[2].subject, ".env:5");
  EXPECT_NE(errors[2].message.find("unterminated"), std::string::npos);
  // Parsing went on after the errors.
  EXPECT_EQ(value_of(f, "GOOD"), "1");
  EXPECT_EQ(value_of(f, "Y"), "2");
}

TEST(Dotenv, MalformedLinesAreNotEchoedBecauseTheyMayHoldSecrets) {
  Diagnostics d;
  parse("BITCOIN_RPC_PASSWORD hunter2\n", d);
  ASSERT_EQ(d.errors().size(), 1u);
  EXPECT_EQ(d.errors()[0].to_string().find("hunter2"), std::string::npos);
  EXPECT_NE(d.errors()[0].message.find("after BITCOIN_RPC_PASSWORD"), std::string::npos);
}

TEST(Dotenv, LastAssignmentWins) {
  Diagnostics d;
  auto f = parse("A=1\nA=2\n", d);
  EXPECT_EQ(value_of(f, "A"), "2");
}

TEST(Dotenv, MissingFileIsAnErrorNamingIt) {
  Diagnostics d;
  read_dotenv("/nonexistent/dir/.env", d);
  ASSERT_TRUE(d.has_errors());
  EXPECT_EQ(d.errors()[0].subject, "/nonexistent/dir/.env");
}

}  // namespace
}  // namespace snr::config
