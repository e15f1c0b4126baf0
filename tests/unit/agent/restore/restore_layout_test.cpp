#include "agent/restore/restore_layout.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "agent/restore/restore.h"
#include "support/test_archive.h"
#include "util/error.h"

namespace snr::agent::restore {
namespace {

namespace fs = std::filesystem;

std::string read_all(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Layout : ::testing::Test {
  test::TempDir tmp;
  fs::path dir = tmp / "data";
  fs::path outside = tmp / "outside";
  void SetUp() override {
    fs::create_directory(dir);
    fs::create_directory(outside);
    std::ofstream(outside / "victim") << "precious";
  }
};

TEST_F(Layout, TheMarkerIsNeverWrittenThroughALink) {
  // A link where the marker's temporary file goes: inside DIR and out of it.
  fs::create_symlink(outside / "victim", dir / ".snr-restore-complete.tmp");
  CompletionMarker m;
  m.url = "http://127.0.0.1/a.tar.zst";
  EXPECT_THROW(write_completion_marker(dir, m, std::nullopt), Failure);
  EXPECT_EQ(read_all(outside / "victim"), "precious");
  EXPECT_FALSE(fs::exists(dir / kCompletionMarkerName));

  fs::remove(dir / ".snr-restore-complete.tmp");
  fs::create_symlink(outside / "created-through-link", dir / ".snr-restore-complete.tmp");
  EXPECT_THROW(write_completion_marker(dir, m, std::nullopt), Failure);
  EXPECT_FALSE(fs::exists(outside / "created-through-link"));
}

TEST_F(Layout, TheMarkerReplacesALinkInsteadOfFollowingIt) {
  fs::create_symlink(outside / "victim", dir / kCompletionMarkerName);
  CompletionMarker m;
  m.url = "http://127.0.0.1/a.tar.zst";
  write_completion_marker(dir, m, std::nullopt);
  EXPECT_EQ(read_all(outside / "victim"), "precious");
  EXPECT_FALSE(fs::is_symlink(dir / kCompletionMarkerName));
  ASSERT_TRUE(read_completion_marker(dir));
  EXPECT_EQ(read_completion_marker(dir)->url, m.url);
}

TEST_F(Layout, TheJournalIsNeverWrittenThroughALink) {
  fs::path staging = dir / kStagingDirName;
  fs::create_directories(staging / "mainnet");
  fs::create_symlink(outside / "victim", dir / ".snr-restore-switching.tmp");
  EXPECT_THROW(switch_into_place(dir, staging, {"mainnet"}), Failure);
  EXPECT_EQ(read_all(outside / "victim"), "precious");
  EXPECT_FALSE(fs::exists(dir / "mainnet"));
}

TEST_F(Layout, ReservedNamesAreNeverSwitchedIntoPlace) {
  fs::path staging = dir / kStagingDirName;
  fs::create_directories(staging / ".snr-restore-complete.tmp");
  EXPECT_THROW(switch_into_place(dir, staging, {".snr-restore-complete.tmp"}), Failure);
  EXPECT_FALSE(fs::exists(dir / ".snr-restore-complete.tmp"));
}

}  // namespace
}  // namespace snr::agent::restore
