// End-to-end restores against a local HTTP server (127.0.0.1): clean runs, resume after a
// cut connection, corruption, unsafe archives, a replaced object, no space, re-runs.

#include "agent/restore/restore.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <future>
#include <mutex>

#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include "agent/restore/restore_layout.h"
#include "support/archive_server.h"
#include "support/test_archive.h"
#include "util/error.h"
#include "util/sha256.h"

namespace snr::agent::restore {
namespace {

namespace fs = std::filesystem;
using test::Compression;
using test::TestEntry;
using Type = TestEntry::Type;

/// Keeps every snapshot it is given.
class RecordingSink : public ProgressSink {
 public:
  void on_progress(const RestoreProgress& p) override {
    std::lock_guard lock(mu_);
    seen_.push_back(p);
  }
  std::vector<RestoreProgress> seen() const {
    std::lock_guard lock(mu_);
    return seen_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<RestoreProgress> seen_;
};

const std::vector<TestEntry>& tree() {
  static const auto t = test::chainstate_like_tree("mainnet", 1500, 3 << 20);
  return t;
}
const std::string& archive(Compression c) {
  static const std::string gz = test::make_archive(tree(), Compression::gzip);
  static const std::string zst = test::make_archive(tree(), Compression::zstd);
  return c == Compression::gzip ? gz : zst;
}

class Restore : public ::testing::Test {
 protected:
  test::ArchiveServer server;
  test::TempDir tmp;
  fs::path dir = tmp / "data";
  fs::path outside = tmp / "outside";
  RecordingSink sink;

  void SetUp() override {
    fs::create_directory(dir);
    fs::create_directory(outside);
    std::ofstream(dir / "lost+found-like") << "the operator's file";
  }

  RestoreOptions options(const std::string& path) {
    RestoreOptions o;
    o.url = server.url(path);
    o.dir = dir;
    o.retry.initial_backoff = std::chrono::milliseconds(10);
    o.retry.max_backoff = std::chrono::milliseconds(100);
    o.retry.stall_timeout = std::chrono::milliseconds(5000);
    o.retry.connect_timeout = std::chrono::milliseconds(2000);
    o.progress_interval = std::chrono::milliseconds(20);
    o.buffer_bytes = 1 << 20;
    o.flush_every_bytes = 1 << 20;  // the flusher runs during these small restores too
    return o;
  }

  /// Serves `body` at `path` with a Hiro-style sibling checksum (NAME.sha256).
  void publish(const std::string& path, const std::string& body) {
    server.put(path, body);
    std::string stem = path.substr(0, path.rfind(".tar."));
    server.put(stem + ".sha256",
               util::sha256_hex(body) + "  " + path.substr(path.rfind('/') + 1) + "\n");
  }

  std::string tree_diff() {
    return test::diff_tree(dir, tree(), {"lost+found-like", kCompletionMarkerName});
  }

  void expect_no_leftovers() {
    EXPECT_FALSE(fs::exists(dir / kStagingDirName));
    EXPECT_FALSE(fs::exists(dir / kSwitchJournalName));
  }

  /// A failed restore leaves `dir` as it was and writes nothing outside it.
  void expect_untouched() {
    EXPECT_EQ(test::list_tree(dir), "lost+found-like 33188 19\n");
    EXPECT_EQ(test::list_tree(outside), "");
  }

