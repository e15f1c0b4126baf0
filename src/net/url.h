#pragma once
/// URL checks with libcurl's own parser (the one curl will later use).

#include <string_view>

namespace snr::net {

/// An absolute http:// or https:// URL with a host, only RFC 3986 characters
/// (anything else percent-encoded), no user info and no fragment.
bool is_http_url(std::string_view url);

}  // namespace snr::net
