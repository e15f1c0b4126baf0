// `snr snapshot` input checks that need no AWS: a signer is never stopped without a yes,
// and a stack without nodes is refused, both exit 2 before anything is contacted.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/run_snr.h"

namespace snr::cli {
namespace {

using snr::testing::run_snr;
using ::testing::HasSubstr;

const std::string kSnapshotSamples = std::string(SNR_SOURCE_DIR) + "/sample-configs/";
const std::map<std::string, std::string> kSnapshotAccount = {{"AWS_ACCOUNT_ID", "123456789012"}};

TEST(SnapshotCommand, ASignerWithoutATerminalNeedsYes) {
  // run_snr has no terminal on stdin: nobody can be asked.
  auto r = run_snr({"snapshot", "create", "stacks-single-node", "--env",
                    kSnapshotSamples + ".env-sample-signer"},
                   kSnapshotAccount);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("--yes"));
  EXPECT_THAT(r.err, HasSubstr("stops the signer"));
}

TEST(SnapshotCommand, OnlyNodeStacksHaveSnapshots) {
  auto r = run_snr({"snapshot", "create", "stacks-common", "--env",
                    kSnapshotSamples + ".env-sample-follower"},
                   kSnapshotAccount);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("STACK_ID"));
  auto l = run_snr({"snapshot", "list", "nope", "--env", kSnapshotSamples + ".env-sample-follower"},
                   kSnapshotAccount);
  EXPECT_EQ(l.code, 2) << l.err;
}

}  // namespace
}  // namespace snr::cli
