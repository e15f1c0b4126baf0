/// `snr agent signer-lease`: takes (or confirms) this instance's lease on the
/// signer key. stacks-signer.service runs it before every start, so a stopped
/// instance that comes back after a standby took over never signs again.

#include <fmt/format.h>

#include "agent/instance_identity.h"
#include "agent/key_provisioning.h"
#include "agent/log.h"
#include "agent/settings_document_source.h"
#include "agent/signer_lease.h"
#include "aws/context.h"
#include "aws/ec2.h"
#include "aws/s3.h"
#include "aws/secrets_manager.h"
#include "aws/time.h"
#include "cli/command.h"
#include "util/error.h"

namespace snr::cli {

void add_agent_lease_command(CLI::App& agent, Io io) {
  struct Flags {
    std::string settings = std::string(contract::kSettingsFile);
    std::optional<std::string> instance_id;
    std::optional<std::string> region;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* cmd = agent.add_subcommand(
      "signer-lease",
      "Take this instance's lease on the signer key; exit 1 if another live instance holds it");
  cmd->add_option("--settings", f->settings, "deployment settings: a file, or ssm:PARAMETER-NAME")
      ->capture_default_str();
  cmd->add_option("--instance-id", f->instance_id, "EC2 instance id (default: IMDSv2)");
  cmd->add_option("--region", f->region, "AWS region (default: the settings')");
  cmd->callback([f, io] {
    auto log = agent::make_logger(io.err, "signer-lease");
    contract::SettingsDocument s = agent::load_settings_document(f->settings, [&] {
      aws::AwsOptions ao;
      ao.region = f->region;
      return aws::make_context(ao);
    });
    if (!s.config.needs_signer_wiring() || s.secrets.signer_lease_key.empty()) {
      throw UserError("--settings", f->settings + " is not a signer or miner deployment");
    }
    agent::IdentityRequest req;
    req.instance_id = f->instance_id;
    req.region = f->region ? f->region : std::optional(s.region);
    agent::InstanceIdentity id = agent::discover_identity(req);
    aws::AwsOptions ao;
    ao.region = id.region;
    aws::AwsContext ctx = aws::make_context(ao);
    aws::SecretsManagerClient sm(ctx);
    const node::Network network = s.config.network;
    agent::KeyProvisioner keys(sm, s.secrets.name_prefix, network);
    auto key = keys.signer_key(s.secrets.signer_key_arn).key;
    aws::S3Client s3(ctx);
    aws::Ec2Client ec2(ctx);
    auto r = agent::take_signer_lease(
        s.snr_binary.bucket, s.secrets.signer_lease_key, s.stack_name, id.instance_id,
        key.public_key().hex(), key.public_key().address(network).to_string(),
        aws::format_iso8601(std::chrono::system_clock::now()), s3, ec2);
    log->info("signer lease for {}: {}", r.holder.address,
              r.outcome == agent::LeaseOutcome::acquired ? "acquired" : "already ours");
  });
}

}  // namespace snr::cli
