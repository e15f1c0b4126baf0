#pragma once
/// Renders the stacks-node and stacks-signer configuration files (TOML, with
/// toml++) for a role and network. Only P2P (and RPC, VPC-restricted by the
/// security group) listen beyond loopback.

#include <string>

#include <toml++/toml.h>

#include "config/config.h"
#include "node/secrets.h"

namespace snr::render {

/// The stacks-node config for `config`'s role and network.
toml::table node_config(const config::Config& config, const node::SecretSource& secrets);

/// The stacks-signer config (signer and miner roles; throws snr::UserError for a follower).
toml::table signer_config(const config::Config& config, const node::SecretSource& secrets);

/// TOML text with a comment header saying what generated it.
std::string to_toml(const toml::table& table, std::string_view what, const config::Config& config);

/// The signer events observer keys the node must send to its signer.
inline constexpr std::string_view kSignerEventKeys[] = {"stackerdb", "block_proposal",
                                                        "burn_blocks"};

}  // namespace snr::render
