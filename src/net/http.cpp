#include "net/http.h"

#include "util/strings.h"

namespace snr::net {

std::string HttpResponse::header(std::string_view name) const {
  std::string lower = util::to_lower(name);
  for (const auto& [n, v] : headers) {
    if (util::to_lower(n) == lower) return v;
  }
  return {};
}

}  // namespace snr::net
