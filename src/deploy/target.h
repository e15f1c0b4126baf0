#pragma once
/// The account and network a deployment goes into: the caller's account
/// (checked against AWS_ACCOUNT_ID) and the region's default VPC.

#include <string>
#include <vector>

#include "aws/client.h"

namespace snr::deploy {

/// Throws snr::Failure unless the credentials belong to `expected_account`.
/// Returns the caller's ARN (for the log).
std::string check_account(const aws::AwsContext& ctx, const std::string& expected_account);

/// The common stack's asset bucket (its export), or "" when it is not deployed.
std::string asset_bucket(const aws::AwsContext& ctx);

struct DefaultVpc {
  std::string id;
  std::string cidr;
  std::vector<std::string> subnet_ids;  ///< the default subnet of each zone, by zone
};

/// The region's default VPC and its default subnets; throws snr::Failure that
/// tells the user `aws ec2 create-default-vpc` when there is none.
DefaultVpc lookup_default_vpc(const aws::AwsContext& ctx);

}  // namespace snr::deploy
