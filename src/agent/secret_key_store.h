#pragma once
/// A key in AWS Secrets Manager, for `snr keys generate --secret NAME` and
/// `snr keys show --secret ARN`: created once (CreateSecret, never
/// overwritten) as {"private_key": "<hex>"}, tagged with its public key and
/// address (public facts `snr status` shows); the value never reaches stdout.
/// It sits beside key_provisioning.h, which stores the keys a node generates
/// at boot in the same format with the same tags.

#include <memory>
#include <string>

#include "aws/client.h"
#include "node/c32.h"
#include "node/keys_store.h"

namespace snr::agent {

class SecretKeyStore final : public node::KeyStore {
 public:
  SecretKeyStore(aws::AwsContext ctx, std::string secret_id, node::Network network,
                 std::string flag);
  std::string subject() const override;
  std::string describe() const override;
  void check_can_store(Diagnostics& problems) const override;
  void store(const node::PrivateKey& key) const override;
  node::PrivateKey load(Diagnostics& warnings) const override;

 private:
  aws::AwsContext ctx_;
  std::string id_;
  node::Network network_;
  std::string flag_;
};

}  // namespace snr::agent
