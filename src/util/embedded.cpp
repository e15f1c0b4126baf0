#include "util/embedded.h"

namespace snr::assets {

std::optional<std::string_view> find(std::string_view path) {
  for (const Asset& a : all()) {
    if (a.path == path) return a.data;
  }
  return std::nullopt;
}

}  // namespace snr::assets
