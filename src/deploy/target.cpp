#include "deploy/target.h"

#include <algorithm>

#include "aws/cloudformation.h"
#include "aws/ec2.h"
#include "aws/sts.h"
#include "infra/names.h"
#include "util/error.h"

namespace snr::deploy {

std::string check_account(const aws::AwsContext& ctx, const std::string& expected) {
  aws::CallerIdentity id = aws::StsClient(ctx).get_caller_identity();
  if (id.account != expected) {
    throw Failure(
        "the AWS credentials in use belong to account " + id.account + " (" + id.arn +
        ") but AWS_ACCOUNT_ID is " + expected +
        "; use credentials of that account (--profile, AWS_PROFILE) or fix AWS_ACCOUNT_ID");
  }
  return id.arn;
}

std::string asset_bucket(const aws::AwsContext& ctx) {
  for (const auto& e : aws::CloudFormationClient(ctx).list_exports()) {
    if (e.name == infra::exports::kAssetBucket) return e.value;
  }
  return {};
}

DefaultVpc lookup_default_vpc(const aws::AwsContext& ctx) {
  aws::Ec2Client ec2(ctx);
  auto vpcs = ec2.describe_vpcs({{"isDefault", {"true"}}});
  if (vpcs.empty()) {
    throw Failure("there is no default VPC in " + ctx.region +
                  "; snr deploys into it: create one with `aws ec2 create-default-vpc --region " +
                  ctx.region + "`");
  }
  DefaultVpc v{vpcs.front().id, vpcs.front().cidr_block, {}, {}};
  auto subnets = ec2.describe_subnets({{"vpc-id", {v.id}}, {"default-for-az", {"true"}}});
  std::sort(subnets.begin(), subnets.end(),
            [](const auto& a, const auto& b) { return a.availability_zone < b.availability_zone; });
  for (const auto& s : subnets) {
    v.subnet_ids.push_back(s.id);
    v.zones.push_back(s.availability_zone);
  }
  if (v.subnet_ids.empty()) {
    throw Failure("the default VPC " + v.id + " in " + ctx.region +
                  " has no default subnets; create them with `aws ec2 create-default-subnet "
                  "--availability-zone <zone>`");
  }
  return v;
}

}  // namespace snr::deploy
