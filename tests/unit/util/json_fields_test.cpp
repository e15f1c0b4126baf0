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

}  // namespace
}  // namespace snr::util