  std::string failure_of(const RestoreOptions& o) {
    try {
      restore_chainstate(o, sink);
    } catch (const Failure& e) {
      return e.what();
    }
    ADD_FAILURE() << "the restore did not fail";
    return "";
  }
};

TEST_F(Restore, CleanRunGzipThenReRunIsANoOp) {
  publish("/mainnet/mainnet-stacks-blockchain-latest.tar.gz", archive(Compression::gzip));
  auto o = options("/mainnet/mainnet-stacks-blockchain-latest.tar.gz");
  RestoreResult r = restore_chainstate(o, sink);
  EXPECT_FALSE(r.already_restored);
  EXPECT_TRUE(r.verified);
  EXPECT_EQ(r.sha256, util::sha256_hex(archive(Compression::gzip)));
  EXPECT_EQ(r.archive_bytes, archive(Compression::gzip).size());
  EXPECT_EQ(r.compression, "gzip");
  EXPECT_EQ(r.top_level, std::vector<std::string>{"mainnet"});
  EXPECT_EQ(r.entries, tree().size());
  EXPECT_EQ(r.resumes, 0u);
  EXPECT_EQ(tree_diff(), "");
  EXPECT_TRUE(fs::exists(dir / kCompletionMarkerName));
  expect_no_leftovers();
  auto seen = sink.seen();
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back().phase, RestorePhase::done);
  EXPECT_EQ(seen.back().downloaded_bytes, archive(Compression::gzip).size());
  EXPECT_EQ(seen.back().total_bytes, archive(Compression::gzip).size());

