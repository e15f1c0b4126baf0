#include "util/fs.h"

#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "support/temp_dir.h"
#include "util/error.h"

namespace snr::util {
namespace {

using snr::testing::TempDir;
using ::testing::HasSubstr;

std::vector<std::string> names_in(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(WriteFileAtomic, ReplacesWholeWithTheModeAndLeavesNoTemporary) {
  TempDir dir;
  auto p = dir / "state.json";
  write_file_atomic(p, "first", 0600);
  write_file_atomic(p, "second", 0600, SyncDir::yes);
  EXPECT_EQ(read_file(p), "second");
  struct stat st {};
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"state.json"});
}

TEST(WriteFileAtomic, AFailedRenameNamesTheReasonAndLeavesNothing) {
  TempDir dir;
  std::filesystem::create_directories(dir / "taken" / "inside");
  EXPECT_THAT([&] { write_file_atomic(dir / "taken", "x"); },
              ::testing::ThrowsMessage<Failure>(HasSubstr("taken: Is a directory")));
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"taken"});
}

TEST(WriteFilesAtomic, WritesEveryFileThenRenamesNamingTheRealReason) {
  TempDir dir;
  write_files_atomic(dir / "out", {{"a.json", "A"}, {"b.json", "B"}});
  EXPECT_EQ(read_file(dir / "out" / "a.json"), "A");
  EXPECT_EQ(names_in(dir / "out"), (std::vector<std::string>{"a.json", "b.json"}));

  // "c.json" is a directory: its rename fails (after a.json's, renames go in
  // order) and the message says why; no temporary file stays behind.
  std::filesystem::create_directories(dir / "out" / "c.json" / "x");
  EXPECT_THAT(
      [&] {
        write_files_atomic(dir / "out", {{"a.json", "A2"}, {"c.json", "C"}});
      },
      ::testing::ThrowsMessage<Failure>(HasSubstr("c.json: Is a directory")));
  EXPECT_EQ(names_in(dir / "out"), (std::vector<std::string>{"a.json", "b.json", "c.json"}));
  EXPECT_EQ(read_file(dir / "out" / "a.json"), "A2");
}

TEST(WriteFilesAtomic, AFileThatCannotBeWrittenReplacesNone) {
  TempDir dir;
  write_files_atomic(dir.path(), {{"a.json", "A"}});
  // A name inside a missing subdirectory cannot be staged: a.json keeps its content.
  EXPECT_THROW(write_files_atomic(dir.path(), {{"a.json", "A2"}, {"missing/b.json", "B"}}),
               Failure);
  EXPECT_EQ(read_file(dir / "a.json"), "A");
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"a.json"});
}

}  // namespace
}  // namespace snr::util
