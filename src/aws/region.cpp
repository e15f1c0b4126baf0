#include "aws/region.h"

#include "util/error.h"

namespace snr::aws {

bool is_valid_region(const std::string& region) {
  // lower-case words joined by '-', ending in a number: "us-gov-west-1", "ap-southeast-2".
  if (region.size() < 4 || region.size() > 32) return false;
  if (region.front() < 'a' || region.front() > 'z') return false;
  auto dash = region.rfind('-');
  if (dash == std::string::npos || dash + 1 == region.size()) return false;
  for (std::size_t i = dash + 1; i < region.size(); ++i) {
    if (region[i] < '0' || region[i] > '9') return false;
  }
  for (std::size_t i = 0; i < dash; ++i) {
    char c = region[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && region[i - 1] == '-')) return false;
  }
  return region.find('-') < dash;  // at least two parts before the number
}

SourcedValue resolve_region(const RegionInputs& in) {
  std::optional<SourcedValue> chosen;
  if (in.flag && !in.flag->empty()) {
    chosen = SourcedValue{*in.flag, "--region"};
  } else if (auto r = util::env_value(in.env, "AWS_REGION")) {
    chosen = SourcedValue{*r, "AWS_REGION"};
  } else if (auto d = util::env_value(in.env, "AWS_DEFAULT_REGION")) {
    chosen = SourcedValue{*d, "AWS_DEFAULT_REGION"};
  } else if (in.profile_region && !in.profile_region->value.empty()) {
    chosen = in.profile_region;
  } else if (in.fallback && !in.fallback->value.empty()) {
    chosen = in.fallback;
  }
  if (!chosen) {
    std::string tried = "--region, AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`";
    if (in.fallback) tried += ", " + in.fallback->source;
    throw UserError("AWS region", "no AWS region is set; set one of " + tried);
  }
  if (!is_valid_region(chosen->value)) {
    throw UserError(chosen->source,
                    "'" + chosen->value + "' is not an AWS region name (expected e.g. us-east-1)");
  }
  return *chosen;
}

}  // namespace snr::aws
