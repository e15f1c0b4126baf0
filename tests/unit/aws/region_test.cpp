#include "aws/region.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace snr::aws {
namespace {

RegionInputs all_set() {
  RegionInputs in;
  in.flag = "eu-west-1";
  in.env = {{"AWS_REGION", "eu-west-2"}, {"AWS_DEFAULT_REGION", "eu-west-3"}};
  in.profile_region = SourcedValue{"eu-central-1", "region of AWS profile 'default'"};
  in.fallback = SourcedValue{"ap-southeast-2", ".env AWS_REGION"};
  return in;
}

TEST(Region, PrecedenceFlagEnvDefaultProfileFallback) {
  RegionInputs in = all_set();
  EXPECT_EQ(resolve_region(in).value, "eu-west-1");
  EXPECT_EQ(resolve_region(in).source, "--region");
  in.flag.reset();
  EXPECT_EQ(resolve_region(in).value, "eu-west-2");
  EXPECT_EQ(resolve_region(in).source, "AWS_REGION");
  in.env.erase("AWS_REGION");
  EXPECT_EQ(resolve_region(in).value, "eu-west-3");
  EXPECT_EQ(resolve_region(in).source, "AWS_DEFAULT_REGION");
  in.env.clear();
  EXPECT_EQ(resolve_region(in).value, "eu-central-1");
  in.profile_region.reset();
  EXPECT_EQ(resolve_region(in).value, "ap-southeast-2");
  EXPECT_EQ(resolve_region(in).source, ".env AWS_REGION");
}

TEST(Region, EmptyValuesCountAsUnset) {
  RegionInputs in;
  in.flag = "";
  in.env = {{"AWS_REGION", ""}, {"AWS_DEFAULT_REGION", "us-west-2"}};
  EXPECT_EQ(resolve_region(in).value, "us-west-2");
}

TEST(Region, NoneSetNamesEverySource) {
  RegionInputs in;
  in.fallback = SourcedValue{"", ".env AWS_REGION"};
  try {
    resolve_region(in);
    FAIL();
  } catch (const UserError& e) {
    EXPECT_EQ(e.diagnostics()[0].subject, "AWS region");
    const std::string& m = e.diagnostics()[0].message;
    for (const char* s : {"--region", "AWS_REGION", "AWS_DEFAULT_REGION", ".env AWS_REGION"}) {
      EXPECT_NE(m.find(s), std::string::npos) << s;
    }
  }
}

TEST(Region, BadValueNamesItsSource) {
  RegionInputs in;
  in.env = {{"AWS_REGION", "Frankfurt"}};
  try {
    resolve_region(in);
    FAIL();
  } catch (const UserError& e) {
    EXPECT_EQ(e.diagnostics()[0].subject, "AWS_REGION");
    EXPECT_NE(e.diagnostics()[0].message.find("'Frankfurt'"), std::string::npos);
  }
}

TEST(Region, Validation) {
  for (const char* ok : {"us-east-1", "eu-central-2", "ap-southeast-4", "cn-north-1",
                         "us-gov-west-1", "il-central-1"}) {
    EXPECT_TRUE(is_valid_region(ok)) << ok;
  }
  for (const char* bad :
       {"", "us", "us-east", "US-EAST-1", "us-east-1a", "us--east-1", "-us-1", "us-east-"}) {
    EXPECT_FALSE(is_valid_region(bad)) << bad;
  }
}

}  // namespace
}  // namespace snr::aws
