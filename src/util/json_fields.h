#pragma once
/// Reading typed fields of a JSON document whose shape we expect (the settings
/// document, a node's RPC answers): one message format for what is missing or wrong.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/error.h"

namespace snr::util {

/// The value at `key` of object `j` (nlohmann::json or ordered_json), as T. `doc` names the
/// document in the message, `path` the object's place in it ("" at the top, "assets.snr."). Throws
/// snr::Failure: "<doc>: not a JSON object", "<doc>: missing <path><key>",
/// "<doc>: bad value for <path><key> (<why>)". Never prints the value itself.
template <typename T, typename Json>
T json_field(const Json& j, std::string_view doc, std::string_view path, const char* key) {
  if (!j.is_object()) throw Failure(std::string(doc) + ": not a JSON object");
  auto it = j.find(key);
  if (it == j.end()) throw Failure(std::string(doc) + ": missing " + std::string(path) + key);
  try {
    return it->template get<T>();
  } catch (const typename Json::exception& e) {
    throw Failure(std::string(doc) + ": bad value for " + std::string(path) + key + " (" +
                  e.what() + ")");
  }
}

}  // namespace snr::util
