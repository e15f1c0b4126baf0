#include "node/epochs.h"

#include <gtest/gtest.h>

namespace snr::node {
namespace {

using V = std::vector<std::uint64_t>;

TEST(Epochs, ParsesServerVersionsAndTags) {
  EXPECT_EQ(parse_version("stacks-node 4.0.1 (master:abc1234, release build, linux [x86_64])"),
            (V{4, 0, 1}));
  EXPECT_EQ(parse_version("stacks-node 3.3.0.0.1"), (V{3, 3, 0, 0, 1}));
  EXPECT_EQ(parse_version("4.0.2"), (V{4, 0, 2}));
  EXPECT_EQ(parse_version("signer-3.4.0.0.4.0"), (V{3, 4, 0, 0, 4, 0}));
  EXPECT_FALSE(parse_version("stacks-node"));
  EXPECT_FALSE(parse_version(""));
}

TEST(Epochs, ComparesComponentWise) {
  EXPECT_LT(compare_versions({3, 4, 0, 0, 4}, {4, 0, 1}), 0);
  EXPECT_LT(compare_versions({4, 0, 0}, {4, 0, 1}), 0);
  EXPECT_EQ(compare_versions({4, 0}, {4, 0, 0}), 0);
  EXPECT_GT(compare_versions({4, 0, 10}, {4, 0, 9}), 0);  // numbers, not text
  EXPECT_GT(compare_versions({4, 1}, {4, 0, 9}), 0);
}

TEST(Epochs, MainnetEpoch40FromTheTable) {
  auto before = next_epoch(Network::mainnet, 960'000);
  ASSERT_TRUE(before);
  EXPECT_EQ(before->epoch, "4.0");
  EXPECT_EQ(before->burn_height, 960'230u);
  EXPECT_EQ(before->min_version, "4.0.1");
  // After activation the latest active epoch still applies; unknown height: the latest.
  EXPECT_EQ(next_epoch(Network::mainnet, 970'000)->epoch, "4.0");
  EXPECT_EQ(next_epoch(Network::mainnet, std::nullopt)->epoch, "4.0");
}

TEST(Epochs, WarnsBelowTheMinimumByBurnHeight) {
  std::string w = epoch_warning(Network::mainnet, "stacks-node 3.3.0.0.1 (x)", 960'000);
  EXPECT_NE(w.find("4.0.1"), std::string::npos) << w;
  EXPECT_NE(w.find("960230"), std::string::npos) << w;
  EXPECT_NE(w.find("230 blocks"), std::string::npos) << w;
  // Past the fork: the node has split.
  EXPECT_NE(epoch_warning(Network::mainnet, "stacks-node 4.0.0", 960'300).find("split"),
            std::string::npos);
  EXPECT_EQ(epoch_warning(Network::mainnet, "stacks-node 4.0.1 (x)", 960'000), "");
  EXPECT_EQ(epoch_warning(Network::mainnet, "stacks-node 4.0.2", std::nullopt), "");
  EXPECT_EQ(epoch_warning(Network::mainnet, "garbled", 960'000), "");
}

}  // namespace
}  // namespace snr::node
