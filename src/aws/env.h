#pragma once
/// The process environment as a value, so resolution logic takes it as an
/// explicit input and unit tests can pass their own.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace snr::aws {

/// Environment variables by name.
using Env = std::map<std::string, std::string, std::less<>>;

/// A copy of this process's environment.
Env process_environment();

/// The variable's value; unset and empty both give nullopt (as the AWS CLI
/// treats an empty AWS_PROFILE or AWS_REGION).
std::optional<std::string> env_value(const Env& env, std::string_view name);

/// True when the variable is "true" (any case), as AWS_EC2_METADATA_DISABLED.
bool env_flag(const Env& env, std::string_view name);

}  // namespace snr::aws
