#pragma once
/// Which AWS region to use, in the AWS CLI's order plus snr's own fallback.

#include <optional>
#include <string>

#include "util/env.h"

namespace snr::aws {

/// A value and where it came from (for messages), e.g. {"eu-west-1", "AWS_REGION"}.
struct SourcedValue {
  std::string value;
  std::string source;
};

struct RegionInputs {
  std::optional<std::string> flag;             ///< --region
  util::Environment env;                       ///< AWS_REGION, AWS_DEFAULT_REGION
  std::optional<SourcedValue> profile_region;  ///< `region` of the profile in effect
  std::optional<SourcedValue> fallback;        ///< e.g. {AWS_REGION of .env, ".env AWS_REGION"}
};

/// --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's region, then the
/// fallback. Throws snr::UserError when none is set or the chosen value is
/// not a region name (naming where it came from).
SourcedValue resolve_region(const RegionInputs& in);

/// True for names like "us-east-1", "eu-central-2", "cn-north-1", "us-gov-west-1".
bool is_valid_region(const std::string& region);

}  // namespace snr::aws
