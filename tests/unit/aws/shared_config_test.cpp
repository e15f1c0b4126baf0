#include "aws/shared_config.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace snr::aws {
namespace {

TEST(Ini, SectionsKeysCommentsAndNestedSettings) {
  IniFile ini = parse_ini(
      "# top comment\n"
      "[default]\r\n"
      "region = us-east-1\n"
      "  ; indented comment\n"
      "s3 =\n"
      "    max_concurrent_requests = 20\n"
      "    addressing_style = path\n"
      "output=json\n"
      "[profile dev]\n"
      "Role_Arn = arn:aws:iam::1:role/x\n"
      "empty =\n",
      "config");
  ASSERT_EQ(ini.sections.size(), 2u);
  const auto& d = ini.sections.at("default");
  EXPECT_EQ(d.at("region"), "us-east-1");
  EXPECT_EQ(d.at("output"), "json");
  EXPECT_EQ(d.count("max_concurrent_requests"), 0u);  // nested under s3: skipped
  EXPECT_EQ(ini.sections.at("profile dev").at("role_arn"), "arn:aws:iam::1:role/x");
}

TEST(Ini, MalformedLinesNameFileAndLine) {
  try {
    parse_ini("[default]\nregion us-east-1\n", "/home/u/.aws/config");
    FAIL();
  } catch (const UserError& e) {
    EXPECT_EQ(e.diagnostics()[0].subject, "/home/u/.aws/config:2");
  }
  EXPECT_THROW(parse_ini("region = x\n", "f"), UserError);
  EXPECT_THROW(parse_ini("[unterminated\n", "f"), UserError);
}

TEST(SharedConfig, MergesProfilesCredentialsFileWins) {
  SharedConfig files("cfg",
                     parse_ini("[default]\nregion = eu-west-1\n[profile dev]\nregion = us-west-2\n"
                               "aws_access_key_id = CFG\n",
                               "cfg"),
                     "creds", parse_ini("[dev]\naws_access_key_id = CRED\n", "creds"));
  Profile dev = files.profile("dev");
  EXPECT_TRUE(dev.in_config);
  EXPECT_TRUE(dev.in_credentials);
  EXPECT_EQ(dev.get("aws_access_key_id"), "CRED");
  EXPECT_EQ(dev.get("region"), "us-west-2");
  EXPECT_EQ(files.profile("default").get("region"), "eu-west-1");
  EXPECT_FALSE(files.profile("nope").found());
}

TEST(SharedConfig, DefaultPathsFollowHomeAndVariables) {
  SharedConfig a = SharedConfig::load({{"HOME", "/home/u"}});
  EXPECT_EQ(a.config_path(), "/home/u/.aws/config");
  EXPECT_EQ(a.credentials_path(), "/home/u/.aws/credentials");
  SharedConfig b = SharedConfig::load({{"HOME", "/home/u"},
                                       {"AWS_CONFIG_FILE", "~/cfg"},
                                       {"AWS_SHARED_CREDENTIALS_FILE", "/etc/creds"}});
  EXPECT_EQ(b.config_path(), "/home/u/cfg");
  EXPECT_EQ(b.credentials_path(), "/etc/creds");
  EXPECT_FALSE(b.profile("default").found());  // missing files are empty
}

TEST(SelectedProfile, FlagThenAwsProfileThenDefault) {
  EXPECT_EQ(selected_profile({{"AWS_PROFILE", "env"}}, std::string("flag")), "flag");
  EXPECT_EQ(selected_profile({{"AWS_PROFILE", "env"}}, std::nullopt), "env");
  EXPECT_EQ(selected_profile({}, std::nullopt), "default");
}

}  // namespace
}  // namespace snr::aws
