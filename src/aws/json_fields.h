#pragma once
/// Reading fields of JSON protocol responses (internal to src/aws).

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "aws/time.h"
#include "aws/types.h"

namespace snr::aws::json {

/// The string at `key`, "" when absent or not a string.
std::string str(const nlohmann::json& j, const char* key);
std::int64_t integer(const nlohmann::json& j, const char* key);
/// A timestamp at `key`: epoch seconds (number) or ISO 8601 (string).
std::optional<Timestamp> timestamp(const nlohmann::json& j, const char* key);
/// [{"Key": .., "Value": ..}] at `key`.
Tags tags(const nlohmann::json& j, const char* key);
nlohmann::json to_json(const Tags& tags);

}  // namespace snr::aws::json
