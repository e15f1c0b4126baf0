#pragma once
/// The one owner of libcurl in snr: process-wide initialisation, an easy
/// handle that cleans itself up, and which curl errors are worth another
/// attempt. Only net/ includes <curl/curl.h> (checked by check-includes.sh).

#include <string>

#include <curl/curl.h>

namespace snr::net {

/// One CURL easy handle (curl_global_init done once per process first).
class CurlHandle {
 public:
  CurlHandle();
  ~CurlHandle();
  CurlHandle(const CurlHandle&) = delete;
  CurlHandle& operator=(const CurlHandle&) = delete;
  CURL* get() const { return handle_; }

 private:
  CURL* handle_;
};

/// A transfer error worth another attempt: name resolution, connect, send or
/// receive failures, timeouts, a truncated or garbled answer, TLS handshake.
bool is_transient(CURLcode rc);

/// "<curl's error buffer or strerror> (curl error N)".
std::string curl_error_text(CURLcode rc, const char* errbuf);

}  // namespace snr::net
