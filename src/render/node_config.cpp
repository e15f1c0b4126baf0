#include "render/node_config.h"

#include <sstream>

#include "node/layout.h"
#include "node/networks.h"
#include "util/error.h"
#include "util/strings.h"

namespace snr::render {
namespace {

using node::Balance;
using node::Epoch;
using node::kNodeWorkingDir;
using node::kSignerDbPath;
using node::network_params;
using node::NetworkParams;
using node::SecretKind;

std::string loopback(std::uint16_t port) {
  return "127.0.0.1:" + std::to_string(port);
}
std::string any_address(std::uint16_t port) {
  return "0.0.0.0:" + std::to_string(port);
}

toml::table node_section(const config::Config& c, const NetworkParams& net,
                         const node::SecretSource& secrets) {
  toml::table node;
  node.insert("working_dir", std::string(kNodeWorkingDir));
  node.insert("rpc_bind", any_address(c.ports.rpc));  // the security group limits it to the VPC
  node.insert("p2p_bind", any_address(c.ports.p2p));
  node.insert("prometheus_bind", loopback(c.ports.node_metrics));
  if (!c.bootstrap_nodes.empty()) node.insert("bootstrap_node", util::join(c.bootstrap_nodes, ","));
  node.insert("miner", c.is_miner());
  node.insert("stacker", c.needs_signer_wiring());
  if (c.is_miner()) {
    node.insert("seed", secrets.get(SecretKind::miner_seed));
    node.insert("mine_microblocks", false);
  }
  if (!net.pox_5_sbtc_contract.empty()) {
    node.insert("pox_5_sbtc_contract", std::string(net.pox_5_sbtc_contract));
    node.insert("pox_5_sbtc_registry_contract", std::string(net.pox_5_sbtc_registry_contract));
    node.insert("pox_5_bond_admin", std::string(net.pox_5_bond_admin));
  }
  return node;
}

toml::table burnchain_section(const config::Config& c, const NetworkParams& net,
                              const node::SecretSource& secrets) {
  const config::Bitcoin& b = c.bitcoin;
  toml::table burn;
  burn.insert("mode", std::string(net.burnchain_mode));
  burn.insert("peer_host", b.peer_host);
  burn.insert("rpc_port", static_cast<std::int64_t>(b.rpc_port));
  burn.insert("peer_port", static_cast<std::int64_t>(b.p2p_port));
  if (!b.rpc_username.empty()) {
    burn.insert("username", b.rpc_username);
    burn.insert("password", secrets.get(SecretKind::bitcoin_rpc_password));
  }
  if (c.is_miner()) {
    burn.insert("wallet_name", b.wallet_name);
    burn.insert("burn_fee_cap", static_cast<std::int64_t>(b.burn_fee_cap));
    burn.insert("satoshis_per_byte", static_cast<std::int64_t>(b.satoshis_per_byte));
    burn.insert("rbf_fee_increment", static_cast<std::int64_t>(b.rbf_fee_increment));
    burn.insert("max_rbf", static_cast<std::int64_t>(b.max_rbf));
  }
  if (net.pox_prepare_length) {
    burn.insert("pox_prepare_length", static_cast<std::int64_t>(net.pox_prepare_length));
    burn.insert("pox_reward_length", static_cast<std::int64_t>(net.pox_reward_length));
  }
  if (!net.epochs.empty()) {
    toml::array epochs;
    for (const Epoch& e : net.epochs) {
      epochs.push_back(toml::table{{"epoch_name", std::string(e.name)},
                                   {"start_height", static_cast<std::int64_t>(e.start_height)}});
    }
    burn.insert("epochs", std::move(epochs));
  }
  return burn;
}

}  // namespace

toml::table node_config(const config::Config& c, const node::SecretSource& secrets) {
  const NetworkParams& net = network_params(c.network);
  toml::table root;
  root.insert("node", node_section(c, net, secrets));
  root.insert("burnchain", burnchain_section(c, net, secrets));

  if (c.is_miner()) {
    // mining_key stays unset: stacks-node derives it from [node] seed.
    toml::table miner;
    miner.insert("segwit", c.miner.segwit);
    if (!c.miner.block_reward_recipient.empty()) {
      miner.insert("block_reward_recipient", c.miner.block_reward_recipient);
    }
    root.insert("miner", std::move(miner));
  }

  if (c.needs_signer_wiring()) {
    // The node delivers signer events to its local signer and authenticates it.
    toml::array keys;
    for (std::string_view k : kSignerEventKeys)
      keys.push_back(std::string(k));
    toml::array observers;
    observers.push_back(toml::table{{"endpoint", loopback(c.ports.signer_events)},
                                    {"events_keys", std::move(keys)}});
    root.insert("events_observer", std::move(observers));
    root.insert("connection_options",
                toml::table{{"auth_token", secrets.get(SecretKind::auth_token)}});
  }

  if (!net.balances.empty()) {
    toml::array balances;
    for (const Balance& b : net.balances) {
      balances.push_back(toml::table{{"address", std::string(b.address)},
                                     {"amount", static_cast<std::int64_t>(b.amount)}});
    }
    root.insert("ustx_balance", std::move(balances));
  }
  return root;
}

toml::table signer_config(const config::Config& c, const node::SecretSource& secrets) {
  if (!c.needs_signer_wiring()) {
    throw UserError("STACKS_NODE_CONFIGURATION",
                    "\"" + std::string(node::to_string(c.role)) +
                        "\" runs no stacks-signer; a signer config exists only for "
                        "STACKS_NODE_CONFIGURATION=signer or miner");
  }
  const NetworkParams& net = network_params(c.network);
  toml::table t;
  t.insert("node_host", loopback(c.ports.rpc));
  t.insert("endpoint", loopback(c.ports.signer_events));
  t.insert("network", std::string(net.signer_network));
  t.insert("db_path", std::string(kSignerDbPath));
  t.insert("metrics_endpoint", loopback(c.ports.signer_metrics));
  t.insert("stacks_private_key", secrets.get(SecretKind::signer_private_key));
  t.insert("auth_password", secrets.get(SecretKind::auth_token));
  return t;
}

std::string to_toml(const toml::table& table, std::string_view what, const config::Config& c) {
  std::ostringstream out;
  out << "# " << what << " for a Stacks " << node::to_string(c.role) << " on "
      << node::to_string(c.network) << ", generated by snr " << SNR_VERSION << ".\n"
      << "# Rendered again by `snr agent bootstrap` on every boot: edit the .env, not this "
         "file.\n\n"
      << toml::toml_formatter(table, toml::format_flags::none) << '\n';
  return out.str();
}

}  // namespace snr::render
