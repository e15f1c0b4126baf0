#include "node/networks.h"

namespace snr::node {
namespace {

NetworkParams make_mainnet() {
  NetworkParams p{};
  p.network = node::Network::mainnet;
  p.burnchain_mode = "mainnet";
  p.bootstrap_node = "";
  p.bitcoin_peer_host = "bitcoin.mainnet.stacks.org";
  p.bitcoin_rpc_port = 8332;
  p.bitcoin_p2p_port = 8333;
  p.bitcoin_rpc_username = "stacks";
  p.bitcoin_rpc_password = "foundation";
  p.chainstate_archive_url =
      "https://archive.hiro.so/mainnet/stacks-blockchain/mainnet-stacks-blockchain-latest.tar.zst";
  p.download_chainstate_by_default = true;
  // The chainstate is ~850-900 GiB extracted and growing; 1 TiB is already crowded.
  p.default_volume_gib = 2048;
  p.recommended_min_volume_gib = 1536;
  p.min_stacks_version = "4.0.1";
  p.min_version_reason =
      "Epoch 4.0 activates on mainnet at Bitcoin block 960,230 and nodes older than 4.0.1 split "
      "from the network there";
  p.signer_network = "mainnet";
  return p;
}

NetworkParams make_testnet() {
  NetworkParams p{};
  p.network = node::Network::testnet;
  p.burnchain_mode = "krypton";
  p.bootstrap_node =
      "0348af7ce1b224476e8f042727af3f84dcf49a69bb3c9dd2a1afaa783acfffb729@seed.testnet.hiro.so:"
      "20444";
  p.bitcoin_peer_host = "bitcoin.regtest.hiro.so";
  p.bitcoin_rpc_port = 18443;
  p.bitcoin_p2p_port = 18444;
  p.chainstate_archive_url =
      "https://archive.hiro.so/testnet/stacks-blockchain/testnet-stacks-blockchain-latest.tar.zst";
  p.download_chainstate_by_default = false;
  p.default_volume_gib = 256;
  p.recommended_min_volume_gib = 128;
  p.min_stacks_version = "4.0.0";
  p.min_version_reason =
      "today's testnet (krypton) runs Epoch 4.0 since burn height 2702, and its configuration "
      "uses pox_5_* keys that older binaries reject";
  p.signer_network = "testnet";
  p.pox_prepare_length = 100;
  p.pox_reward_length = 900;
  p.pox_5_sbtc_contract = "SN3VMHXEN64ZZF71JQ5VESXDWTR301XTTXGF4J8F1.sbtc-token";
  p.pox_5_sbtc_registry_contract = "SN3VMHXEN64ZZF71JQ5VESXDWTR301XTTXGF4J8F1.sbtc-registry";
  p.pox_5_bond_admin = "ST1V2ASRWGR81W7GBN1Z4W2JQKXJWCADPVZG30X45";
  p.epochs = {
      {"1.0", 0},    {"2.0", 0},    {"2.05", 1},   {"2.1", 2},    {"2.2", 3},
      {"2.3", 4},    {"2.4", 5},    {"2.5", 6},    {"3.0", 1802}, {"3.1", 1803},
      {"3.2", 1804}, {"3.3", 1805}, {"3.4", 1806}, {"4.0", 2702},
  };
  p.balances = {
      {"ST2QKZ4FKHAH1NQKYKYAYZPY440FEPK7GZ1R5HBP2", 10000000000000000},
      {"ST319CF5WV77KYR1H3GT0GZ7B8Q4AQPY42ETP1VPF", 10000000000000000},
      {"ST221Z6TDTC5E0BYR2V624Q2ST6R0Q71T78WTAX6H", 10000000000000000},
      {"ST2TFVBMRPS5SSNP98DQKQ5JNB2B6NZM91C4K3P7B", 10000000000000000},
      {"ST31XHNM0GZ2K978FPP4QA3STNQ73Z8C9G9MJEPK2", 10000000000000000},
      {"ST1B38CGQRPXEMRH7B66VXTS22DQTNMSW4YJJ7QK1", 10000000000000000},
      {"STDMN71Z0H9EF8CRKAWTGBB5YS0BNV26HZ79QFFP", 1000000000000000},
      {"ST1E0PSCH72JMQH9QCH293ZTEEH7BPA40Y3F39XQ", 10000000000000},
      {"ST3QBTK0Q438YVNX8EG6Z85HN0WKQPXYT25H5SPPK", 10000000000000},
      {"ST10BX04F9PC6N1WBXKW3H7CG0NS0A3PK650T3P3R", 10000000000000},
      {"ST3AF1BBQAFSFCM8K4ZBR1FBXP3P8J1CKGSGDHWR5", 100000000000000},
      {"STHY13V44422NAN6D3NSJPY9CDR3ED1M6HH9WZ6Y", 10000000000000},
  };
  return p;
}

}  // namespace

const NetworkParams& network_params(node::Network network) {
  static const NetworkParams kMainnet = make_mainnet();
  static const NetworkParams kTestnet = make_testnet();
  return network == node::Network::mainnet ? kMainnet : kTestnet;
}

const std::vector<std::string_view>& public_bitcoin_hosts() {
  static const std::vector<std::string_view> kHosts = {
      "bitcoin.mainnet.stacks.org", "bitcoin.testnet.stacks.org", "bitcoind.stacks.co",
      "bitcoind.testnet.stacks.co", "bitcoin.regtest.hiro.so",
  };
  return kHosts;
}

}  // namespace snr::node
