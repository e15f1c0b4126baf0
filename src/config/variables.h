#pragma once
/// The variables snr reads from .env / the environment: the blueprint's, with
/// the same names, plus new ones (marked). Documented in sample-configs/.

#include <string_view>
#include <vector>

namespace snr::config {

struct VariableInfo {
  std::string_view name;
  std::string_view description;
  bool secret = false;     ///< value never printed
  bool blueprint = false;  ///< accepted by the blueprint too
};

/// Every known variable, in the order `config show` prints them.
const std::vector<VariableInfo>& known_variables();
const VariableInfo* find_variable(std::string_view name);

}  // namespace snr::config
