#pragma once
/// Reading typed fields of JSON documents, the one home for it. Strict
/// (`json_field`): a document whose shape we expect (the settings document, a
/// node's RPC answers), one message format for what is missing or wrong.
/// Lenient (`json_value_or`): AWS answers, which omit empty fields.

#include <string>
#include <string_view>
#include <type_traits>

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

/// The value at `key` as T, or `fallback` when `j` is not an object, the key is absent or
/// its value is not a T (AWS JSON-protocol answers leave out empty members).
template <typename T, typename Json>
T json_value_or(const Json& j, const char* key, T fallback) {
  if (!j.is_object()) return fallback;
  auto it = j.find(key);
  if (it == j.end()) return fallback;
  if constexpr (std::is_same_v<T, std::string>) {
    if (!it->is_string()) return fallback;
  } else if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
    if (!it->is_number()) return fallback;
  }
  try {
    return it->template get<T>();
  } catch (const typename Json::exception&) {
    return fallback;
  }
}

}  // namespace snr::util
