#include "config/variables.h"

namespace snr::config {

const std::vector<VariableInfo>& known_variables() {
  static const std::vector<VariableInfo> kVariables = {
      {"AWS_ACCOUNT_ID", "AWS account to deploy into (12 digits)", false, true},
      {"AWS_REGION", "AWS region to deploy into", false, true},
      {"STACKS_NODE_CONFIGURATION", "node role: follower, signer or miner", false, true},
      {"STACKS_NETWORK", "Stacks network: mainnet or testnet", false, true},
      {"STACKS_INSTANCE_TYPE", "EC2 instance type (Nitro-based)", false, true},
      {"STACKS_CPU_TYPE", "CPU architecture: x86_64 or ARM_64", false, true},
      {"STACKS_VERSION", "exact stacks-core release tag, or latest (resolved at deploy)", false,
       true},
      {"STACKS_ALLOW_RELEASE_CANDIDATE",
       "true lets mainnet run a release candidate (X.Y.Z-rcN) named in STACKS_VERSION", false,
       false},
      {"STACKS_BUILD_FROM_SOURCE", "blueprint option; snr installs verified release binaries",
       false, true},
      {"STACKS_DOWNLOAD_CHAINSTATE", "restore the chainstate archive instead of syncing from 0",
       false, true},
      {"STACKS_BOOTSTRAP_NODE", "bootstrap peers PUBKEY@HOST:PORT, comma-separated", false, true},
      {"STACKS_CHAINSTATE_ARCHIVE", "URL of the chainstate archive (.tar.gz or .tar.zst)", false,
       true},
      {"STACKS_CHAINSTATE_SHA256", "SHA-256 of the archive (default: the archive's .sha256)", false,
       false},
      {"STACKS_P2P_PORT", "P2P port, open to the Internet (tcp)", false, true},
      {"STACKS_RPC_PORT", "RPC port, open to the VPC only (see STACKS_RPC_PUBLIC)", false, true},
      {"STACKS_RPC_PUBLIC", "true: RPC open to the Internet too, to serve Nakamoto blocks to peers",
       false, false},
      {"STACKS_NODE_METRICS_PORT", "node Prometheus port, bound to loopback", false, false},
      {"STACKS_SIGNER_METRICS_PORT", "signer metrics port, bound to loopback", false, false},
      {"STACKS_SIGNER_EVENT_PORT", "signer event receiver port, bound to loopback", false, false},
      {"STACKS_HEALTH_PORT", "node agent's sync-aware health endpoint (GET /health)", false, false},
      {"BITCOIN_PEER_HOST", "Bitcoin node host", false, true},
      {"BITCOIN_RPC_USERNAME", "Bitcoin RPC user", false, true},
      {"BITCOIN_RPC_PASSWORD", "Bitcoin RPC password (stored in Secrets Manager at deploy)", true,
       true},
      {"BITCOIN_RPC_PASSWORD_SECRET_ARN", "existing secret holding the Bitcoin RPC password", false,
       false},
      {"BITCOIN_RPC_PORT", "Bitcoin RPC port", false, true},
      {"BITCOIN_P2P_PORT", "Bitcoin P2P port", false, true},
      {"BITCOIN_WALLET_NAME", "miner: wallet loaded in your bitcoind", false, false},
      {"BITCOIN_BURN_FEE_CAP", "miner: max sats per block commit", false, false},
      {"BITCOIN_SATOSHIS_PER_BYTE", "miner: fee rate (sat/vB)", false, false},
      {"BITCOIN_RBF_FEE_INCREMENT", "miner: RBF fee increment (sat/vB)", false, false},
      {"BITCOIN_MAX_RBF", "miner: max RBF fee rate (percent of the original)", false, false},
      {"STACKS_MINER_REWARD_RECIPIENT", "miner: Stacks address that receives block rewards", false,
       false},
      {"STACKS_MINER_SEGWIT", "miner: use a segwit (p2wpkh) Bitcoin address", false, false},
      {"STACKS_SIGNER_SECRET_ARN", "secret with the signer key, or none (generated on first boot)",
       false, true},
      {"STACKS_MINER_SECRET_ARN", "secret with the miner seed, or none (generated on first boot)",
       false, true},
      {"STACKS_DATA_VOL_SIZE", "data volume size (GiB)", false, true},
      {"STACKS_DATA_VOL_TYPE", "data volume type: gp3, gp2, io1 or io2", false, true},
      {"STACKS_DATA_VOL_IOPS", "data volume IOPS (gp3, io1, io2)", false, true},
      {"STACKS_DATA_VOL_THROUGHPUT", "data volume throughput in MiB/s (gp3)", false, true},
      {"STACKS_HA_ALB_HEALTHCHECK_GRACE_PERIOD_MIN", "HA: health check grace period (minutes)",
       false, true},
      {"STACKS_HA_NODES_HEARTBEAT_DELAY_MIN", "HA: time a new node has to sync (minutes)", false,
       true},
      {"STACKS_HA_NUMBER_OF_NODES", "HA: number of nodes", false, true},
      {"STACKS_HA_ALB_CERTIFICATE_ARN",
       "HA: ACM certificate ARN (same region); set, the RPC load balancer speaks HTTPS only",
       false, false},
      {"STACKS_ALARM_EMAIL", "e-mail subscribed to the alarm topic (optional)", false, false},
      {"STACKS_LOG_RETENTION_DAYS", "CloudWatch Logs retention (days)", false, false},
      {"STACKS_HEALTH_MAX_BLOCKS_BEHIND", "healthy only within this many blocks of peers", false,
       false},
      {"STACKS_HEALTH_MAX_TIP_AGE_MIN", "healthy only if the tip advanced within (minutes)", false,
       false},
      {"STACKS_SNAPSHOT_RETAIN", "snr snapshot create keeps the newest N snapshots of a stack",
       false, false},
  };
  return kVariables;
}

const VariableInfo* find_variable(std::string_view name) {
  for (const auto& v : known_variables()) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

}  // namespace snr::config
