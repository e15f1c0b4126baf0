#include "util/error.h"

#include <gtest/gtest.h>

namespace snr {
namespace {

TEST(Diagnostics, CollectsErrorsAndWarningsSeparately) {
  Diagnostics d;
  d.warning("STACKS_DATA_VOL_SIZE", "small");
  EXPECT_FALSE(d.has_errors());
  d.error("STACKS_RPC_PORT", "bad");
  EXPECT_TRUE(d.has_errors());
  EXPECT_EQ(d.errors().size(), 1u);
  EXPECT_EQ(d.warnings().size(), 1u);
  EXPECT_EQ(d.errors()[0].to_string(), "error: STACKS_RPC_PORT: bad");
  EXPECT_EQ(d.warnings()[0].to_string(), "warning: STACKS_DATA_VOL_SIZE: small");
}

TEST(UserError, MessageListsEveryDiagnostic) {
  UserError e({{Severity::error, "A", "one"}, {Severity::error, "B", "two"}});
  EXPECT_STREQ(e.what(), "error: A: one\nerror: B: two");
  EXPECT_EQ(e.diagnostics().size(), 2u);
}

}  // namespace
}  // namespace snr
