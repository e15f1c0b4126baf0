#include "net/url.h"

#include <memory>
#include <string>

#include "net/curl_handle.h"
#include "util/strings.h"

namespace snr::net {

bool is_http_url(std::string_view url) {
  if (url.find_first_of(" \t\r\n") != std::string_view::npos) return false;
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> u(curl_url(), &curl_url_cleanup);
  if (!u) return false;
  std::string s(url);
  if (curl_url_set(u.get(), CURLUPART_URL, s.c_str(), 0) != CURLUE_OK) return false;
  char* scheme = nullptr;
  char* host = nullptr;
  bool ok = curl_url_get(u.get(), CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
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
