#pragma once
/// The Stacks vocabulary every layer shares: role, network, CPU type, volume
/// type, and their spellings (the .env values). Below config, which validates them.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace snr::node {

/// What the Stacks node does (STACKS_NODE_CONFIGURATION).
enum class Role { follower, signer, miner };
/// Which Stacks network (STACKS_NETWORK). "testnet" is today's testnet (burnchain mode krypton).
enum class Network { mainnet, testnet };
/// CPU architecture of the instance (STACKS_CPU_TYPE): "x86_64" or "ARM_64".
enum class CpuType { x86_64, arm64 };
/// EBS volume type of the data volume (STACKS_DATA_VOL_TYPE).
enum class VolumeType { gp3, gp2, io1, io2 };

std::string_view to_string(Role r);
std::string_view to_string(Network n);
/// "x86_64" or "ARM_64", the blueprint's spelling.
std::string_view to_string(CpuType c);
std::string_view to_string(VolumeType v);

/// Case-insensitive parsing; nullopt for anything else.
std::optional<Role> parse_role(std::string_view s);
std::optional<Network> parse_network(std::string_view s);
/// Exact lower-case "mainnet" / "testnet" only (key tool flags, secret tags).
std::optional<Network> parse_stacks_network(std::string_view text);
std::optional<CpuType> parse_cpu_type(std::string_view s);
std::optional<VolumeType> parse_volume_type(std::string_view s);

/// The allowed spellings, for error messages.
std::vector<std::string> role_names();
std::vector<std::string> network_names();
std::vector<std::string> cpu_type_names();
std::vector<std::string> volume_type_names();

}  // namespace snr::node
