// `snr agent restore-chainstate` through the real CLI entry point: exit codes and output.

#include <sstream>

#include <gtest/gtest.h>

#include "agent/restore/restore.h"
#include "cli/app.h"
#include "support/archive_server.h"
#include "support/test_archive.h"
#include "util/sha256.h"

namespace snr {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

CliRun run(std::vector<std::string> args) {
  args.insert(args.begin(), "snr");
  std::vector<const char*> argv;
  for (const auto& a : args)
    argv.push_back(a.c_str());
  std::ostringstream out, err;
  int code = cli::run(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

TEST(RestoreCli, SucceedsThenIsANoOp) {
  test::ArchiveServer server;
  test::TempDir tmp;
  auto tree = test::chainstate_like_tree("mainnet", 50, 100000);
  std::string body = test::make_archive(tree, test::Compression::gzip);
  server.put("/m.tar.gz", body);
  server.put("/m.sha256", util::sha256_hex(body) + "  m.tar.gz\n");
  fs::path dir = tmp / "data";
  CliRun r = run({"agent", "restore-chainstate", server.url("/m.tar.gz"), dir.string(),
                  "--progress-interval", "0.05"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("restored " + server.url("/m.tar.gz")), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(verified)"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("SHA-256 verified"), std::string::npos) << r.err;
  EXPECT_EQ(test::diff_tree(dir, tree, {agent::restore::kCompletionMarkerName}), "");

  CliRun again = run({"agent", "restore-chainstate", server.url("/m.tar.gz"), dir.string()});
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.out.find("already restored"), std::string::npos) << again.out;
}

TEST(RestoreCli, BadFlagsExit2AndWriteNothing) {
  test::TempDir tmp;
  fs::path dir = tmp / "never";
  CliRun r = run({"agent", "restore-chainstate", "ftp://example/a.tar.gz", dir.string(), "--sha256",
                  "abc", "--expansion-factor", "0.5", "--owner", "no-such-user-snr"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("URL:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--sha256: 'abc'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--expansion-factor: 0.5"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--owner: no such user 'no-such-user-snr'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_EQ(run({"agent", "restore-chainstate", "http://127.0.0.1/a.tar.gz"}).code, 2);
  EXPECT_EQ(run({"agent", "restore-chainstate", "http://127.0.0.1/a.tar.gz", dir.string(),
                 "--expansion-factor", "lots"})
                .code,
            2);
}

TEST(RestoreCli, AFailedRestoreExits1WithTheReason) {
  test::ArchiveServer server;
  test::TempDir tmp;
  CliRun r = run({"agent", "restore-chainstate", server.url("/gone.tar.gz"), (tmp / "d").string(),
                  "--sha256", std::string(64, 'a')});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("error: HTTP 404"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace snr
