#include "net/url.h"

#include <cctype>
#include <memory>
#include <string>

#include "net/curl_handle.h"
#include "util/strings.h"

namespace snr::net {

namespace {

/// RFC 3986 section 2: unreserved, reserved and '%' (followed by two hex digits).
bool only_uri_characters(std::string_view url) {
  static constexpr std::string_view kMarks = "-._~:/?#[]@!$&'()*+,;=";
  for (std::size_t i = 0; i < url.size(); ++i) {
    unsigned char ch = static_cast<unsigned char>(url[i]);
    if (std::isalnum(ch) || kMarks.find(static_cast<char>(ch)) != std::string_view::npos) continue;
    if (ch == '%' && i + 2 < url.size() && std::isxdigit(static_cast<unsigned char>(url[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(url[i + 2]))) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

}  // namespace

bool is_http_url(std::string_view url) {
  if (!only_uri_characters(url)) return false;
  // A fragment never reaches the server, and credentials do not belong in a setting.
  if (url.find('#') != std::string_view::npos) return false;
  // "https:///a": curl reads a host out of the path; other parsers see none.
  if (auto sep = url.find("://"); sep != std::string_view::npos && url.substr(sep + 3, 1) == "/")
    return false;
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> u(curl_url(), &curl_url_cleanup);
  if (!u) return false;
  std::string s(url);
  if (curl_url_set(u.get(), CURLUPART_URL, s.c_str(), 0) != CURLUE_OK) return false;
  char* scheme = nullptr;
  char* host = nullptr;
  char* user = nullptr;
  bool has_user = curl_url_get(u.get(), CURLUPART_USER, &user, 0) == CURLUE_OK;
  curl_free(user);
  bool ok = !has_user && curl_url_get(u.get(), CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
            curl_url_get(u.get(), CURLUPART_HOST, &host, 0) == CURLUE_OK;
  if (ok) {
    std::string sch = util::to_lower(scheme);
    ok = (sch == "https" || sch == "http") && host[0] != '\0';
  }
  curl_free(scheme);
  curl_free(host);
  return ok;
}

}  // namespace snr::net
