#pragma once
/// Finds credentials the way the AWS CLI does:
///  1. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN
///     (skipped when --profile is given, as the CLI does);
///  2. the profile (--profile, AWS_PROFILE or "default"): role_arn with
///     source_profile or credential_source (STS AssumeRole), else
///     aws_access_key_id / aws_secret_access_key (/ aws_session_token) from
///     the credentials file, then the config file;
///  3. the EC2 instance role through IMDSv2, unless AWS_EC2_METADATA_DISABLED=true.

#include <memory>
#include <optional>
#include <string>

#include "aws/client.h"
#include "aws/credentials.h"
#include "aws/shared_config.h"

namespace snr::aws {

struct CredentialChainInputs {
  /// Region, env, endpoint, HTTP, retry and log settings; used for STS
  /// AssumeRole and IMDS. Its `credentials` are ignored.
  AwsContext base;
  std::optional<std::string> profile_flag;  ///< --profile
  SharedConfig files;
};

/// Resolves now. Throws snr::UserError when nothing yields credentials
/// (naming everything tried) or a profile is incomplete.
std::shared_ptr<CredentialsProvider> resolve_credentials(const CredentialChainInputs& in);

/// A provider that resolves on first use (so commands that never call AWS
/// never touch IMDS or STS) and then delegates; resolution is retried after
/// a failure.
std::shared_ptr<CredentialsProvider> lazy_credentials_chain(CredentialChainInputs in);

}  // namespace snr::aws
