#include "config/text_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/config_fixtures.h"

namespace snr::config {
namespace {

using snr::testing::about;
using snr::testing::kMinimalEnv;
using snr::testing::load_text;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(TextValueProblem, AcceptsOneLineOfUtf8) {
  EXPECT_FALSE(text_value_problem(""));
  EXPECT_FALSE(text_value_problem("stacks"));
  EXPECT_FALSE(text_value_problem("pässwörd – ✓ 𝄞"));  // 2-, 3- and 4-byte sequences
}

TEST(TextValueProblem, RefusesBrokenUtf8NamingTheByte) {
  EXPECT_THAT(text_value_problem("\xff\xfe").value_or(""), HasSubstr("byte 0xff at position 1"));
  EXPECT_THAT(text_value_problem("ab\xc3").value_or(""), HasSubstr("position 3"));  // truncated
  EXPECT_TRUE(text_value_problem("\xc0\xaf"));                                      // overlong '/'
  EXPECT_TRUE(text_value_problem("\xed\xa0\x80"));                                  // a surrogate
  EXPECT_TRUE(text_value_problem("\xf4\x90\x80\x80"));  // above U+10FFFF
}

TEST(TextValueProblem, RefusesControlCharacters) {
  EXPECT_THAT(text_value_problem("a\nb").value_or(""), HasSubstr("line break at position 2"));
  EXPECT_THAT(text_value_problem("a\rb").value_or(""), HasSubstr("line break"));
  EXPECT_THAT(text_value_problem(std::string("a\0b", 3)).value_or(""), HasSubstr("NUL"));
  EXPECT_THAT(text_value_problem("a\x1b[31m").value_or(""), HasSubstr("U+001B"));
  EXPECT_THAT(text_value_problem("a\tb").value_or(""), HasSubstr("U+0009"));
  EXPECT_THAT(text_value_problem("a\x7f").value_or(""), HasSubstr("U+007F"));
  EXPECT_THAT(text_value_problem("a\xc2\x85").value_or(""), HasSubstr("U+0085"));  // C1 NEL
}

// Through load(): the variable is named, the value is never echoed, and a bad
// value is refused at config check instead of aborting synth later (review F5, F8).

TEST(LoadTextValues, NonUtf8IsRefusedNamingTheVariable) {
  auto r = load_text(std::string(kMinimalEnv) + "BITCOIN_RPC_USERNAME=\"\xff\xfe\"\n");
  auto errors = about(r, "BITCOIN_RPC_USERNAME");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].subject, HasSubstr(".env:3"));
  EXPECT_THAT(errors[0].message, HasSubstr("not valid UTF-8"));
  const std::string& m = errors[0].message;
  EXPECT_EQ(m.find("allowed:"), m.rfind("allowed:")) << "said once: " << m;
}

TEST(LoadTextValues, EscapedNewlineNulAndEscapeAreRefused) {
  // dotenv expands \n inside double quotes into a real line break.
  auto r = load_text(std::string(kMinimalEnv) +
                     "BITCOIN_RPC_USERNAME=\"stacks\\n[INJECTED]\"\n"
                     "BITCOIN_PEER_HOST=\"a\x1b[0mb\"\n");
  EXPECT_THAT(about(r, "BITCOIN_RPC_USERNAME").at(0).message, HasSubstr("line break"));
  EXPECT_THAT(about(r, "BITCOIN_PEER_HOST").at(0).message, HasSubstr("U+001B"));
  EXPECT_EQ(about(r, "BITCOIN_PEER_HOST").size(), 1u) << "one message per variable";

  util::Environment env{{"BITCOIN_RPC_USERNAME", std::string("u\0v", 3)}};
  auto from_env = load_text(kMinimalEnv, env);
  EXPECT_THAT(about(from_env, "BITCOIN_RPC_USERNAME").at(0).message, HasSubstr("NUL"));
  EXPECT_THAT(about(from_env, "BITCOIN_RPC_USERNAME").at(0).subject, HasSubstr("environment"));
}

TEST(LoadTextValues, ASecretsBadBytesAreReportedWithoutTheValue) {
  auto r = load_text(std::string(kMinimalEnv) + "BITCOIN_RPC_PASSWORD=\"hunter2\\nsecond\"\n");
  auto errors = about(r, "BITCOIN_RPC_PASSWORD");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, Not(HasSubstr("hunter2")));
  EXPECT_THAT(errors[0].message, Not(HasSubstr("second")));
}

TEST(LoadTextValues, AllProblemsAtOnce) {
  auto r = load_text(std::string(kMinimalEnv) +
                     "BITCOIN_RPC_USERNAME=\"\xff\"\nSTACKS_VERSION=\"4.0.2\\n\"\n"
                     "STACKS_INSTANCE_TYPE=nope\n");
  EXPECT_EQ(about(r, "BITCOIN_RPC_USERNAME").size(), 1u);
  EXPECT_EQ(about(r, "STACKS_VERSION").size(), 1u);
  EXPECT_EQ(about(r, "STACKS_INSTANCE_TYPE").size(), 1u);
}

}  // namespace
}  // namespace snr::config
