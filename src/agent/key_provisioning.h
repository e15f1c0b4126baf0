#pragma once
/// The secrets a node needs, from AWS Secrets Manager, generated on first use
/// where the operator named none. Rules:
///  - A secret named by ARN (STACKS_SIGNER_SECRET_ARN ...) is only read.
///  - Otherwise the secret is `<prefix><name>` (prefix "snr/<stack-name>/"):
///    reused when it exists; else generated here and stored with CreateSecret
///    BEFORE it is returned, so a key is never used unless it is stored.
///  - Nothing is ever overwritten (no PutSecretValue): if two instances race,
///    CreateSecret lets one win and the other reads the winner's value; a
///    secret that exists but cannot be parsed is an error, not regenerated.
/// Accepted formats: keys as plain hex (64, or 66 ending in 01) or JSON
/// {"private_key": "<hex>"}; tokens and passwords as a plain string or JSON
/// {"token": ...} / {"password": ...}. Values are never logged.

#include <string>
#include <string_view>

#include "node/c32.h"
#include "node/keys.h"

namespace snr::aws {
class SecretsManagerClient;
}

namespace snr::agent {

/// A key and where it came from.
struct ProvisionedKey {
  node::PrivateKey key;
  std::string secret_arn;
  bool generated = false;  ///< true only on the call that created it
};

class KeyProvisioner {
 public:
  /// `prefix` is "snr/<stack-name>/"; `network` sets the address tagged on created keys.
  KeyProvisioner(aws::SecretsManagerClient& secrets, std::string prefix, node::Network network,
                 node::RandomSource random = node::os_random);

  /// The signer key: the secret at `given_arn`, or `<prefix>signer-key`.
  ProvisionedKey signer_key(const std::string& given_arn);
  /// The miner seed (a secp256k1 key): the secret at `given_arn`, or `<prefix>miner-seed`.
  ProvisionedKey miner_seed(const std::string& given_arn);
  /// The node<->signer token: `<prefix>auth-token` (32 random bytes, hex).
  std::string auth_token();
  /// The Bitcoin RPC password stored at `arn` (plain or {"password": ...}).
  std::string bitcoin_rpc_password(const std::string& arn);

 private:
  ProvisionedKey key(const std::string& given_arn, std::string_view name, const char* what);
  std::string read_string(const std::string& secret_id, const char* json_field, const char* what);

  aws::SecretsManagerClient& secrets_;
  std::string prefix_;
  node::Network network_;
  node::RandomSource random_;
};

}  // namespace snr::agent
