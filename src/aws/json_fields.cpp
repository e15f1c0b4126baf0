#include "aws/json_fields.h"

#include "util/json_fields.h"

namespace snr::aws::json {

std::optional<Timestamp> timestamp(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return std::nullopt;
  auto it = j.find(key);
  if (it == j.end()) return std::nullopt;
  if (it->is_number()) return from_epoch_seconds(it->get<double>());
  if (it->is_string()) return parse_iso8601(it->get<std::string>());
  return std::nullopt;
}

Tags tags(const nlohmann::json& j, const char* key) {
  Tags out;
  if (!j.is_object()) return out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& t : *it)
    out.push_back({util::json_value_or<std::string>(t, "Key", {}),
                   util::json_value_or<std::string>(t, "Value", {})});
  return out;
}

nlohmann::json to_json(const Tags& tags) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& t : tags)
    arr.push_back({{"Key", t.key}, {"Value", t.value}});
  return arr;
}

}  // namespace snr::aws::json
