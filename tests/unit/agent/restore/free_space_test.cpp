#include "agent/restore/free_space.h"

#include <gtest/gtest.h>

#include "agent/restore/progress.h"

namespace snr::agent::restore {
namespace {

TEST(FreeSpace, RequiredIsTheArchiveTimesTheFactor) {
  EXPECT_EQ(required_bytes(100, 2.7), 270u);
  EXPECT_EQ(required_bytes(3, 2.7), 8u);  // 8.1
  EXPECT_EQ(required_bytes(0, 2.7), 0u);
  // 321 GB mainnet archive: ~867 GB.
  EXPECT_EQ(required_bytes(321'000'000'000ULL, kGzipExpansionFactor), 866'700'000'000ULL);
}

TEST(FreeSpace, TheFactorFollowsTheArchiveFormat) {
  EXPECT_EQ(expansion_factor_for("mainnet-stacks-blockchain-latest.tar.gz"), 2.7);
  EXPECT_EQ(expansion_factor_for("a.tgz"), 2.7);
  EXPECT_EQ(expansion_factor_for("mainnet-stacks-blockchain-latest.tar.zst"), 4.3);
  EXPECT_EQ(expansion_factor_for("a.tzst"), 4.3);
  EXPECT_EQ(expansion_factor_for("unknown"), 4.3);  // the larger one when unsure
}

TEST(FreeSpace, RefusesOnlyWhenClearlyShort) {
  EXPECT_FALSE(insufficient_space("/data", 100, 2.7, 270));
  auto why = insufficient_space("/data", 100, 2.7, 269);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("/data"), std::string::npos) << *why;
  EXPECT_NE(why->find("--expansion-factor"), std::string::npos) << *why;
}

TEST(FreeSpace, StatvfsOfARealDirectoryIsPositive) {
  EXPECT_GT(available_bytes("/tmp"), 0u);
}

TEST(Progress, FormatsBytesDurationsAndALine) {
  EXPECT_EQ(format_bytes(512), "512 B");
  EXPECT_EQ(format_bytes(1536), "1.5 KiB");
  EXPECT_EQ(format_bytes(3.0 * 1024 * 1024 * 1024), "3.0 GiB");
  EXPECT_EQ(format_duration(45), "45s");
  EXPECT_EQ(format_duration(3723), "1h02m03s");
  RestoreProgress p;
  p.phase = RestorePhase::downloading;
  p.downloaded_bytes = 1 << 30;
  p.total_bytes = 4ULL << 30;
  p.bytes_per_second = 100 << 20;
  p.eta_seconds = 90;
  p.resumes = 1;
  std::string line = format_progress(p);
  EXPECT_NE(line.find("1.0 GiB / 4.0 GiB (25.0%)"), std::string::npos) << line;
  EXPECT_NE(line.find("100.0 MiB/s"), std::string::npos) << line;
  EXPECT_NE(line.find("ETA 1m30s"), std::string::npos) << line;
  EXPECT_NE(line.find("1 resume"), std::string::npos) << line;
}

}  // namespace
}  // namespace snr::agent::restore
