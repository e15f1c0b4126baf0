#include "net/curl_transport.h"

#include <array>
#include <cstdio>
#include <system_error>

#include "net/curl_handle.h"
#include "util/error.h"
#include "util/strings.h"

namespace snr::net {

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f) std::fclose(f);
  }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

struct SlistFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using Slist = std::unique_ptr<curl_slist, SlistFree>;

// State shared with the libcurl callbacks during one transfer.
struct Transfer {
  HttpResponse* response = nullptr;
  long status = 0;
  const std::optional<std::filesystem::path>* download = nullptr;
  std::filesystem::path part;  // download target while in progress
  File out;
  bool write_failed = false;
  std::size_t max_body = 0;  // 0: no cap
  bool too_large = false;
  std::FILE* upload = nullptr;
};

size_t on_header(char* buf, size_t size, size_t n, void* userdata) {
  auto* t = static_cast<Transfer*>(userdata);
  std::string_view line(buf, size * n);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n'))
    line.remove_suffix(1);
  if (line.rfind("HTTP/", 0) == 0) {
    // A new status line (after "100 Continue"): start over.
    t->response->headers.clear();
    auto sp = line.find(' ');
    t->status = sp == std::string_view::npos
                    ? 0
                    : static_cast<long>(util::parse_uint(line.substr(sp + 1, 3)).value_or(0));
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    t->response->headers.emplace_back(util::to_lower(util::trim(line.substr(0, colon))),
                                      std::string(util::trim(line.substr(colon + 1))));
  }
  return size * n;
}

size_t on_write(char* ptr, size_t size, size_t n, void* userdata) {
  auto* t = static_cast<Transfer*>(userdata);
  size_t len = size * n;
  if (t->download && t->download->has_value() && t->status >= 200 && t->status < 300) {
    if (!t->out) {
      t->out.reset(std::fopen(t->part.c_str(), "wb"));
      if (!t->out) {
        t->write_failed = true;
        return 0;
      }
    }
    if (std::fwrite(ptr, 1, len, t->out.get()) != len) {
      t->write_failed = true;
      return 0;
    }
    return len;
  }
  if (t->max_body != 0 && t->response->body.size() + len > t->max_body) {
    t->too_large = true;
    return 0;
  }
  t->response->body.append(ptr, len);
  return len;
}

size_t on_read(char* buf, size_t size, size_t n, void* userdata) {
  auto* t = static_cast<Transfer*>(userdata);
  size_t got = std::fread(buf, 1, size * n, t->upload);
  if (got == 0 && std::ferror(t->upload)) return CURL_READFUNC_ABORT;
  return got;
}

std::string without_query(const std::string& url) {
  return url.substr(0, url.find('?'));
}

}  // namespace

struct CurlTransport::Impl {
  HttpOptions options;
  CurlHandle curl;
};

CurlTransport::CurlTransport(HttpOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
}

CurlTransport::~CurlTransport() = default;

HttpResponse CurlTransport::send(const HttpRequest& req) {
  CURL* c = impl_->curl.get();
  // Reset options but keep the connection cache (keep-alive).
  curl_easy_reset(c);

  HttpResponse response;
  Transfer t;
  t.response = &response;
  t.download = &req.download_file;
  t.max_body = req.max_body_bytes;
  if (req.download_file) t.part = req.download_file->string() + ".part";

  std::array<char, CURL_ERROR_SIZE> errbuf{};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf.data());
  curl_easy_setopt(c, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  // Keep "." and ".." segments of S3 keys; the URL is already encoded.
  curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(c, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  if (req.follow_redirects) {
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  }
  curl_easy_setopt(c, CURLOPT_USERAGENT, "snr/" SNR_VERSION);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(impl_->options.connect_timeout.count()));
  bool streaming = req.upload_file || req.download_file;
  auto total = streaming ? impl_->options.file_timeout : impl_->options.timeout;
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(total.count()));
  if (streaming) {
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 30L);
  }

  File upload;
  if (req.upload_file) {
    if (req.method != "PUT") throw Failure("upload_file needs method PUT");
    std::error_code ec;
    auto size = std::filesystem::file_size(*req.upload_file, ec);
    upload.reset(std::fopen(req.upload_file->c_str(), "rb"));
    if (ec || !upload) throw Failure("cannot read " + req.upload_file->string());
    t.upload = upload.get();
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
    curl_easy_setopt(c, CURLOPT_READDATA, &t);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(size));
  } else if (req.method == "GET") {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  } else if (req.method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else if (req.method == "POST" || req.method == "PUT" || !req.body.empty()) {
    // The body from memory; curl's SigV4 hashes exactly these bytes.
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.data());
    if (req.method != "POST") curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  } else {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  }

  Slist headers;
  for (const auto& [name, value] : req.headers) {
    // curl 7.88.1 would sign a "Name:" removal header as an empty header the
    // server never sees, so empty values are never sent.
    if (value.empty()) continue;
    std::string line = name + ": " + value;
    curl_slist* next = curl_slist_append(headers.get(), line.c_str());
    if (!next) throw Failure("libcurl: out of memory");
    (void)headers.release();
    headers.reset(next);
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());

  std::string sigv4_param;
  if (req.sigv4) {
    sigv4_param = "aws:amz:" + req.sigv4->region + ":" + req.sigv4->service;
    curl_easy_setopt(c, CURLOPT_AWS_SIGV4, sigv4_param.c_str());
    curl_easy_setopt(c, CURLOPT_USERNAME, req.sigv4->access_key_id.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, req.sigv4->secret_access_key.c_str());
  }

  CURLcode rc = curl_easy_perform(c);
  // Credentials must not outlive the request inside the reused handle.
  curl_easy_setopt(c, CURLOPT_USERNAME, nullptr);
  curl_easy_setopt(c, CURLOPT_PASSWORD, nullptr);

  auto discard_part = [&] {
    t.out.reset();
    if (!t.part.empty()) {
      std::error_code ec;
      std::filesystem::remove(t.part, ec);
    }
  };
  if (rc != CURLE_OK) {
    discard_part();
    if (t.write_failed) throw Failure("cannot write " + t.part.string());
    if (t.too_large) {
      throw Failure(req.method + " " + without_query(req.url) + ": the answer is larger than " +
                    std::to_string(t.max_body) + " bytes, more than such an answer can be");
    }
    if (rc == CURLE_ABORTED_BY_CALLBACK || rc == CURLE_READ_ERROR) {
      throw Failure("cannot read " + (req.upload_file ? req.upload_file->string() : req.url));
    }
    std::string detail = errbuf[0] ? std::string(errbuf.data()) : curl_easy_strerror(rc);
    throw TransportError(req.method + " " + without_query(req.url) + ": " + detail,
                         is_transient(rc), rc == CURLE_OPERATION_TIMEDOUT);
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  response.status = status;

  if (req.download_file && status >= 200 && status < 300) {
    if (!t.out) t.out.reset(std::fopen(t.part.c_str(), "wb"));  // empty object
    bool ok = t.out && std::fflush(t.out.get()) == 0;
    t.out.reset();
    std::error_code ec;
    if (ok) std::filesystem::rename(t.part, *req.download_file, ec);
    if (!ok || ec) {
      discard_part();
      throw Failure("cannot write " + req.download_file->string());
    }
  } else {
    discard_part();
  }
  return response;
}

TransportFactory curl_transport_factory() {
  return [](const HttpOptions& options) -> std::unique_ptr<HttpTransport> {
    return std::make_unique<CurlTransport>(options);
  };
}

}  // namespace snr::net