  int gets = server.gets("/mainnet/mainnet-stacks-blockchain-latest.tar.gz");
  RestoreResult again = restore_chainstate(o, sink);
  EXPECT_TRUE(again.already_restored);
  EXPECT_EQ(again.sha256, r.sha256);
  EXPECT_EQ(server.gets("/mainnet/mainnet-stacks-blockchain-latest.tar.gz"), gets);
  EXPECT_EQ(tree_diff(), "");
}

TEST_F(Restore, CleanRunZstdWithChecksumBesideTheUrl) {
  server.put("/a.tar.zst", archive(Compression::zstd));
  server.put("/a.tar.zst.sha256", util::sha256_hex(archive(Compression::zstd)) + "  a.tar.zst\n");
  RestoreResult r = restore_chainstate(options("/a.tar.zst"), sink);
  EXPECT_TRUE(r.verified);
  EXPECT_EQ(r.compression, "zstd");
  EXPECT_EQ(tree_diff(), "");
  expect_no_leftovers();
}

class RestoreResume : public Restore, public ::testing::WithParamInterface<Compression> {};

TEST_P(RestoreResume, ACutConnectionResumesWithARangeRequest) {
  const std::string& body = archive(GetParam());
  const std::string path = GetParam() == Compression::gzip ? "/x.tar.gz" : "/x.tar.zst";
  publish(path, body);
  const std::uint64_t cut = body.size() / 3 + 12345;
  server.cut_once_after(path, cut);
  RestoreResult r = restore_chainstate(options(path), sink);
  EXPECT_TRUE(r.verified);
  EXPECT_EQ(r.sha256, util::sha256_hex(body));
  EXPECT_GE(r.resumes, 1u);
  EXPECT_EQ(server.range_gets(path), 1);
  bool asked_from_cut = false;
  for (const auto& req : server.requests()) {
    asked_from_cut |= req.range == "bytes=" + std::to_string(cut) + "-";
  }
  EXPECT_TRUE(asked_from_cut) << "no Range request from the byte reached";
  EXPECT_EQ(tree_diff(), "");
  expect_no_leftovers();
}

INSTANTIATE_TEST_SUITE_P(Compressions, RestoreResume,
                         ::testing::Values(Compression::gzip, Compression::zstd));

TEST_F(Restore, ACorruptedByteFailsTheChecksumAndLeavesNothing) {
  std::string body = archive(Compression::gzip);
  // Flip a byte inside a stored (incompressible) block: the tar stays readable, only the
  // checksum can tell.
  const std::string& random_file = tree()[2].data;  // burnchain/burnchain.sqlite
  ASSERT_EQ(tree()[2].path, "mainnet/burnchain/burnchain.sqlite");
  std::size_t at = body.find(random_file.substr(1 << 20, 64));
  ASSERT_NE(at, std::string::npos);
  publish("/c.tar.gz", body);  // checksum of the good archive
  body[at + 32] = static_cast<char>(body[at + 32] ^ 0x01);
  server.put("/c.tar.gz", body);
  std::string why = failure_of(options("/c.tar.gz"));
  EXPECT_NE(why.find("checksum mismatch"), std::string::npos) << why;
  expect_untouched();
}

TEST_F(Restore, ACorruptedZstdArchiveFailsAndLeavesNothing) {
  std::string body = archive(Compression::zstd);
  publish("/c.tar.zst", body);
  body[body.size() / 2] = static_cast<char>(body[body.size() / 2] ^ 0x40);
  server.put("/c.tar.zst", body);
  EXPECT_NE(failure_of(options("/c.tar.zst")), "");
  expect_untouched();
}

TEST_F(Restore, AWrongGivenChecksumFails) {
  server.put("/a.tar.gz", archive(Compression::gzip));
  auto o = options("/a.tar.gz");
  o.sha256 = std::string(64, 'A');
  std::string why = failure_of(o);
  EXPECT_NE(why.find("expected SHA-256 " + std::string(64, 'a')), std::string::npos) << why;
  expect_untouched();
}

TEST_F(Restore, UnsafeArchivesAreRefusedAndWriteNothingOutside) {
  std::vector<std::pair<std::vector<TestEntry>, std::string>> cases = {
      {{{"mainnet", Type::dir, "", "", 0755},
        {"mainnet/../../outside/traversal", Type::file, "evil", "", 0644}},
       "'..'"},
      {{{"mainnet", Type::dir, "", "", 0755},
        {(outside / "absolute").string(), Type::file, "evil", "", 0644}},
       "absolute path"},
      {{{"mainnet", Type::dir, "", "", 0755},
        {"mainnet/escape", Type::symlink, "", "../../outside", 0777},
        {"mainnet/escape/through", Type::file, "evil", "", 0644}},
       "outside"},
      {{{"mainnet", Type::dir, "", "", 0755}, {"mainnet/fifo", Type::fifo, "", "", 0644}}, "fifo"},
  };
  int i = 0;
  for (const auto& [entries, why] : cases) {
    std::string path = "/evil" + std::to_string(i++) + ".tar.gz";
    publish(path, test::make_archive(entries, Compression::gzip));
    std::string got = failure_of(options(path));
    EXPECT_NE(got.find(why), std::string::npos) << got;
    expect_untouched();
  }
}

TEST_F(Restore, AnObjectReplacedBetweenAttemptsIsRefused) {
  const std::string& body = archive(Compression::gzip);
  publish("/latest.tar.gz", body);
  server.cut_once_after("/latest.tar.gz", body.size() / 2);
  server.replace_on_cut("/latest.tar.gz", archive(Compression::zstd));
  std::string why = failure_of(options("/latest.tar.gz"));
  EXPECT_NE(why.find("changed"), std::string::npos) << why;
  EXPECT_EQ(server.range_gets("/latest.tar.gz"), 1);
  expect_untouched();
}

TEST_F(Restore, InsufficientSpaceIsRefusedBeforeExtracting) {
  publish("/big.tar.gz", archive(Compression::gzip));
  auto o = options("/big.tar.gz");
  std::vector<fs::path> asked;
  o.free_space = [&](const fs::path& p) {
    asked.push_back(p);
    return std::uint64_t{archive(Compression::gzip).size()};  // 1x: needs 2.7x
  };
  std::string why = failure_of(o);
  EXPECT_NE(why.find("not enough free space"), std::string::npos) << why;
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0], fs::canonical(dir));
  EXPECT_TRUE(sink.seen().empty() || sink.seen().back().extracted_bytes == 0);
  expect_untouched();

  o.expansion_factor = 1.0;  // the same space suffices for an archive that does not grow
  EXPECT_TRUE(restore_chainstate(o, sink).verified);
}

TEST_F(Restore, AReRunAfterAFailureStartsClean) {
  publish("/a.tar.gz", archive(Compression::gzip));
  auto bad = options("/a.tar.gz");
  bad.sha256 = std::string(64, '0');
  EXPECT_NE(failure_of(bad), "");
  expect_untouched();
  // Leftovers of a crash in the middle of a switch: staging, journal, a half-moved tree.
  fs::create_directories(dir / kStagingDirName / "mainnet/chainstate");
  std::ofstream(dir / kStagingDirName / "mainnet/junk") << "junk";
  fs::create_directories(dir / "mainnet/burnchain");
  std::ofstream(dir / "mainnet/partial") << "partial";
  std::ofstream(dir / kSwitchJournalName) << "mainnet\n";
  RestoreResult r = restore_chainstate(options("/a.tar.gz"), sink);
  EXPECT_TRUE(r.verified);
  EXPECT_EQ(tree_diff(), "");
  expect_no_leftovers();
}

