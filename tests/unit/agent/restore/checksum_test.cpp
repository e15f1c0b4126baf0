#include "agent/restore/checksum.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace snr::agent::restore {
namespace {

const std::string kHex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

TEST(Checksum, SiblingUrlsFollowHiroNamingThenAppendSuffix) {
  EXPECT_EQ(checksum_urls("https://archive.hiro.so/mainnet/stacks-blockchain/"
                          "mainnet-stacks-blockchain-latest.tar.gz"),
            (std::vector<std::string>{"https://archive.hiro.so/mainnet/stacks-blockchain/"
                                      "mainnet-stacks-blockchain-latest.sha256",
                                      "https://archive.hiro.so/mainnet/stacks-blockchain/"
                                      "mainnet-stacks-blockchain-latest.tar.gz.sha256"}));
  EXPECT_EQ(
      checksum_urls("http://h/a.tar.zst?sig=1"),
      (std::vector<std::string>{"http://h/a.sha256?sig=1", "http://h/a.tar.zst.sha256?sig=1"}));
  EXPECT_EQ(checksum_urls("http://h/blob"), (std::vector<std::string>{"http://h/blob.sha256"}));
  EXPECT_EQ(url_basename("http://h/x/a.tar.gz?q#f"), "a.tar.gz");
}

TEST(Checksum, LatestAndDatedArchiveNames) {
  EXPECT_TRUE(is_latest_archive_name("mainnet-stacks-blockchain-latest.tar.zst"));
  EXPECT_TRUE(is_latest_archive_name("testnet-stacks-blockchain-latest.tar.gz"));
  EXPECT_FALSE(is_latest_archive_name("mainnet-stacks-blockchain-latest.sha256"));
  EXPECT_FALSE(is_latest_archive_name("mainnet-stacks-blockchain-4.0.2-20261201.tar.zst"));
  EXPECT_TRUE(is_dated_archive_name("mainnet-stacks-blockchain-4.0.2-20261201.tar.zst"));
  EXPECT_TRUE(is_dated_archive_name("testnet-stacks-blockchain-3.4.0.0.4-20260713.tar.gz"));
  EXPECT_FALSE(is_dated_archive_name("mainnet-stacks-blockchain-latest.tar.zst"));
  EXPECT_FALSE(is_dated_archive_name("mainnet-stacks-blockchain-4.0.2-2026120.tar.zst"));
  EXPECT_FALSE(is_dated_archive_name("blob-20261201.tar.zst"));
  EXPECT_FALSE(is_dated_archive_name("mainnet-stacks-blockchain-4.0.2-20261201.zip"));
}

TEST(Checksum, ParsesSha256sumFormatAndLoneHex) {
  EXPECT_EQ(parse_checksum_file(kHex + "  mainnet-stacks-blockchain-3.1-20250101.tar.gz\n",
                                "mainnet-stacks-blockchain-latest.tar.gz", "x.sha256"),
            kHex);
  EXPECT_EQ(parse_checksum_file("  " + kHex + "\n\n", "a.tar.gz", "x.sha256"), kHex);
  std::string upper = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";
  EXPECT_EQ(parse_checksum_file(upper + " *a.tar.gz\r\n", "a.tar.gz", "x"), kHex);
}

TEST(Checksum, PicksTheArchiveAmongSeveralAndRefusesAmbiguity) {
  std::string other(64, 'a');
  std::string two = other + "  b.tar.gz\n" + kHex + "  a.tar.gz\n";
  EXPECT_EQ(parse_checksum_file(two, "a.tar.gz", "x"), kHex);
  EXPECT_THROW(parse_checksum_file(two, "c.tar.gz", "x"), Failure);
}

TEST(Checksum, RejectsGarbageNamingTheSourceLine) {
  try {
    parse_checksum_file("# comment\n<html>not found</html>\n", "a.tar.gz", "http://h/a.sha256");
    FAIL() << "no exception";
  } catch (const Failure& e) {
    EXPECT_NE(std::string(e.what()).find("http://h/a.sha256:2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_checksum_file("\n\n", "a.tar.gz", "x"), Failure);
}

}  // namespace
}  // namespace snr::agent::restore
