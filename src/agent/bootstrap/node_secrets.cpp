#include "agent/bootstrap/node_secrets.h"

#include "agent/key_provisioning.h"
#include "node/networks.h"
#include "util/error.h"

namespace snr::agent {

ProvisionedSecrets::ProvisionedSecrets(
    const contract::SettingsDocument& document,
    std::function<std::unique_ptr<KeyProvisioner>()> make_provisioner)
    : document_(document), make_(std::move(make_provisioner)) {}

ProvisionedSecrets::~ProvisionedSecrets() = default;

KeyProvisioner& ProvisionedSecrets::provisioner() const {
  if (!provisioner_) provisioner_ = make_();
  return *provisioner_;
}

std::string ProvisionedSecrets::get(node::SecretKind kind) const {
  auto cached = cache_.find(kind);
  if (cached != cache_.end()) return cached->second;
  const config::Config& c = document_.config;
  std::string value;
  switch (kind) {
    case node::SecretKind::signer_private_key:
      value = provisioner().signer_key(document_.secrets.signer_key_arn).key.reveal_hex();
      break;
    case node::SecretKind::miner_seed:
      value = provisioner().miner_seed(document_.secrets.miner_key_arn).key.reveal_hex();
      break;
    case node::SecretKind::auth_token:
      value = provisioner().auth_token();
      break;
    case node::SecretKind::bitcoin_rpc_password: {
      const auto& net = node::network_params(c.network);
      if (!document_.secrets.bitcoin_rpc_password_arn.empty()) {
        value = provisioner().bitcoin_rpc_password(document_.secrets.bitcoin_rpc_password_arn);
      } else if (c.bitcoin.rpc_username == net.bitcoin_rpc_username) {
        value = std::string(net.bitcoin_rpc_password);  // the public peer's published credentials
      } else {
        throw Failure(
            "the Bitcoin RPC user is set but the settings document names no password secret "
            "(secrets.bitcoin_rpc_password_arn)");
      }
      break;
    }
  }
  cache_[kind] = value;
  return value;
}

}  // namespace snr::agent
