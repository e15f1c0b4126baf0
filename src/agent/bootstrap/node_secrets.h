#pragma once
/// The SecretSource the bootstrap renders with on the instance: keys and the
/// node<->signer token from Secrets Manager through KeyProvisioner (generated
/// once and stored when the operator named none), the Bitcoin RPC password
/// from its secret (or the public peer's published credentials). Values only
/// pass through to the rendered files; they are never logged.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "contract/settings_document.h"
#include "node/secrets.h"

namespace snr::agent {

class KeyProvisioner;

class ProvisionedSecrets final : public node::SecretSource {
 public:
  /// `provisioner` is made on first use (so a follower needs no Secrets Manager access).
  ProvisionedSecrets(const contract::SettingsDocument& document,
                     std::function<std::unique_ptr<KeyProvisioner>()> make_provisioner);
  ~ProvisionedSecrets() override;
  std::string get(node::SecretKind kind) const override;

 private:
  KeyProvisioner& provisioner() const;
  const contract::SettingsDocument& document_;
  std::function<std::unique_ptr<KeyProvisioner>()> make_;
  mutable std::unique_ptr<KeyProvisioner> provisioner_;
  mutable std::map<node::SecretKind, std::string> cache_;
};

}  // namespace snr::agent