TEST_F(Restore, AnExistingChainstateIsNotReplaced) {
  publish("/a.tar.gz", archive(Compression::gzip));
  fs::create_directory(dir / "mainnet");
  std::ofstream(dir / "mainnet/precious") << "synced for a week";
  std::string why = failure_of(options("/a.tar.gz"));
  EXPECT_NE(why.find("already exists"), std::string::npos) << why;
  EXPECT_TRUE(fs::exists(dir / "mainnet/precious"));
  expect_no_leftovers();
  fs::remove_all(dir / "mainnet");
  expect_untouched();
}

TEST_F(Restore, NoPublishedChecksumNeedsAllowUnverified) {
  server.put("/n.tar.gz", archive(Compression::gzip));
  auto o = options("/n.tar.gz");
  std::string why = failure_of(o);
  EXPECT_NE(why.find("--allow-unverified"), std::string::npos) << why;
  EXPECT_EQ(server.gets("/n.tar.gz"), 0) << "must fail before downloading";
  expect_untouched();
  o.allow_unverified = true;
  RestoreResult r = restore_chainstate(o, sink);
  EXPECT_FALSE(r.verified);
  EXPECT_EQ(tree_diff(), "");
}

TEST_F(Restore, AMissingArchiveFailsWithoutRetrying) {
  auto o = options("/missing.tar.gz");
  o.sha256 = std::string(64, 'a');
  std::string why = failure_of(o);
  EXPECT_NE(why.find("HTTP 404"), std::string::npos) << why;
  EXPECT_EQ(server.gets("/missing.tar.gz"), 1);
  expect_untouched();
}

TEST_F(Restore, ResumesWithoutValidatorsKeepHashContinuity) {
  const std::string& body = archive(Compression::zstd);
  server.put_without_validators("/nv.tar.zst", body);
  server.cut_once_after("/nv.tar.zst", 100000);
  auto o = options("/nv.tar.zst");
  o.sha256 = util::sha256_hex(body);
  RestoreResult r = restore_chainstate(o, sink);
  EXPECT_TRUE(r.verified);
  EXPECT_EQ(server.range_gets("/nv.tar.zst"), 1);
  EXPECT_EQ(tree_diff(), "");
}

