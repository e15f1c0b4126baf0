#pragma once
/// What the agent's commands share once they know who the instance is: the
/// AWS clients of its region, each made on first use (a follower's bootstrap
/// never needs Secrets Manager or S3), this deployment's key provisioner, and
/// the deployment's signer lease. Also `snr agent signer-lease` itself.

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "agent/clock.h"
#include "agent/instance_identity.h"
#include "agent/key_provisioning.h"
#include "agent/signer_lease.h"
#include "aws/context.h"
#include "contract/metrics.h"
#include "contract/names.h"
#include "contract/settings_document.h"

namespace snr::aws {
class Ec2Client;
class S3Client;
class SecretsManagerClient;
}  // namespace snr::aws

namespace snr::agent {

class AgentSession {
 public:
  /// `settings` must outlive the session.
  AgentSession(const contract::SettingsDocument& settings, InstanceIdentity identity);
  ~AgentSession();

  const InstanceIdentity& identity() const { return identity_; }
  /// The AWS context of the instance's region.
  const aws::AwsContext& aws();
  aws::SecretsManagerClient& secrets_manager();
  aws::Ec2Client& ec2();
  aws::S3Client& s3();

  /// A provisioner of this deployment's secrets (prefix and network from the settings).
  std::unique_ptr<KeyProvisioner> make_key_provisioner();

  /// Takes the deployment's signer lease (agent/signer_lease.h) for this
  /// instance, recording the public key and address of the signer key `keys`
  /// provides. Throws snr::Failure when another live instance holds it.
  LeaseResult take_signer_lease(KeyProvisioner& keys, SystemTime now);

 private:
  const contract::SettingsDocument& settings_;
  InstanceIdentity identity_;
  std::optional<aws::AwsContext> aws_;
  std::unique_ptr<aws::SecretsManagerClient> sm_;
  std::unique_ptr<aws::Ec2Client> ec2_;
  std::unique_ptr<aws::S3Client> s3_;
};

/// What `snr agent signer-lease` is asked.
struct SignerLeaseRequest {
  std::string settings = std::string(contract::kSettingsFile);  ///< a file or ssm:NAME
  std::optional<std::string> instance_id;                       ///< default: IMDSv2
  std::optional<std::string> region;                            ///< default: the settings'
};

/// `snr agent signer-lease`: loads the settings, finds the instance and takes
/// (or confirms) its lease on the signer key, logging the outcome to `err`.
/// Throws snr::UserError for a deployment without a signer, snr::Failure when
/// another live instance holds the lease.
void run_signer_lease(const SignerLeaseRequest& request, std::ostream& err);

}  // namespace snr::agent
