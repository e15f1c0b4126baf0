#include "agent/agent_session.h"

#include "agent/log.h"
#include "agent/settings_document_source.h"
#include "aws/ec2.h"
#include "aws/s3.h"
#include "aws/secrets_manager.h"
#include "aws/time.h"
#include "util/error.h"

namespace snr::agent {

AgentSession::AgentSession(const contract::SettingsDocument& settings, InstanceIdentity identity)
    : settings_(settings), identity_(std::move(identity)) {}

AgentSession::~AgentSession() = default;

const aws::AwsContext& AgentSession::aws() {
  if (!aws_) {
    aws::AwsOptions ao;
    ao.region = identity_.region;
    aws_ = aws::make_context(ao);
  }
  return *aws_;
}

aws::SecretsManagerClient& AgentSession::secrets_manager() {
  if (!sm_) sm_ = std::make_unique<aws::SecretsManagerClient>(aws());
  return *sm_;
}

aws::Ec2Client& AgentSession::ec2() {
  if (!ec2_) ec2_ = std::make_unique<aws::Ec2Client>(aws());
  return *ec2_;
}

aws::S3Client& AgentSession::s3() {
  if (!s3_) s3_ = std::make_unique<aws::S3Client>(aws());
  return *s3_;
}

std::unique_ptr<KeyProvisioner> AgentSession::make_key_provisioner() {
  return std::make_unique<KeyProvisioner>(secrets_manager(), settings_.secrets.name_prefix,
                                          settings_.config.network);
}

LeaseResult AgentSession::take_signer_lease(KeyProvisioner& keys, SystemTime now) {
  const auto key = keys.signer_key(settings_.secrets.signer_key_arn).key;
  return agent::take_signer_lease(settings_.snr_binary.bucket, settings_.secrets.signer_lease_key,
                                  settings_.stack_name, identity_.instance_id,
                                  key.public_key().hex(),
                                  key.public_key().address(settings_.config.network).to_string(),
                                  aws::format_iso8601(now), s3(), ec2());
}

void run_signer_lease(const SignerLeaseRequest& request, std::ostream& err) {
  auto log = make_logger(err, "signer-lease");
  contract::SettingsDocument s = load_settings_document(request.settings, [&] {
    aws::AwsOptions ao;
    ao.region = request.region;
    return aws::make_context(ao);
  });
  if (!s.config.needs_signer_wiring() || s.secrets.signer_lease_key.empty()) {
    throw UserError("--settings", request.settings + " is not a signer or miner deployment");
  }
  IdentityRequest req;
  req.instance_id = request.instance_id;
  req.region = request.region ? request.region : std::optional(s.region);
  AgentSession session(s, discover_identity(req));
  auto keys = session.make_key_provisioner();
  LeaseResult r = session.take_signer_lease(*keys, std::chrono::system_clock::now());
  log->info("signer lease for {}: {}", r.holder.address,
            r.outcome == LeaseOutcome::acquired ? "acquired" : "already ours");
}

}  // namespace snr::agent
