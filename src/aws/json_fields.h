#pragma once
/// The AWS shapes in JSON protocol responses (internal to src/aws): timestamps
/// and tag lists. Plain fields are read with util/json_fields.h.

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "aws/time.h"
#include "aws/types.h"

namespace snr::aws::json {

/// A timestamp at `key`: epoch seconds (number) or ISO 8601 (string).
std::optional<Timestamp> timestamp(const nlohmann::json& j, const char* key);
/// [{"Key": .., "Value": ..}] at `key`.
Tags tags(const nlohmann::json& j, const char* key);
nlohmann::json to_json(const Tags& tags);

}  // namespace snr::aws::json
