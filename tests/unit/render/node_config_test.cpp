#include "render/node_config.h"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/config_fixtures.h"
#include "util/error.h"

namespace snr::render {
namespace {

using node::PlaceholderSecrets;
using node::SecretKind;
using node::StaticSecrets;

using snr::testing::fixture_path;
using snr::testing::kMinimalEnv;
using snr::testing::read_file;
using snr::testing::valid_config;
using ::testing::HasSubstr;

const char* kMinerEnv =
    "BITCOIN_PEER_HOST=10.0.1.5\nBITCOIN_RPC_USERNAME=miner\nBITCOIN_RPC_PASSWORD=pw\n"
    "BITCOIN_WALLET_NAME=stx-miner\n";

config::Config make(const std::string& role, const std::string& network) {
  std::string env = std::string(kMinimalEnv) + "STACKS_NODE_CONFIGURATION=" + role +
                    "\nSTACKS_NETWORK=" + network + "\n";
  if (role == "miner") env += kMinerEnv;
  return valid_config(env);
}

StaticSecrets fixed_secrets() {
  StaticSecrets s;
  s.set(SecretKind::signer_private_key,
        "2de4e77aab89c0c2570bb8bb90824f5cf2a5204a975905fee450ff9dad0fcf2801");
  s.set(SecretKind::miner_seed, "6a1fc1a3183018c6d79a4e11e154d2bdad2d89ac8bc1b0a021de8b4d28774fbb");
  s.set(SecretKind::auth_token, "token-123");
  s.set(SecretKind::bitcoin_rpc_password, "pw");
  return s;
}

const nlohmann::json& node_keys() {
  static const nlohmann::json j =
      nlohmann::json::parse(read_file(fixture_path("stacks-core/node-config-keys.json")));
  return j;
}

/// Which stacks-node struct (node-config-keys.json) describes a section of the node config.
std::string struct_for(const std::string& section) {
  static const std::map<std::string, std::string> kStructs = {
      {"node", "NodeConfigFile"},
      {"burnchain", "BurnchainConfigFile"},
      {"miner", "MinerConfigFile"},
      {"connection_options", "ConnectionOptionsFile"},
      {"events_observer", "EventObserverConfigFile"},
      {"fee_estimation", "FeeEstimationConfigFile"},
      {"atlas", "AtlasConfigFile"},
      {"ustx_balance", "InitialBalanceFile"},
  };
  auto it = kStructs.find(section);
  return it == kStructs.end() ? "" : it->second;
}

/// Every key of `t` must be one stacks-node accepts (it refuses unknown keys at start).
void expect_known_node_keys(const toml::table& t, const std::string& what) {
  const auto& keys = node_keys();
  for (const auto& [k, v] : t) {
    std::string key(k.str());
    ASSERT_TRUE(keys["ConfigFile"].contains(key)) << what << ": top-level key " << key;
    std::string st = struct_for(key);
    ASSERT_FALSE(st.empty()) << key;
    auto check_table = [&](const toml::table& section, const std::string& where) {
      for (const auto& [sk, sv] : section) {
        std::string skey(sk.str());
        if (key == "burnchain" && skey == "epochs") continue;  // StacksEpochConfigFile, below
        EXPECT_TRUE(keys[st].contains(skey)) << what << ": unknown key " << where << "." << skey;
      }
    };
    if (const toml::table* section = v.as_table()) {
      check_table(*section, key);
    } else if (const toml::array* arr = v.as_array()) {
      for (const auto& el : *arr)
        check_table(*el.as_table(), key + "[]");
    }
  }
  if (auto epochs = t.at_path("burnchain.epochs").as_array()) {
    for (const auto& e : *epochs) {
      for (const auto& [ek, ev] : *e.as_table()) {
        EXPECT_TRUE(keys["StacksEpochConfigFile"].contains(std::string(ek.str())))
            << what << ": unknown key burnchain.epochs[]." << ek.str();
      }
    }
  }
}

/// A node as JSON text, for comparing values across documents ("<missing>" if absent).
template <typename View>
std::string dump(View v) {
  if (!v) return "<missing>";
  std::ostringstream out;
  v.node()->visit([&](const auto& n) {
    if constexpr (toml::is_table<decltype(n)> || toml::is_array<decltype(n)>) {
      out << toml::json_formatter(n);
    } else {
      out << toml::json_formatter(toml::array{n});
    }
  });
  return out.str();
}

toml::table parse_sample(const std::string& name) {
  return toml::parse(read_file(fixture_path("stacks-core/samples/" + name)));
}

TEST(NodeConfig, EveryRoleAndNetworkEmitsOnlyKeysStacksNodeAccepts) {
  for (const char* role : {"follower", "signer", "miner"}) {
    for (const char* net : {"mainnet", "testnet"}) {
      auto c = make(role, net);
      expect_known_node_keys(node_config(c, fixed_secrets()), std::string(role) + "/" + net);
      expect_known_node_keys(node_config(c, PlaceholderSecrets()), std::string(role) + "/" + net);
    }
  }
}

TEST(NodeConfig, OnlyP2pAndRpcListenBeyondLoopback) {
  for (const char* role : {"follower", "signer", "miner"}) {
    auto t = node_config(make(role, "mainnet"), fixed_secrets());
    EXPECT_EQ(t.at_path("node.p2p_bind").value_or(""), std::string("0.0.0.0:20444"));
    EXPECT_EQ(t.at_path("node.rpc_bind").value_or(""), std::string("0.0.0.0:20443"));
    EXPECT_EQ(t.at_path("node.prometheus_bind").value_or(""), std::string("127.0.0.1:9153"));
    if (auto obs = t.at_path("events_observer").as_array()) {
      for (const auto& o : *obs) {
        EXPECT_EQ(o.as_table()->at_path("endpoint").value_or(""), std::string("127.0.0.1:30000"));
      }
    }
  }
  auto s = signer_config(make("signer", "mainnet"), fixed_secrets());
  EXPECT_EQ(s.at_path("endpoint").value_or(""), std::string("127.0.0.1:30000"));
  EXPECT_EQ(s.at_path("metrics_endpoint").value_or(""), std::string("127.0.0.1:9154"));
}

TEST(NodeConfig, TestnetMatchesTheStacksCoreSample) {
  auto sample = parse_sample("testnet-follower-conf.toml");
  auto ours = node_config(make("follower", "testnet"), fixed_secrets());
  for (const char* path :
       {"burnchain.mode", "burnchain.peer_host", "burnchain.rpc_port", "burnchain.peer_port",
        "burnchain.pox_prepare_length", "burnchain.pox_reward_length", "node.bootstrap_node",
        "node.pox_5_sbtc_contract", "node.pox_5_sbtc_registry_contract", "node.pox_5_bond_admin",
        "node.miner", "node.stacker"}) {
    ASSERT_TRUE(sample.at_path(path)) << path;
    EXPECT_EQ(ours.at_path(path).node() != nullptr, true) << path;
    EXPECT_EQ(dump(ours.at_path(path)), dump(sample.at_path(path))) << path;
  }
  // Epochs and balances exactly as the sample, in order.
  EXPECT_EQ(dump(ours.at_path("burnchain.epochs")), dump(sample.at_path("burnchain.epochs")));
  EXPECT_EQ(dump(ours.at_path("ustx_balance")), dump(sample.at_path("ustx_balance")));
}

TEST(NodeConfig, MainnetMatchesTheStacksCoreSample) {
  auto sample = parse_sample("mainnet-follower-conf.toml");
  auto ours = node_config(make("follower", "mainnet"), fixed_secrets());
  EXPECT_EQ(dump(ours.at_path("burnchain.mode")), dump(sample.at_path("burnchain.mode")));
  EXPECT_FALSE(ours.at_path("node.bootstrap_node"));  // built-in mainnet seeds
  EXPECT_FALSE(ours.at_path("burnchain.epochs"));
  EXPECT_FALSE(ours.at_path("ustx_balance"));
  EXPECT_EQ(ours.at_path("burnchain.peer_host").value_or(""),
            std::string("bitcoin.mainnet.stacks.org"));
  EXPECT_EQ(ours.at_path("burnchain.username").value_or(""), std::string("stacks"));
}

TEST(NodeConfig, SignerNodeSideMatchesTheSampleWiring) {
  auto sample = parse_sample("testnet-signer.toml");
  auto ours = node_config(make("signer", "testnet"), fixed_secrets());
  EXPECT_EQ(dump(ours.at_path("events_observer")), dump(sample.at_path("events_observer")));
  EXPECT_EQ(ours.at_path("node.stacker").value_or(false), true);
  EXPECT_EQ(ours.at_path("node.miner").value_or(true), false);
}

TEST(NodeConfig, MinerHasSeedWalletFeesAndSignerWiring) {
  auto sample = parse_sample("testnet-miner-conf.toml");
  auto ours = node_config(make("miner", "testnet"), fixed_secrets());
  EXPECT_EQ(ours.at_path("node.miner").value_or(false), true);
  EXPECT_EQ(ours.at_path("node.stacker").value_or(false), true);
  EXPECT_EQ(ours.at_path("node.mine_microblocks").value_or(true), false);
  EXPECT_EQ(ours.at_path("node.seed").value_or(""),
            std::string("6a1fc1a3183018c6d79a4e11e154d2bdad2d89ac8bc1b0a021de8b4d28774fbb"));
  EXPECT_EQ(ours.at_path("burnchain.wallet_name").value_or(""), std::string("stx-miner"));
  EXPECT_EQ(ours.at_path("burnchain.username").value_or(""), std::string("miner"));
  for (const char* fee : {"burnchain.burn_fee_cap", "burnchain.satoshis_per_byte",
                          "burnchain.rbf_fee_increment", "burnchain.max_rbf"}) {
    EXPECT_EQ(dump(ours.at_path(fee)), dump(sample.at_path(fee))) << fee;
  }
  EXPECT_EQ(dump(ours.at_path("events_observer")), dump(sample.at_path("events_observer")));
  EXPECT_EQ(ours.at_path("connection_options.auth_token").value_or(""), std::string("token-123"));
}

TEST(NodeConfig, MinerSectionOnlyForMinersWithRecipientWhenSet) {
  EXPECT_FALSE(node_config(make("follower", "mainnet"), fixed_secrets()).at_path("miner"));
  EXPECT_FALSE(node_config(make("signer", "mainnet"), fixed_secrets()).at_path("miner"));
  auto plain = node_config(make("miner", "mainnet"), fixed_secrets());
  EXPECT_EQ(plain.at_path("miner.segwit").value_or(true), false);
  EXPECT_FALSE(plain.at_path("miner.block_reward_recipient"));
  EXPECT_FALSE(plain.at_path("miner.mining_key"));  // derived from [node] seed
  auto c = make("miner", "mainnet");
  c.miner.block_reward_recipient = "SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7";
  c.miner.segwit = true;
  auto t = node_config(c, fixed_secrets());
  EXPECT_EQ(t.at_path("miner.block_reward_recipient").value_or(""),
            std::string("SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7"));
  EXPECT_EQ(t.at_path("miner.segwit").value_or(false), true);
  expect_known_node_keys(t, "miner with settings");
}

TEST(SignerConfig, RequiredKeysAndOnlyKnownKeys) {
  auto keys = nlohmann::json::parse(read_file(fixture_path("stacks-core/signer-config-keys.json")));
  for (const char* net : {"mainnet", "testnet"}) {
    auto t = signer_config(make("signer", net), fixed_secrets());
    for (const auto& [k, v] : t) {
      EXPECT_TRUE(keys["RawConfigFile"].contains(std::string(k.str()))) << k.str();
    }
    for (const auto& [k, type] : keys["RawConfigFile"].items()) {
      if (type.get<std::string>().rfind("Option<", 0) != 0) {
        EXPECT_TRUE(t.contains(k)) << "required signer key missing: " << k;
      }
    }
    EXPECT_EQ(t.at_path("network").value_or(""), std::string(net));
  }
}

TEST(SignerConfig, TheSignerPairAgreesOnTokenAndEndpoints) {
  auto c = make("signer", "mainnet");
  auto node = node_config(c, fixed_secrets());
  auto signer = signer_config(c, fixed_secrets());
  EXPECT_EQ(node.at_path("connection_options.auth_token").value_or(""),
            signer.at_path("auth_password").value_or(std::string("x")));
  EXPECT_EQ(
      (*node.at_path("events_observer").as_array())[0].as_table()->at_path("endpoint").value_or(""),
      signer.at_path("endpoint").value_or(std::string("x")));
  std::string rpc_port = node.at_path("node.rpc_bind").value_or(std::string(":"));
  std::string host = signer.at_path("node_host").value_or(std::string(":"));
  EXPECT_EQ(rpc_port.substr(rpc_port.find(':')), host.substr(host.find(':')));
}

TEST(SignerConfig, OnlyForRolesThatRunASigner) {
  EXPECT_THAT([] { signer_config(make("follower", "mainnet"), PlaceholderSecrets()); },
              ::testing::ThrowsMessage<UserError>(HasSubstr("STACKS_NODE_CONFIGURATION=signer")));
  // A miner runs its own signer beside the node, wired as the stacks-core miner sample shows.
  auto miner = signer_config(make("miner", "mainnet"), fixed_secrets());
  EXPECT_EQ(miner.at_path("endpoint").value_or(""), std::string("127.0.0.1:30000"));
}

TEST(NodeConfig, UserValuesCannotBreakOutOfTheirStrings) {
  const std::vector<std::string> nasty = {"a\"b",
                                          "x\"\ninjected = true\n[node]\nminer = true\n#",
                                          "back\\slash",
                                          "\"\"\"",
                                          "'''",
                                          "tab\tand\r\nCRLF",
                                          "unicode ✓ λ",
                                          std::string("nul\0byte", 8),
                                          "]]\n[[ustx_balance]]"};
  for (const auto& value : nasty) {
    auto c = valid_config(std::string(kMinimalEnv) + "BITCOIN_RPC_USERNAME=placeholder\n");
    c.bitcoin.rpc_username = value;
    StaticSecrets s = fixed_secrets();
    s.set(SecretKind::bitcoin_rpc_password, value);
    std::string text = to_toml(node_config(c, s), "test", c);
    toml::table back;
    ASSERT_NO_THROW(back = toml::parse(text)) << text;
    EXPECT_EQ(back.at_path("burnchain.username").value_or(std::string()), value);
    EXPECT_EQ(back.at_path("burnchain.password").value_or(std::string()), value);
    EXPECT_FALSE(back.at_path("injected"));
    EXPECT_EQ(back.at_path("node.miner").value_or(true), false);
    EXPECT_FALSE(back.at_path("ustx_balance"));
  }
}

TEST(NodeConfig, PlaceholdersAreClearlyMarkedAndNoSecretLeaks) {
  auto c = valid_config(std::string(kMinimalEnv) + "BITCOIN_RPC_PASSWORD=real-password-42\n" +
                        "STACKS_NODE_CONFIGURATION=signer\n");
  std::string node = to_toml(node_config(c, PlaceholderSecrets()), "n", c);
  std::string signer = to_toml(signer_config(c, PlaceholderSecrets()), "s", c);
  EXPECT_EQ(node.find("real-password-42"), std::string::npos);
  EXPECT_THAT(node, HasSubstr("<snr-secret:bitcoin-rpc-password>"));
  EXPECT_THAT(node, HasSubstr("<snr-secret:auth-token>"));
  EXPECT_THAT(signer, HasSubstr("<snr-secret:signer-private-key>"));
}

TEST(NodeConfig, RenderingIsDeterministic) {
  auto c = make("signer", "testnet");
  EXPECT_EQ(to_toml(node_config(c, fixed_secrets()), "n", c),
            to_toml(node_config(c, fixed_secrets()), "n", c));
}

}  // namespace
}  // namespace snr::render
