#pragma once
/// URL checks with libcurl's own parser (the one curl will later use).

#include <string_view>

namespace snr::net {

/// An absolute http:// or https:// URL with a host and no whitespace.
bool is_http_url(std::string_view url);

}  // namespace snr::net
