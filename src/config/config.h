#pragma once
/// The validated deployment configuration: what `.env` says, typed, with
/// every default applied. Built by config::load() (load.h); read-only after that.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/secret.h"
#include "node/types.h"

namespace snr::config {

// The Stacks vocabulary (node/types.h) as the configuration uses it.
using node::CpuType;
using node::Network;
using node::Role;
using node::VolumeType;

/// Where a variable's effective value came from.
enum class Source { default_value, file, environment };
std::string_view to_string(Source s);

/// One variable as `snr config show` prints it.
struct VariableValue {
  std::string value;  ///< effective value as text; Secret::kRedacted for secrets
  Source source = Source::default_value;
  std::string origin;  ///< ".env:12", "environment" or "default"
};

struct DataVolume {
  std::uint32_t size_gib = 0;
  VolumeType type = VolumeType::gp3;
  std::uint32_t iops = 0;              ///< gp3/io1/io2 only
  std::uint32_t throughput_mibps = 0;  ///< gp3 only
};

struct Bitcoin {
  std::string peer_host;
  std::uint16_t rpc_port = 0;
  std::uint16_t p2p_port = 0;
  std::string rpc_username;  ///< empty: no RPC credentials in the node config
  /// BITCOIN_RPC_PASSWORD as given in .env/environment. Never rendered into a
  /// template or user-data: deploy stores it in Secrets Manager.
  Secret rpc_password;
  /// BITCOIN_RPC_PASSWORD_SECRET_ARN: an existing secret holding the password.
  std::string rpc_password_secret_arn;
  std::string wallet_name;  ///< miner only (BITCOIN_WALLET_NAME)
  // Miner fee settings ([burnchain] of the miner sample).
  std::uint64_t burn_fee_cap = 0;
  std::uint64_t satoshis_per_byte = 0;
  std::uint64_t rbf_fee_increment = 0;
  std::uint64_t max_rbf = 0;
};

/// Miner-only settings ([miner] of stacks-node).
struct Miner {
  /// Stacks principal that receives block rewards (block_reward_recipient);
  /// empty: the miner's own address.
  std::string block_reward_recipient;
  bool segwit = false;  ///< use a segwit (p2wpkh) Bitcoin address for mining
};

/// STACKS_HEALTH_PORT's default; also `snr agent run`'s when run by hand
/// without a settings document (with one, it reads health.port from it).
inline constexpr std::uint16_t kDefaultHealthPort = 20445;

struct Ports {
  std::uint16_t p2p = 0;             ///< public (tcp)
  std::uint16_t rpc = 0;             ///< VPC only, unless rpc_public
  std::uint16_t node_metrics = 0;    ///< prometheus_bind, loopback
  std::uint16_t signer_metrics = 0;  ///< signer metrics_endpoint, loopback
  std::uint16_t signer_events = 0;   ///< signer event endpoint, loopback
  std::uint16_t health = 0;          ///< agent's sync-aware health endpoint (GET /health)
  /// STACKS_RPC_PUBLIC: RPC open to the internet, so that peers can download
  /// Nakamoto blocks from this node (operator side only; not in the settings).
  bool rpc_public = false;
};

struct HighAvailability {
  std::uint32_t health_check_grace_period_min = 0;
  std::uint32_t heartbeat_delay_min = 0;
  std::uint32_t number_of_nodes = 0;
  /// STACKS_HA_ALB_CERTIFICATE_ARN: an ACM certificate in the deployment's region; set, the
  /// RPC listener is HTTPS (TLS 1.3 policy) and there is no plaintext listener.
  std::string alb_certificate_arn;
};

struct Monitoring {
  std::string alarm_email;  ///< empty: no e-mail subscription on the alarm topic
  std::uint32_t log_retention_days = 0;
  std::uint32_t health_max_blocks_behind = 0;
  std::uint32_t health_max_tip_age_min = 0;
};

/// Chainstate snapshots (operator side only; not in the settings document).
struct Snapshots {
  /// STACKS_SNAPSHOT_RETAIN: `snr snapshot create` keeps the newest N of a stack.
  std::uint32_t retain = 3;
};

struct Config {
  // AWS
  std::string account_id;
  std::string region;

  // Node
  Role role = Role::follower;
  Network network = Network::mainnet;
  std::string instance_type;
  CpuType cpu_type = CpuType::x86_64;
  /// "latest" or an exact release tag ("4.0.2"). deploy resolves "latest".
  std::string stacks_version;
  bool build_from_source = false;
  bool download_chainstate = true;
  /// PUBKEY@HOST:PORT entries; empty means the network's built-in seeds.
  std::vector<std::string> bootstrap_nodes;
  std::string chainstate_archive_url;
  std::string chainstate_sha256;  ///< optional; else the archive's sibling .sha256
  Ports ports;
  Bitcoin bitcoin;
  Miner miner;

  /// Secrets Manager ARNs of existing keys; empty means "none": the agent
  /// generates the key on first boot and stores it (never a second one).
  std::string signer_secret_arn;
  std::string miner_secret_arn;

  DataVolume data_volume;
  HighAvailability ha;
  Monitoring monitoring;
  Snapshots snapshots;

  /// Every known variable with its effective value and origin (for `config show`).
  std::map<std::string, VariableValue> variables;

  bool is_signer() const { return role == Role::signer; }
  bool is_miner() const { return role == Role::miner; }
  /// Signer and miner instances run stacks-signer beside stacks-node (as the
  /// stacks-core samples wire them: events observer + auth token); followers don't.
  bool needs_signer_wiring() const { return role != Role::follower; }
};

}  // namespace snr::config
