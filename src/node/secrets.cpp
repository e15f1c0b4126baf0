#include "node/secrets.h"

#include "util/error.h"

namespace snr::node {

std::string_view to_string(SecretKind kind) {
  switch (kind) {
    case SecretKind::signer_private_key:
      return "signer-private-key";
    case SecretKind::miner_seed:
      return "miner-seed";
    case SecretKind::auth_token:
      return "auth-token";
    case SecretKind::bitcoin_rpc_password:
      return "bitcoin-rpc-password";
  }
  return "?";
}

std::string PlaceholderSecrets::placeholder(SecretKind kind) {
  return "<snr-secret:" + std::string(to_string(kind)) + ">";
}

std::string PlaceholderSecrets::get(SecretKind kind) const {
  return placeholder(kind);
}

std::string StaticSecrets::get(SecretKind kind) const {
  auto it = values_.find(kind);
  if (it == values_.end())
    throw Failure("secret " + std::string(to_string(kind)) + " is not available");
  return it->second;
}

}  // namespace snr::node
