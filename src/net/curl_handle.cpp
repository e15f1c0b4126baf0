#include "net/curl_handle.h"

#include <mutex>

#include <fmt/format.h>

#include "util/error.h"

namespace snr::net {

CurlHandle::CurlHandle() {
  static std::once_flag once;  // libcurl's own process-wide initialisation
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  handle_ = curl_easy_init();
  if (handle_ == nullptr) throw Failure("libcurl: cannot create a handle");
}

CurlHandle::~CurlHandle() {
  curl_easy_cleanup(handle_);
}

bool is_transient(CURLcode rc) {
  switch (rc) {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP3:
    case CURLE_QUIC_CONNECT_ERROR:
    case CURLE_WEIRD_SERVER_REPLY:
      return true;
    default:
      return false;
  }
}

std::string curl_error_text(CURLcode rc, const char* errbuf) {
  std::string detail = (errbuf != nullptr && errbuf[0] != '\0') ? errbuf : curl_easy_strerror(rc);
  return fmt::format("{} (curl error {})", detail, static_cast<int>(rc));
}

}  // namespace snr::net
