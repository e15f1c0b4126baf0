#pragma once
/// The Bitcoin address a miner's key pays from. stacks-node 4.x imports a
/// watch-only descriptor of the miner's compressed public key into its bitcoind
/// wallet (bitcoin_rpc_client `importdescriptors`): legacy P2PKH when
/// `[miner] segwit = false`, P2WPKH when true. The operator funds that address;
/// no private key is ever imported.

#include <string>

#include "node/keys.h"
#include "node/types.h"

namespace snr::node {

/// The address for `key` on the Bitcoin network behind the Stacks `network`:
/// Bitcoin mainnet for mainnet; regtest for today's testnet (krypton mode),
/// the network type stacks-node uses there. P2PKH base58check (1…, m/n…) or,
/// with `segwit`, P2WPKH bech32 (bc1q…, bcrt1q…).
std::string bitcoin_address(const PublicKey& key, Network network, bool segwit);

/// Base58check of `version` || `payload` (Bitcoin's alphabet).
std::string base58check(std::uint8_t version, std::span<const std::uint8_t> payload);

/// A segwit v0 address (BIP 173 bech32) of `program` with human-readable part `hrp`.
std::string segwit_v0_address(std::string_view hrp, std::span<const std::uint8_t> program);

}  // namespace snr::node
