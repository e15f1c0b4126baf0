#include "node/networks.h"

#include <gtest/gtest.h>

namespace snr::node {
namespace {

TEST(Networks, DefaultArchivesAreWhatHiroPublishesToday) {
  // zstd since April 2026, with {net}-stacks-blockchain-latest.sha256 beside it.
  EXPECT_EQ(network_params(Network::mainnet).chainstate_archive_url,
            "https://archive.hiro.so/mainnet/stacks-blockchain/"
            "mainnet-stacks-blockchain-latest.tar.zst");
  EXPECT_EQ(network_params(Network::testnet).chainstate_archive_url,
            "https://archive.hiro.so/testnet/stacks-blockchain/"
            "testnet-stacks-blockchain-latest.tar.zst");
}

TEST(Networks, OnlyMainnetRestoresAnArchiveByDefault) {
  EXPECT_TRUE(network_params(Network::mainnet).download_chainstate_by_default);
  EXPECT_FALSE(network_params(Network::testnet).download_chainstate_by_default);
}

}  // namespace
}  // namespace snr::node
