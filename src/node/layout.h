#pragma once
/// Where things live on a node instance. The data volume is mounted at
/// kDataDir; everything that grows (chainstate, signer database) is under it.

#include <string_view>

namespace snr::node {

inline constexpr std::string_view kConfigDir = "/etc/stacks";
inline constexpr std::string_view kDataDir = "/var/lib/stacks";
inline constexpr std::string_view kLogDir = "/var/log/stacks";
/// stacks-node [node] working_dir.
inline constexpr std::string_view kNodeWorkingDir = "/var/lib/stacks/node";
/// stacks-signer db_path.
inline constexpr std::string_view kSignerDbPath = "/var/lib/stacks/signer/signer.sqlite";
inline constexpr std::string_view kNodeConfigFile = "/etc/stacks/node.toml";
inline constexpr std::string_view kSignerConfigFile = "/etc/stacks/signer.toml";

}  // namespace snr::node
