#pragma once
/// Facts about the public Stacks networks: burnchain mode, seeds, Bitcoin
/// peers, chainstate archives and (testnet) the pinned epochs and balances.
/// Source: stacks-network/stacks-core tag 4.0.2, sample/conf/*.toml (the values the tests
/// compare are in tests/fixtures/stacks-core/samples).

#include <cstdint>
#include <string_view>
#include <vector>

#include "node/types.h"

namespace snr::node {

struct Epoch {
  std::string_view name;
  std::uint64_t start_height;
};

struct Balance {
  std::string_view address;
  std::uint64_t amount;
};

struct NetworkParams {
  node::Network network;
  std::string_view burnchain_mode;  ///< [burnchain] mode
  /// Bootstrap node(s) to set; empty for mainnet, whose seeds are built in.
  std::string_view bootstrap_node;
  std::string_view bitcoin_peer_host;
  std::uint16_t bitcoin_rpc_port;
  std::uint16_t bitcoin_p2p_port;
  std::string_view bitcoin_rpc_username;  ///< public credentials of the default peer
  std::string_view bitcoin_rpc_password;
  std::string_view chainstate_archive_url;
  /// STACKS_DOWNLOAD_CHAINSTATE's default: true on mainnet; false on testnet, reset in
  /// August 2026 (a new chain of a few thousand blocks: syncing is quick, and an archive of
  /// the old chain would not fit it).
  bool download_chainstate_by_default = false;
  std::uint32_t default_volume_gib;
  std::uint32_t recommended_min_volume_gib;
  std::string_view min_stacks_version;
  std::string_view min_version_reason;
  std::string_view signer_network;  ///< stacks-signer `network`
  // Testnet (krypton) pins these; mainnet leaves them to the binary.
  std::uint32_t pox_prepare_length = 0;
  std::uint32_t pox_reward_length = 0;
  std::string_view pox_5_sbtc_contract;
  std::string_view pox_5_sbtc_registry_contract;
  std::string_view pox_5_bond_admin;
  std::vector<Epoch> epochs;
  std::vector<Balance> balances;
};

const NetworkParams& network_params(node::Network network);

/// Public Bitcoin peers that can serve followers and signers but never a miner
/// (a miner needs its own bitcoind with a funded wallet).
const std::vector<std::string_view>& public_bitcoin_hosts();

/// The Stacks release this version of snr was tested with; what `latest`
/// means when snr cannot ask GitHub (sandbox, tests).
inline constexpr std::string_view kTestedStacksVersion = "4.0.2";

}  // namespace snr::node
