#include "node/keys_bitcoin.h"

#include <gtest/gtest.h>

namespace snr::node {
namespace {

/// The private key 1: its public key is the curve's generator, whose addresses
/// are the textbook vectors (BIP 173 for the segwit ones).
PublicKey generator() {
  auto parsed = PrivateKey::parse_hex(std::string(63, '0') + "1");
  return std::get<PrivateKey>(parsed).public_key();
}

TEST(BitcoinAddress, MainnetP2pkhAndP2wpkh) {
  EXPECT_EQ(generator().hex(),
            "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
  EXPECT_EQ(bitcoin_address(generator(), Network::mainnet, false),
            "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH");
  EXPECT_EQ(bitcoin_address(generator(), Network::mainnet, true),
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
}

TEST(BitcoinAddress, TestnetIsRegtestAsStacksNodeUsesIt) {
  // krypton mode runs against a regtest bitcoind: version 0x6f, hrp "bcrt".
  EXPECT_EQ(bitcoin_address(generator(), Network::testnet, false),
            "mrCDrCybB6J1vRfbwM5hemdJz73FwDBC8r");
  EXPECT_EQ(bitcoin_address(generator(), Network::testnet, true),
            "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080");
}

TEST(BitcoinAddress, Bip173TestnetVectorAndLeadingZeros) {
  const Hash160 program = generator().hash160();
  EXPECT_EQ(segwit_v0_address("tb", program), "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx");
  // Every leading zero byte is a leading '1' (version 0 plus a zero hash).
  const Hash160 zeros{};
  EXPECT_EQ(base58check(0x00, zeros), "1111111111111111111114oLvT2");
}

}  // namespace
}  // namespace snr::node
