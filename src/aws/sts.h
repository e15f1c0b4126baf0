#pragma once
/// AWS STS: who am I, and temporary credentials for a role.

#include <optional>
#include <string>

#include "aws/client.h"
#include "aws/credentials.h"
#include "aws/query.h"

namespace snr::aws {

struct CallerIdentity {
  std::string account;
  std::string arn;
  std::string user_id;
};

struct AssumeRoleRequest {
  std::string role_arn;
  std::string session_name;
  std::optional<int> duration_seconds;
  std::optional<std::string> external_id;
};

class StsClient {
 public:
  explicit StsClient(const AwsContext& context);

  CallerIdentity get_caller_identity();
  /// The role's temporary credentials (with session token and expiration).
  Credentials assume_role(const AssumeRoleRequest& request);

 private:
  QueryClient query_;
};

}  // namespace snr::aws