/// A tmpfs of `size` the test mounts itself (root only) and unmounts at the end.
class SmallFilesystem {
 public:
  SmallFilesystem(const fs::path& at, const std::string& size) : at_(at) {
    fs::create_directories(at);
    if (::mount("tmpfs", at.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0) {
      mounted_ = true;
    } else {
      error_ = std::strerror(errno);
    }
  }
  ~SmallFilesystem() {
    if (mounted_) ::umount2(at_.c_str(), MNT_DETACH);
  }
  SmallFilesystem(const SmallFilesystem&) = delete;
  SmallFilesystem& operator=(const SmallFilesystem&) = delete;
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

 private:
  fs::path at_;
  bool mounted_ = false;
  std::string error_;
};

TEST_F(Restore, AFullDiskFailsNamingTheFileAndWritesNoMarker) {
  if (::geteuid() != 0) GTEST_SKIP() << "mounting a small tmpfs needs root (CI runs as root)";
  SmallFilesystem small(tmp / "small", "4m");
  if (!small.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here: " << small.error();
  dir = tmp / "small" / "data";
  fs::create_directory(dir);
  std::ofstream(dir / "lost+found-like") << "the operator's file";
  std::vector<TestEntry> entries = {
      {"mainnet", Type::dir, "", "", 0755},
      {"mainnet/big.db", Type::file, std::string(8 << 20, 'A'), "", 0644},
      {"mainnet/tail.bin", Type::file, "tail", "", 0644}};
  publish("/full.tar.zst", test::make_archive(entries, Compression::zstd));
  auto o = options("/full.tar.zst");
  o.expansion_factor = 1.0;  // the archive is tiny: the check before the download passes
  std::string why = failure_of(o);
  EXPECT_NE(why.find("'mainnet/big.db'"), std::string::npos) << why;
  EXPECT_NE(why.find("No space left on device"), std::string::npos) << why;
  EXPECT_FALSE(fs::exists(dir / kCompletionMarkerName));
  expect_no_leftovers();
  EXPECT_EQ(test::list_tree(dir), "lost+found-like 33188 19\n");
}

TEST_F(Restore, AHostileArchiveCannotMakeTheMarkerWriteThroughALink) {
  // Reliability F2: the archive carries `.snr-restore-complete.tmp -> ext/PWNED` and DIR
  // holds an operator symlink `ext -> outside`.
  fs::create_directory_symlink(outside, dir / "ext");
  std::vector<TestEntry> entries = tree();
  entries.push_back({".snr-restore-complete.tmp", Type::symlink, "", "ext/PWNED", 0777});
  publish("/hostile.tar.gz", test::make_archive(entries, Compression::gzip));
  std::string why = failure_of(options("/hostile.tar.gz"));
  EXPECT_NE(why.find("reserved"), std::string::npos) << why;
  EXPECT_EQ(test::list_tree(outside), "");
  EXPECT_FALSE(fs::exists(dir / kCompletionMarkerName));
  EXPECT_FALSE(fs::exists(dir / "mainnet"));
  expect_no_leftovers();
}

TEST_F(Restore, AnArchiveWithNoChainstateFails) {
  publish("/empty.tar.gz", test::make_archive({{"./", Type::dir, "", "", 0755}},
                                              Compression::gzip));
  std::string why = failure_of(options("/empty.tar.gz"));
  EXPECT_NE(why.find("no chainstate"), std::string::npos) << why;
  EXPECT_FALSE(fs::exists(dir / kCompletionMarkerName));
  expect_untouched();
}

TEST_F(Restore, AnArchiveOfAnotherNetworkIsNotSwitchedIntoPlace) {
  publish("/testnet-stacks-blockchain-latest.tar.zst", archive(Compression::zstd));  // mainnet/
  auto o = options("/testnet-stacks-blockchain-latest.tar.zst");
  o.network_dir = "krypton";
  std::string why = failure_of(o);
  EXPECT_NE(why.find("'krypton/'"), std::string::npos) << why;
  EXPECT_NE(why.find("mainnet"), std::string::npos) << why;
  EXPECT_FALSE(fs::exists(dir / kCompletionMarkerName));
  expect_untouched();
  o.network_dir = "mainnet";
  EXPECT_TRUE(restore_chainstate(o, sink).verified);
  EXPECT_EQ(tree_diff(), "");
}

TEST_F(Restore, DirIsNotCreatedWhenTheRestoreFailsBeforeExtracting) {
  fs::path fresh = tmp / "fresh" / "data";
  server.put("/nochecksum.tar.gz", archive(Compression::gzip));
  auto o = options("/nochecksum.tar.gz");
  o.dir = fresh;
  EXPECT_NE(failure_of(o), "");
  EXPECT_FALSE(fs::exists(fresh));

  o = options("/missing.tar.gz");  // a 404 for the archive itself
  o.dir = fresh;
  o.sha256 = std::string(64, 'a');
  EXPECT_NE(failure_of(o), "");
  EXPECT_FALSE(fs::exists(fresh));
}

TEST_F(Restore, APersistentServerErrorGivesUpAfterTheDocumentedAttempts) {
  server.fail_with("/five-hundred.tar.gz", 500);
  auto o = options("/five-hundred.tar.gz");
  o.sha256 = std::string(64, 'a');
  o.retry.initial_backoff = std::chrono::milliseconds(1);
  o.retry.max_backoff = std::chrono::milliseconds(2);
  ASSERT_EQ(o.retry.max_attempts_without_progress, 8u);  // docs/chainstate-restore.md
  std::string why = failure_of(o);
  EXPECT_NE(why.find("8 attempts in a row"), std::string::npos) << why;
  EXPECT_EQ(server.gets("/five-hundred.tar.gz"), 8);
  expect_untouched();
}

TEST_F(Restore, ALatestUrlIsResolvedToTheDatedArchiveFirst) {
  const std::string latest = "/mainnet/mainnet-stacks-blockchain-latest.tar.zst";
  const std::string dated = "/mainnet/mainnet-stacks-blockchain-4.0.2-20261201.tar.zst";
  const std::string& body = archive(Compression::zstd);
  server.redirect(latest, dated);
  server.put(dated, body);
  server.put("/mainnet/mainnet-stacks-blockchain-4.0.2-20261201.sha256",
             util::sha256_hex(body) + "  mainnet-stacks-blockchain-4.0.2-20261201.tar.zst\n");
  // "-latest" is republished (a different archive and checksum) while the dated one is
  // downloaded: the restore keeps to the dated object, resuming it after a cut.
  server.put("/mainnet/mainnet-stacks-blockchain-latest.sha256", std::string(64, 'f') + "\n");
  server.cut_once_after(dated, body.size() / 2);
  RestoreResult r = restore_chainstate(options(latest), sink);
  EXPECT_TRUE(r.verified);
  EXPECT_EQ(r.url, server.url(dated));
  EXPECT_EQ(r.sha256, util::sha256_hex(body));
  EXPECT_EQ(server.gets(latest), 1);        // the 1-byte probe, answered by the redirect
  EXPECT_EQ(server.range_gets(dated), 1);   // the resume after the cut
  EXPECT_EQ(read_completion_marker(fs::canonical(dir))->url, server.url(dated));
  EXPECT_EQ(tree_diff(), "");
}

TEST_F(Restore, ALatestUrlWithoutADatedNameIsDownloadedAsIs) {
  const std::string latest = "/t/testnet-stacks-blockchain-latest.tar.gz";
  publish(latest, archive(Compression::gzip));
  RestoreResult r = restore_chainstate(options(latest), sink);
  EXPECT_TRUE(r.verified);
  EXPECT_EQ(r.url, server.url(latest));
  EXPECT_EQ(tree_diff(), "");
}

TEST_F(Restore, TheFreeSpaceFactorFollowsTheFormat) {
  publish("/f.tar.zst", archive(Compression::zstd));
  auto o = options("/f.tar.zst");
  o.free_space = [&](const fs::path&) {
    return std::uint64_t{archive(Compression::zstd).size() * 3};  // zstd needs 4.3x
  };
  std::string why = failure_of(o);
  EXPECT_NE(why.find("grows about 4.3x"), std::string::npos) << why;
  expect_untouched();
}

TEST_F(Restore, SigtermStopsTheRestoreAndRemovesTheStaging) {
  publish("/slow.tar.gz", archive(Compression::gzip));
  server.throttle(archive(Compression::gzip).size() / 4);  // about 4 s
  auto o = options("/slow.tar.gz");
  auto done = std::async(std::launch::async, [&]() -> std::string { return failure_of(o); });
  bool extracting = false;
  for (int i = 0; i < 500 && !extracting; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    extracting = fs::exists(dir / kStagingDirName / "mainnet");
  }
  ASSERT_TRUE(extracting) << "the restore did not start extracting";
  struct sigaction now {};
  ::sigaction(SIGTERM, nullptr, &now);
  if (now.sa_handler == SIG_DFL) {
    server.throttle(0);
    done.wait();
    FAIL() << "no SIGTERM handler while the restore runs: a SIGTERM would leave "
           << kStagingDirName << " behind";
  }
  ::kill(::getpid(), SIGTERM);
  std::string why = done.get();
  EXPECT_NE(why.find("SIGTERM"), std::string::npos) << why;
  expect_no_leftovers();
  expect_untouched();
  ::sigaction(SIGTERM, nullptr, &now);
  EXPECT_EQ(now.sa_handler, SIG_DFL) << "the previous SIGTERM disposition is restored";
}

}  // namespace
}  // namespace snr::agent::restore
