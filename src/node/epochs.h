#pragma once
/// Hard forks a running node must be ready for: per network, the epoch, the Bitcoin (burn)
/// block it activates at and the oldest stacks-node release that follows it. Nodes older
/// than that split from the network at that block. `snr status` compares each node's running
/// version against it by burn height.
///
/// Source: stacks-core, stacks-common/src/types/mod.rs (BITCOIN_MAINNET_STACKS_40_BURN_HEIGHT
/// = 960230),
/// https://github.com/stacks-network/stacks-core/blob/master/stacks-common/src/types/mod.rs as of
/// 2026-08-21 (tags 4.0.0, 4.0.1, 4.0.2). The minimum 4.0.1 is as issue #16 states it (no
/// release note confirming it was at hand). Add a row for each new hard fork.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "node/types.h"

namespace snr::node {

struct EpochRequirement {
  Network network;
  std::string_view epoch;         ///< "4.0"
  std::uint64_t burn_height = 0;  ///< activation Bitcoin block
  std::string_view min_version;   ///< oldest stacks-node release that follows it
};

/// The table (its source and date above).
const std::vector<EpochRequirement>& epoch_requirements();
inline constexpr std::string_view kEpochTableSource =
    "stacks-core stacks-common/src/types/mod.rs, 2026-08-21";

/// The numeric version in a /v2/info server_version or a release tag: "stacks-node 4.0.1
/// (master:abc, release build, linux [x86_64])" → {4, 0, 1}; "3.3.0.0.1" → {3,3,0,0,1}.
/// nullopt when there is none.
std::optional<std::vector<std::uint64_t>> parse_version(std::string_view text);

/// Component-wise, missing components as 0 ("4.0" == "4.0.0"): <0, 0, >0.
int compare_versions(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b);

/// The requirement a node at `burn_height` must meet next: the first of its network's
/// epochs not yet active, else the latest active one; nullopt when the table has none.
/// Unknown burn height: the latest epoch of the network.
std::optional<EpochRequirement> next_epoch(Network network,
                                           std::optional<std::uint64_t> burn_height);

/// A one-line warning when `running_version` is below the requirement that applies at
/// `burn_height` ("" when it meets it, or when the version cannot be read).
std::string epoch_warning(Network network, std::string_view running_version,
                          std::optional<std::uint64_t> burn_height);

}  // namespace snr::node
