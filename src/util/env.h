#pragma once
/// The process environment as a value, so code that depends on it takes it as
/// an explicit input and tests can pass their own. The one reader of `environ`.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace snr::util {

/// Environment variables by name.
using Environment = std::map<std::string, std::string, std::less<>>;

/// A copy of this process's environment.
Environment process_environment();

/// The variable's value; unset and empty both give nullopt (as the AWS CLI
/// treats an empty AWS_PROFILE or AWS_REGION).
std::optional<std::string> env_value(const Environment& env, std::string_view name);

/// True when the variable is "true" (any case), as AWS_EC2_METADATA_DISABLED.
bool env_flag(const Environment& env, std::string_view name);

}  // namespace snr::util
