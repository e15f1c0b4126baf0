// `snr upgrade`'s refusals that need no AWS: the .env is the source of truth for the
// version, and what is not built says so (exit 2, naming the flag).

#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/infra/infra_fixtures.h"

namespace snr::testing {
namespace {

using ::testing::HasSubstr;

ShellResult upgrade_in(const TempDir& dir, const std::string& env, const std::string& args) {
  std::ofstream(dir.path() / ".env") << env;
  return run("cd " + dir.path().string() +
             " && env -u AWS_REGION -u AWS_ACCOUNT_ID AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=y "
             "AWS_ENDPOINT_URL=http://127.0.0.1:9 AWS_EC2_METADATA_DISABLED=true " +
             std::string(SNR_BINARY) + " upgrade stacks-single-node " + args);
}

TEST(UpgradeCli, AToThatContradictsTheEnvIsRefused) {
  TempDir dir;
  auto r = upgrade_in(dir, std::string(kFollowerEnv) + "STACKS_VERSION=4.0.2\n", "--to 4.0.3 --yes");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("--to"));
  EXPECT_THAT(r.output, HasSubstr("set STACKS_VERSION=4.0.3"));
}

TEST(UpgradeCli, AmiIsNotBuiltAndSaysWhatToUse) {
  TempDir dir;
  auto r = upgrade_in(dir, kFollowerEnv, "--ami --yes");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("snr deploy --update-ami"));
}

}  // namespace
}  // namespace snr::testing
