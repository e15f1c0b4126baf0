#include "util/json_fields.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace snr::util {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

TEST(JsonField, ReadsTypedValuesOfPlainAndOrderedDocuments) {
  auto j = nlohmann::json::parse(R"({"n": 7, "s": "x", "b": true})");
  EXPECT_EQ(json_field<int>(j, "doc", "", "n"), 7);
  EXPECT_EQ(json_field<std::string>(j, "doc", "", "s"), "x");
  EXPECT_TRUE(json_field<bool>(j, "doc", "", "b"));
  auto o = nlohmann::ordered_json::parse(R"({"k": "v"})");
  EXPECT_EQ(json_field<std::string>(o, "doc", "a.", "k"), "v");
}

TEST(JsonField, NamesTheDocumentAndThePathNeverTheValue) {
  auto j = nlohmann::json::parse(R"({"n": "secret-looking-text"})");
  EXPECT_THAT([&] { json_field<int>(j, "settings", "assets.", "missing"); },
              ThrowsMessage<Failure>(HasSubstr("settings: missing assets.missing")));
  EXPECT_THAT([&] { json_field<int>(j, "settings", "assets.", "n"); },
              ThrowsMessage<Failure>(HasSubstr("settings: bad value for assets.n (")));
  EXPECT_THAT([&] { json_field<int>(j, "settings", "", "n"); },
              ThrowsMessage<Failure>(::testing::Not(HasSubstr("secret-looking-text"))));
  EXPECT_THAT([&] { json_field<int>(nlohmann::json::array(), "/v2/info", "", "n"); },
              ThrowsMessage<Failure>(HasSubstr("/v2/info: not a JSON object")));
}

TEST(JsonValueOr, FallsBackWhenAbsentOrOfAnotherType) {
  auto j = nlohmann::json::parse(R"({"Name": "n", "Version": 7, "Odd": 1.5, "Str": "7"})");
  EXPECT_EQ(json_value_or<std::string>(j, "Name", {}), "n");
  EXPECT_EQ(json_value_or<std::string>(j, "Missing", "none"), "none");
  EXPECT_EQ(json_value_or<std::string>(j, "Version", {}), "");  // a number is not a string
  EXPECT_EQ(json_value_or<std::int64_t>(j, "Version", 0), 7);
  EXPECT_EQ(json_value_or<std::int64_t>(j, "Str", -1), -1);  // a string is not a number
  EXPECT_EQ(json_value_or<std::int64_t>(j, "Odd", 0), 1);    // as AWS's integers were read
  EXPECT_EQ(json_value_or<std::string>(nlohmann::json::array(), "Name", "x"), "x");
}

}  // namespace
}  // namespace snr::util
