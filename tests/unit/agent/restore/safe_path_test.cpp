#include "agent/restore/safe_path.h"

#include <gtest/gtest.h>

namespace snr::agent::restore {
namespace {

TEST(SafePath, NormalisesHarmlessSpellings) {
  EXPECT_EQ(normalize_member_path("mainnet/chainstate/x"), "mainnet/chainstate/x");
  EXPECT_EQ(normalize_member_path("./mainnet//chainstate/./x/"), "mainnet/chainstate/x");
  EXPECT_EQ(normalize_member_path("./"), "");
  EXPECT_EQ(normalize_member_path("."), "");
  EXPECT_EQ(normalize_member_path("a..b/..c"), "a..b/..c");
  EXPECT_EQ(top_level_component("mainnet/chainstate/x"), "mainnet");
  EXPECT_EQ(top_level_component("file"), "file");
}

TEST(SafePath, RefusesAbsoluteDotDotEmptyAndControlCharacters) {
  EXPECT_THROW(normalize_member_path("/etc/passwd"), UnsafeEntry);
  EXPECT_THROW(normalize_member_path("../x"), UnsafeEntry);
  EXPECT_THROW(normalize_member_path("mainnet/../../x"), UnsafeEntry);
  EXPECT_THROW(normalize_member_path("mainnet/.."), UnsafeEntry);
  EXPECT_THROW(normalize_member_path(""), UnsafeEntry);
  EXPECT_THROW(normalize_member_path("a\nb"), UnsafeEntry);
}

TEST(SafePath, SymlinkTargetsMustStayInside) {
  EXPECT_NO_THROW(check_symlink_target("mainnet/chainstate/current", "vm/clarity"));
  EXPECT_NO_THROW(check_symlink_target("mainnet/chainstate/blocks/l", "../vm/x"));
  EXPECT_NO_THROW(check_symlink_target("mainnet/l", "../other-top"));
  EXPECT_THROW(check_symlink_target("mainnet/l", "../.."), UnsafeEntry);
  EXPECT_THROW(check_symlink_target("l", ".."), UnsafeEntry);
  EXPECT_THROW(check_symlink_target("mainnet/a/l", "../../../etc/passwd"), UnsafeEntry);
  EXPECT_THROW(check_symlink_target("mainnet/l", "/etc"), UnsafeEntry);
  EXPECT_THROW(check_symlink_target("mainnet/l", ""), UnsafeEntry);
  EXPECT_THROW(check_symlink_target("mainnet/l", "x/../../../y"), UnsafeEntry);
}

}  // namespace
}  // namespace snr::agent::restore
