#include "agent/restore/extractor.h"

#include <cerrno>
#include <fstream>

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/restore/safe_path.h"
#include "support/test_archive.h"

namespace snr::agent::restore {
namespace {

namespace fs = std::filesystem;
using test::Compression;
using test::TestEntry;
using Type = TestEntry::Type;

/// Hands out `data` in chunks of varying size, as a network would.
ChunkSource chunks_of(const std::string& data) {
  auto pos = std::make_shared<std::size_t>(0);
  auto step = std::make_shared<std::size_t>(1);
  return [&data, pos, step]() -> std::optional<Chunk> {
    if (*pos >= data.size()) return std::nullopt;
    *step = (*step * 7 + 13) % 70000 + 1;
    std::size_t n = std::min(*step, data.size() - *pos);
    Chunk c(data.begin() + static_cast<long>(*pos), data.begin() + static_cast<long>(*pos + n));
    *pos += n;
    return c;
  };
}

struct Fixture : ::testing::Test {
  test::TempDir tmp;
  fs::path root = tmp / "root";
  fs::path outside = tmp / "outside";
  ExtractCounters counters;
  void SetUp() override {
    fs::create_directory(root);
    fs::create_directory(outside);
  }
  ExtractStats extract(const std::string& archive) {
    ExtractOptions o;
    o.root = root;
    return extract_archive(chunks_of(archive), o, counters);
  }
  /// The restore must refuse `entries` and write nothing outside root.
  void expect_refused(const std::vector<TestEntry>& entries, const std::string& why) {
    std::string archive = test::make_archive(entries, Compression::gzip);
    try {
      extract(archive);
      ADD_FAILURE() << "not refused: " << why;
    } catch (const Failure& e) {
      EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
    }
    EXPECT_EQ(test::list_tree(outside), "");
    EXPECT_FALSE(fs::exists(tmp / "escaped"));
  }
};

TEST_F(Fixture, ExtractsAChainstateLikeTreeFromGzipAndZstd) {
  auto tree = test::chainstate_like_tree("mainnet", 300, 1 << 20);
  for (Compression c : {Compression::gzip, Compression::zstd, Compression::none}) {
    fs::remove_all(root);
    fs::create_directory(root);
    ExtractStats s = extract(test::make_archive(tree, c));
    EXPECT_EQ(test::diff_tree(root, tree), "");
    EXPECT_EQ(s.top_level, std::set<std::string>{"mainnet"});
    EXPECT_EQ(s.entries, tree.size());
    EXPECT_EQ(s.filter, c == Compression::gzip ? "gzip" : c == Compression::zstd ? "zstd" : "none");
  }
  EXPECT_GT(counters.bytes.load(), 3u << 20);
}

TEST_F(Fixture, StripsSetuidAndGroupWriteBits) {
  std::vector<TestEntry> e = {{"top", Type::dir, "", "", 0777},
                              {"top/suid", Type::file, "x", "", 04777},
                              {"top/ro", Type::file, "x", "", 0400}};
  extract(test::make_archive(e, Compression::gzip));
  struct stat st {};
  ASSERT_EQ(::stat((root / "top/suid").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0755u);
  ASSERT_EQ(::stat((root / "top/ro").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  ASSERT_EQ(::stat((root / "top").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0755u);
}

TEST_F(Fixture, SkipsTheRootEntryOfTarDashCDot) {
  std::vector<TestEntry> e = {{"./", Type::dir, "", "", 0777},
                              {"./mainnet/a", Type::file, "a", "", 0644}};
  ::chmod(root.c_str(), 0750);
  ExtractStats s = extract(test::make_archive(e, Compression::gzip));
  EXPECT_EQ(s.top_level, std::set<std::string>{"mainnet"});
  struct stat st {};
  ASSERT_EQ(::stat(root.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0750u) << "the root's mode must not come from the archive";
}

TEST_F(Fixture, RefusesAbsolutePaths) {
  expect_refused({{"mainnet/a", Type::file, "a", "", 0644},
                  {(outside / "abs-evil").string(), Type::file, "evil", "", 0644}},
                 "absolute path");
}

TEST_F(Fixture, RefusesDotDot) {
  expect_refused({{"mainnet/../../escaped", Type::file, "evil", "", 0644}}, "'..'");
}

TEST_F(Fixture, RefusesSymlinksLeavingTheRoot) {
  expect_refused({{"mainnet/esc", Type::symlink, "", "../../outside", 0777}}, "outside");
  expect_refused({{"mainnet/abs", Type::symlink, "", outside.string(), 0777}}, "absolute");
}

TEST_F(Fixture, RefusesSymlinkChainsThatLeaveTheRoot) {
  // Each link alone looks inside; together b resolves to root/.. .
  expect_refused({{"top", Type::dir, "", "", 0755},
                  {"top/a", Type::symlink, "", "..", 0777},
                  {"b", Type::symlink, "", "top/a/..", 0777}},
                 "resolves outside");
}

TEST_F(Fixture, RefusesWritingThroughASymlink) {
  expect_refused({{"mainnet/sub", Type::dir, "", "", 0755},
                  {"mainnet/link", Type::symlink, "", "sub", 0777},
                  {"mainnet/link/file", Type::file, "x", "", 0644}},
                 "symlink");
}

TEST_F(Fixture, RefusesDevicesAndFifos) {
  expect_refused({{"mainnet/fifo", Type::fifo, "", "", 0644}}, "device node, fifo or socket");
  expect_refused({{"mainnet/null", Type::chardev, "", "", 0644}}, "device node, fifo or socket");
}

TEST_F(Fixture, RefusesHardlinksOutOfTheTree) {
  fs::path victim = tmp / "victim";
  { std::ofstream(victim) << "secret"; }
  expect_refused({{"mainnet/h", Type::hardlink, "", victim.string(), 0644}}, "absolute path");
  expect_refused({{"mainnet/h", Type::hardlink, "", "../victim", 0644}}, "'..'");
  // Through a symlink inside the tree that points at a directory outside... refused earlier,
  // and a link to a directory is refused even inside.
  expect_refused({{"mainnet/d", Type::dir, "", "", 0755},
                  {"mainnet/h", Type::hardlink, "", "mainnet/d", 0644}},
                 "regular file");
  struct stat st {};
  ASSERT_EQ(::stat(victim.c_str(), &st), 0);
  EXPECT_EQ(st.st_nlink, 1u) << "the file outside got a new hard link";
}

TEST_F(Fixture, ATruncatedArchiveFails) {
  std::string a =
      test::make_archive(test::chainstate_like_tree("mainnet", 50, 200000), Compression::gzip);
  a.resize(a.size() / 2);
  EXPECT_THROW(extract(a), Failure);
}

TEST_F(Fixture, AnInputErrorIsRethrownAsIs) {
  struct Boom : std::runtime_error {
    using std::runtime_error::runtime_error;
  };
  ExtractOptions o;
  o.root = root;
  ChunkSource failing = []() -> std::optional<Chunk> { throw Boom("connection reset"); };
  EXPECT_THROW(extract_archive(failing, o, counters), Boom);
}

TEST_F(Fixture, SetsTheOwnerOfEverythingWhenRoot) {
  if (::geteuid() != 0) GTEST_SKIP() << "chown needs root";
  auto tree = test::chainstate_like_tree("mainnet", 40, 10000);
  tree.push_back({"implicit/parent/file", Type::file, "x", "", 0644});  // parents not listed
  ExtractOptions o;
  o.root = root;
  o.owner = std::make_pair(uid_t{65534}, gid_t{65534});
  extract_archive(chunks_of(test::make_archive(tree, Compression::zstd)), o, counters);
  for (auto& p : fs::recursive_directory_iterator(root)) {
    struct stat st {};
    ASSERT_EQ(::lstat(p.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, 65534u) << p.path();
    EXPECT_EQ(st.st_gid, 65534u) << p.path();
  }
}

TEST(FilterFromName, Suffixes) {
  EXPECT_EQ(filter_from_name("mainnet-stacks-blockchain-latest.tar.gz"), "gzip");
  EXPECT_EQ(filter_from_name("a.tgz"), "gzip");
  EXPECT_EQ(filter_from_name("a.tar.zst"), "zstd");
  EXPECT_EQ(filter_from_name("a.tar"), "none");
  EXPECT_EQ(filter_from_name("latest"), "");
}

/// A large compressible file between two others: the shape of the F1 reproduction.
std::vector<TestEntry> big_file_tree() {
  return {{"mainnet", Type::dir, "", "", 0755},
          {"mainnet/big.db", Type::file, std::string(4 << 20, 'A'), "", 0644},
          {"mainnet/tail.bin", Type::file, "tail", "", 0644}};
}

TEST_F(Fixture, AFailedWriteIsFatalEvenWhenSpaceComesBack) {
  // The disk is full for one write, then space comes back (a log rotation): the write
  // that failed must end the extraction, not leave a hole of zeros in big.db.
  int calls = 0;
  ExtractOptions o;
  o.root = root;
  o.write_at = [&](int fd, const void* data, std::size_t size, off_t offset) -> ssize_t {
    if (++calls == 3) {
      errno = ENOSPC;
      return -1;
    }
    return ::pwrite(fd, data, size, offset);
  };
  std::string archive = test::make_archive(big_file_tree(), Compression::zstd);
  try {
    extract_archive(chunks_of(archive), o, counters);
    ADD_FAILURE() << "a failed write was accepted";
  } catch (const Failure& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("'mainnet/big.db'"), std::string::npos) << what;
    EXPECT_NE(what.find("No space left on device"), std::string::npos) << what;
  }
  EXPECT_GE(calls, 3);
}

TEST_F(Fixture, AShortWriteIsFatal) {
  ExtractOptions o;
  o.root = root;
  o.write_at = [](int fd, const void* data, std::size_t size, off_t offset) -> ssize_t {
    return ::pwrite(fd, data, size > 1 ? size / 2 : size, offset);
  };
  std::string archive = test::make_archive(big_file_tree(), Compression::gzip);
  try {
    extract_archive(chunks_of(archive), o, counters);
    ADD_FAILURE() << "a short write was accepted";
  } catch (const Failure& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("'mainnet/big.db'"), std::string::npos) << what;
    EXPECT_NE(what.find("were written"), std::string::npos) << what;
  }
}

TEST_F(Fixture, FileDataIsWrittenWholeWithItsModeAndTime) {
  std::vector<TestEntry> tree = big_file_tree();
  tree.push_back({"mainnet/ro", Type::file, std::string(70000, 'r'), "", 0400});
  extract(test::make_archive(tree, Compression::zstd));
  EXPECT_EQ(test::diff_tree(root, tree), "");
  EXPECT_EQ(fs::file_size(root / "mainnet/big.db"), 4u << 20);
}

TEST_F(Fixture, TheRestoresOwnNamesAreRefused) {
  // Reliability F2: a top-level ".snr-restore-complete.tmp" symlink made the completion
  // marker be written through it after the switch.
  std::ofstream(root / "previous-file") << "keep";
  expect_refused({{".snr-restore-complete.tmp", Type::symlink, "", "previous-file", 0777}},
                 "reserved");
  expect_refused({{"mainnet", Type::dir, "", "", 0755},
                  {"mainnet/link", Type::symlink, "", "../.snr-restore-switching", 0777}},
                 "reserved");
  expect_refused({{".snr-restore-staging/x", Type::file, "x", "", 0644}}, "reserved");
  expect_refused({{"mainnet", Type::dir, "", "", 0755},
                  {"mainnet/.snr-restore-complete", Type::file, "x", "", 0644}},
                 "reserved");
  expect_refused({{"mainnet", Type::dir, "", "", 0755},
                  {"mainnet/h", Type::hardlink, "", ".snr-restore-complete", 0644}},
                 "reserved");
  EXPECT_FALSE(fs::exists(fs::symlink_status(root / ".snr-restore-complete.tmp")));
}

TEST_F(Fixture, AnArchiveWithOnlyTheRootEntryIsRefused) {
  expect_refused({{"./", Type::dir, "", "", 0755}}, "no chainstate");
}

}  // namespace
}  // namespace snr::agent::restore
