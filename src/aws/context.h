#pragma once
/// Building the AwsContext for a command from its flags and the environment.

#include <optional>
#include <string>

#include "aws/client.h"
#include "aws/region.h"
#include "util/env.h"

namespace snr::aws {

/// What the CLI passes: its flags plus snr's fallback region.
struct AwsOptions {
  std::optional<std::string> profile;           ///< --profile
  std::optional<std::string> region;            ///< --region
  std::optional<std::string> endpoint_url;      ///< --endpoint-url
  std::optional<SourcedValue> fallback_region;  ///< e.g. {AWS_REGION of .env, ".env AWS_REGION"}
  RequestLog log;                               ///< --verbose: where request lines go
  net::HttpOptions http;
  RetryPolicy retry;  ///< max_attempts is overridden by AWS_MAX_ATTEMPTS when set
};

/// Loads ~/.aws/config and ~/.aws/credentials (paths per env), resolves the
/// region (resolve_region) and sets up the credentials chain, resolved on
/// first use (lazy_credentials_chain). Throws snr::UserError for a named
/// profile that does not exist, no or a bad region, bad AWS_MAX_ATTEMPTS or
/// endpoint URLs.
AwsContext make_context(const AwsOptions& options,
                        const util::Environment& env = util::process_environment());

}  // namespace snr::aws
