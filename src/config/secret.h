#pragma once
/// A secret value (password, private key, token) that cannot be printed by accident.

#include <string>

namespace snr::config {

/// Holds a secret string. There is no operator<< and no implicit conversion:
/// code that needs the value calls reveal(), which is easy to grep for.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  bool empty() const { return value_.empty(); }
  const std::string& reveal() const { return value_; }
  /// What logs and `config show` print instead of the value.
  static constexpr const char* kRedacted = "<redacted>";

  friend bool operator==(const Secret&, const Secret&) = default;

 private:
  std::string value_;
};

}  // namespace snr::config
