#pragma once
/// The account and network a deployment goes into: the caller's account
/// (checked against AWS_ACCOUNT_ID), the region's default VPC, and what the
/// target does differently from AWS (TargetQuirks).

#include <string>
#include <vector>

#include "aws/client.h"

namespace snr::deploy {

/// How a target departs from AWS, each quirk named by what the deployer must do
/// about it. AWS has none; the local emulator's are `LocalEmulator::quirks()`.
/// Chosen where the command's session is built (cli/deploy_session) and passed down.
struct TargetQuirks {
  /// CREATE change sets leave a new stack without its outputs and exports:
  /// create new stacks with CreateStack instead (updates still use change sets).
  bool create_stacks_directly = false;
  /// SSM Run Command accepts commands but no agent ever runs them (the emulator
  /// answers a made-up result): send them, never believe their result, and mark
  /// what depended on them as not achieved (a snapshot's consistency) or not
  /// observed (`snr upgrade`'s swap and health gate).
  bool commands_never_run = false;
};

/// Throws snr::Failure unless the credentials belong to `expected_account`.
/// Returns the caller's ARN (for the log).
std::string check_account(const aws::AwsContext& ctx, const std::string& expected_account);

/// The common stack's asset bucket (its export), or "" when it is not deployed.
std::string asset_bucket(const aws::AwsContext& ctx);

struct DefaultVpc {
  std::string id;
  std::string cidr;
  std::vector<std::string> subnet_ids;  ///< the default subnet of each zone, by zone
  std::vector<std::string> zones;       ///< the zone of each of subnet_ids
};

/// The region's default VPC and its default subnets; throws snr::Failure that
/// tells the user `aws ec2 create-default-vpc` when there is none.
DefaultVpc lookup_default_vpc(const aws::AwsContext& ctx);

}  // namespace snr::deploy
