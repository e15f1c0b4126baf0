#pragma once
/// Where rendering gets secret values: on the instance the agent reads them
/// from Secrets Manager; on the operator machine they are placeholders.

#include <map>
#include <string>
#include <string_view>

namespace snr::node {

enum class SecretKind {
  signer_private_key,    ///< stacks-signer stacks_private_key (66 hex, ...01)
  miner_seed,            ///< stacks-node [node] seed
  auth_token,            ///< node [connection_options] auth_token == signer auth_password
  bitcoin_rpc_password,  ///< [burnchain] password
};

/// "signer-private-key", "miner-seed", "auth-token", "bitcoin-rpc-password".
std::string_view to_string(SecretKind kind);

class SecretSource {
 public:
  virtual ~SecretSource() = default;
  /// The secret's value; throws snr::Failure when it cannot be obtained.
  virtual std::string get(SecretKind kind) const = 0;
};

/// Clearly marked placeholders, for rendering where secrets must not be known.
class PlaceholderSecrets final : public SecretSource {
 public:
  std::string get(SecretKind kind) const override;
  /// "<snr-secret:auth-token>"
  static std::string placeholder(SecretKind kind);
};

/// Fixed values (the agent fills one from Secrets Manager; tests use it directly).
class StaticSecrets final : public SecretSource {
 public:
  void set(SecretKind kind, std::string value) { values_[kind] = std::move(value); }
  std::string get(SecretKind kind) const override;

 private:
  std::map<SecretKind, std::string> values_;
};

}  // namespace snr::node
