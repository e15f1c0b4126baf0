#include "net/download.h"

#include <algorithm>
#include <charconv>
#include <thread>

#include <fmt/format.h>

#include "net/backoff.h"
#include "net/curl_handle.h"
#include "util/strings.h"

namespace snr::net {

namespace {

using Clock = std::chrono::steady_clock;

/// A failure worth another attempt (dropped connection, 5xx, stall).
struct Transient {
  std::string reason;
};

std::optional<std::uint64_t> parse_u64(std::string_view s) {
  std::uint64_t v = 0;
  if (s.empty()) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string header_or_empty(const HeaderMap& h, const std::string& name) {
  auto it = h.find(name);
  return it == h.end() ? std::string{} : it->second;
}

size_t header_callback(char* buf, size_t size, size_t n, void* user) {
  auto* headers = static_cast<HeaderMap*>(user);
  size_t len = size * n;
  std::string_view line = util::trim(std::string_view(buf, len));
  if (line.starts_with("HTTP/")) {
    headers->clear();  // a new response (after a redirect or 100 Continue)
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    (*headers)[util::to_lower(util::trim(line.substr(0, colon)))] =
        std::string(util::trim(line.substr(colon + 1)));
  }
  return len;
}

/// Sleeps up to `d`, returning early when `cancel` is set.
void interruptible_sleep(std::chrono::milliseconds d, const std::atomic<bool>* cancel) {
  auto until = Clock::now() + d;
  while (Clock::now() < until) {
    if (cancel != nullptr && cancel->load()) return;
    std::this_thread::sleep_for(
        std::min<Clock::duration>(std::chrono::milliseconds(50), until - Clock::now()));
  }
}

/// State of one download across its attempts.
struct Session {
  Session(const std::string& u, const DownloadPolicy& p, const DownloadHandlers& h,
          const std::atomic<bool>* c)
      : url(u), policy(p), handlers(h), cancel(c) {}
  const std::string& url;
  const DownloadPolicy& policy;
  const DownloadHandlers& handlers;
  const std::atomic<bool>* cancel;
  std::uint64_t offset = 0;
  bool have_first = false;
  RemoteObject first;
};

/// State of one HTTP request.
struct Attempt {
  Attempt(Session& session, CURL* handle) : s(session), curl(handle) {}
  Session& s;
  CURL* curl;
  HeaderMap headers;
  bool validated = false;
  bool stalled = false;
  bool consumer_stopped = false;
  std::exception_ptr error;  // not retryable
  std::optional<Transient> transient;
  Clock::time_point last_data = Clock::now();
  std::uint64_t last_dlnow = 0;
};

RemoteObject object_from(const Attempt& a) {
  RemoteObject o;
  curl_off_t len = -1;
  curl_easy_getinfo(a.curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &len);
  if (len >= 0) o.size = static_cast<std::uint64_t>(len);
  o.etag = header_or_empty(a.headers, "etag");
  o.last_modified = header_or_empty(a.headers, "last-modified");
  char* eff = nullptr;
  curl_easy_getinfo(a.curl, CURLINFO_EFFECTIVE_URL, &eff);
  o.effective_url = eff != nullptr ? eff : a.s.url;
  return o;
}

void check_same_object(const RemoteObject& first, const RemoteObject& now) {
  if (first.etag != now.etag) {
    throw ObjectChanged(fmt::format(
        "the object changed during the download: ETag was {} and is now {}",
        first.etag.empty() ? "absent" : first.etag, now.etag.empty() ? "absent" : now.etag));
  }
  if (first.last_modified != now.last_modified) {
    throw ObjectChanged(fmt::format(
        "the object changed during the download: Last-Modified was '{}' and is now '{}'",
        first.last_modified, now.last_modified));
  }
  if (first.size != now.size) {
    throw ObjectChanged(
        fmt::format("the object changed during the download: size was {} and is now {}",
                    first.size ? std::to_string(*first.size) : "unknown",
                    now.size ? std::to_string(*now.size) : "unknown"));
  }
}

/// Validates the response of this attempt before its first body byte is used.
void validate(Attempt& a) {
  long status = 0;
  curl_easy_getinfo(a.curl, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 400 || status < 200 || (status >= 300 && status < 400)) {
    std::string what = fmt::format("HTTP {} from {}", status, a.s.url);
    if (is_retryable_status(status)) throw Transient{what};
    throw Failure(what + (status == 404 ? " (no such archive: check the URL)" : ""));
  }
  Session& s = a.s;
  if (s.offset == 0) {
    if (status != 200) throw Failure(fmt::format("HTTP {} from {}: expected 200", status, s.url));
    RemoteObject now = object_from(a);
    if (s.have_first) {
      check_same_object(s.first, now);
    } else {
      s.first = now;
      s.have_first = true;
      if (s.handlers.on_response) s.handlers.on_response(s.first);
    }
  } else {
    check_resumed_response(status, a.headers, s.offset, s.first);
  }
  a.validated = true;
}

size_t write_callback(char* data, size_t size, size_t n, void* user) {
  auto& a = *static_cast<Attempt*>(user);
  size_t len = size * n;
  try {
    if (!a.validated) validate(a);
    if (!a.s.handlers.on_data(data, len)) {
      a.consumer_stopped = true;
      return 0;
    }
  } catch (const Transient& t) {
    a.transient = t;
    return 0;
  } catch (...) {
    a.error = std::current_exception();
    return 0;
  }
  a.s.offset += len;
  a.last_data = Clock::now();  // time spent waiting for the consumer is not a stall
  return len;
}

int xferinfo_callback(void* user, curl_off_t /*dltotal*/, curl_off_t dlnow, curl_off_t /*ultotal*/,
                      curl_off_t /*ulnow*/) {
  auto& a = *static_cast<Attempt*>(user);
  if (a.s.cancel != nullptr && a.s.cancel->load()) return 1;
  auto now = Clock::now();
  if (static_cast<std::uint64_t>(dlnow) != a.last_dlnow) {
    a.last_dlnow = static_cast<std::uint64_t>(dlnow);
    a.last_data = now;
  } else if (now - a.last_data > a.s.policy.stall_timeout) {
    a.stalled = true;
    return 1;
  }
  return 0;
}

void set_common_options(CURL* c, const std::string& url, const DownloadPolicy& policy,
                        char* errbuf) {
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(policy.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "snr/" SNR_VERSION);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  errbuf[0] = '\0';
}

/// One request from s.offset. Returns normally when the object is complete.
void run_attempt(Session& s, CURL* curl) {
  curl_easy_reset(curl);
  char errbuf[CURL_ERROR_SIZE];
  set_common_options(curl, s.url, s.policy, errbuf);
  Attempt a(s, curl);
  curl_easy_setopt(curl, CURLOPT_BUFFERSIZE, 512L * 1024L);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, header_callback);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &a.headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_callback);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &a);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, xferinfo_callback);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &a);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  std::string range;
  if (s.offset > 0) {
    range = fmt::format("{}-", s.offset);
    curl_easy_setopt(curl, CURLOPT_RANGE, range.c_str());
  }
  CURLcode rc = curl_easy_perform(curl);

  if (a.error) std::rethrow_exception(a.error);
  if (a.consumer_stopped || (s.cancel != nullptr && s.cancel->load())) {
    throw DownloadCancelled("download stopped");
  }
  if (a.transient) throw *a.transient;
  if (rc == CURLE_OK) {
    if (!a.validated) validate(a);  // an empty body never reached write_callback
    if (s.first.size && s.offset < *s.first.size) {
      throw Transient{fmt::format("connection closed at byte {} of {}", s.offset, *s.first.size)};
    }
    return;
  }
  if (rc == CURLE_ABORTED_BY_CALLBACK && a.stalled) {
    throw Transient{fmt::format("no data for {} s",
                                static_cast<double>(s.policy.stall_timeout.count()) / 1000.0)};
  }
  std::string what = curl_error_text(rc, errbuf);
  if (is_transient(rc)) throw Transient{what};
  throw Failure(fmt::format("download of {} failed: {}", s.url, what));
}

}  // namespace

std::chrono::milliseconds backoff_delay(const DownloadPolicy& policy, unsigned attempt) {
  return exponential_delay({policy.initial_backoff, policy.max_backoff}, attempt);
}

std::optional<ContentRange> parse_content_range(std::string_view value) {
  value = util::trim(value);
  if (!value.starts_with("bytes ")) return std::nullopt;
  value.remove_prefix(6);
  value = util::trim(value);
  auto dash = value.find('-');
  auto slash = value.find('/');
  if (dash == std::string_view::npos || slash == std::string_view::npos || slash < dash) {
    return std::nullopt;
  }
  auto first = parse_u64(value.substr(0, dash));
  auto last = parse_u64(value.substr(dash + 1, slash - dash - 1));
  if (!first || !last || *last < *first) return std::nullopt;
  ContentRange cr{*first, *last, std::nullopt};
  std::string_view total = value.substr(slash + 1);
  if (total != "*") {
    auto t = parse_u64(total);
    if (!t || *t <= *last) return std::nullopt;
    cr.total = *t;
  }
  return cr;
}

void check_resumed_response(long status, const HeaderMap& headers, std::uint64_t offset,
                            const RemoteObject& first) {
  if (status == 412 || status == 416) {
    throw ObjectChanged(fmt::format(
        "the object changed during the download: HTTP {} to a Range request from byte {}", status,
        offset));
  }
  if (status == 200) {
    throw Failure(fmt::format(
        "the server ignored the Range request from byte {} (HTTP 200): cannot resume", offset));
  }
  if (status != 206) {
    throw Failure(
        fmt::format("HTTP {} to a Range request from byte {}: expected 206", status, offset));
  }
  auto it = headers.find("content-range");
  auto cr = it == headers.end() ? std::nullopt : parse_content_range(it->second);
  if (!cr) {
    throw Failure(fmt::format("HTTP 206 without a valid Content-Range (got '{}')",
                              it == headers.end() ? "" : it->second));
  }
  if (cr->first != offset) {
    throw Failure(
        fmt::format("the server resumed at byte {}, not at byte {} as asked", cr->first, offset));
  }
  if (first.size && (!cr->total || *cr->total != *first.size)) {
    throw ObjectChanged(fmt::format(
        "the object changed during the download: size was {} and Content-Range now says {}",
        *first.size, cr->total ? std::to_string(*cr->total) : "*"));
  }
  RemoteObject now = first;
  now.etag = header_or_empty(headers, "etag");
  now.last_modified = header_or_empty(headers, "last-modified");
  check_same_object(first, now);
}

DownloadResult download(const std::string& url, const DownloadPolicy& policy,
                        const DownloadHandlers& handlers, const std::atomic<bool>* cancel) {
  if (!handlers.on_data) throw Failure("download: no data handler");
  Session s(url, policy, handlers, cancel);
  CurlHandle curl;
  JitterSource jitter;
  unsigned failures_without_progress = 0;
  unsigned retries = 0;
  while (true) {
    std::uint64_t before = s.offset;
    try {
      run_attempt(s, curl.get());
      return DownloadResult{s.first, s.offset, retries};
    } catch (const Transient& t) {
      if (s.offset > before) {
        failures_without_progress = 0;
      }
      ++failures_without_progress;
      if (failures_without_progress >= policy.max_attempts_without_progress) {
        throw Failure(
            fmt::format("download of {} failed: {} attempts in a row made no progress; last "
                        "error: {}",
                        url, failures_without_progress, t.reason));
      }
      if (retries >= policy.max_resumes) {
        throw Failure(fmt::format("download of {} failed: gave up after {} resumes; last error: {}",
                                  url, retries, t.reason));
      }
      ++retries;
      auto delay = equal_jitter(backoff_delay(policy, failures_without_progress), jitter.next());
      if (handlers.on_retry) handlers.on_retry(retries, s.offset, t.reason, delay);
      interruptible_sleep(delay, cancel);
      if (cancel != nullptr && cancel->load()) throw DownloadCancelled("download stopped");
    }
  }
}

namespace {

struct TextSink {
  std::string body;
  std::size_t max = 0;
  bool too_large = false;
};

size_t text_write_callback(char* data, size_t size, size_t n, void* user) {
  auto& t = *static_cast<TextSink*>(user);
  size_t len = size * n;
  if (t.body.size() + len > t.max) {
    t.too_large = true;
    return 0;
  }
  t.body.append(data, len);
  return len;
}

/// One small request that did not end in an answer its caller takes.
struct SmallAttempt {
  bool answered;  ///< curl got an HTTP status (else `rc` says why not)
  long status;
  CURLcode rc;
  const char* errbuf;
  const std::string& url;
  std::string_view verb;  ///< "fetching", "asking": the start of the messages
  unsigned attempt;
};

/// A retryable status or transient curl error waits its backoff and returns; anything
/// else, or the last attempt, throws naming the URL.
void back_off_or_throw(const SmallAttempt& a, const DownloadPolicy& policy, JitterSource& jitter) {
  std::string reason;
  if (a.answered) {
    if (!is_retryable_status(a.status))
      throw Failure(fmt::format("HTTP {} from {}", a.status, a.url));
    reason = fmt::format("HTTP {}", a.status);
  } else if (is_transient(a.rc) || a.rc == CURLE_OPERATION_TIMEDOUT) {
    reason = curl_error_text(a.rc, a.errbuf);
  } else {
    throw Failure(fmt::format("{} {} failed: {}", a.verb, a.url, curl_error_text(a.rc, a.errbuf)));
  }
  if (a.attempt >= policy.max_attempts_without_progress) {
    throw Failure(
        fmt::format("{} {} failed after {} attempts: {}", a.verb, a.url, a.attempt, reason));
  }
  std::this_thread::sleep_for(equal_jitter(backoff_delay(policy, a.attempt), jitter.next()));
}

}  // namespace

std::optional<std::string> fetch_small_text(const std::string& url, std::size_t max_bytes,
                                            const DownloadPolicy& policy) {
  CurlHandle curl;
  JitterSource jitter;
  for (unsigned attempt = 1;; ++attempt) {
    curl_easy_reset(curl.get());
    char errbuf[CURL_ERROR_SIZE];
    set_common_options(curl.get(), url, policy, errbuf);
    TextSink sink{{}, max_bytes, false};
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, text_write_callback);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_TIME,
                     std::max(1L, static_cast<long>(policy.stall_timeout.count() / 1000)));
    CURLcode rc = curl_easy_perform(curl.get());
    long status = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    if (sink.too_large) {
      throw Failure(fmt::format("{} is larger than {} bytes: not a checksum file", url, max_bytes));
    }
    if (rc == CURLE_OK) {
      if (status == 200) return sink.body;
      if (status == 404 || status == 410) return std::nullopt;
    }
    back_off_or_throw({rc == CURLE_OK, status, rc, errbuf, url, "fetching", attempt}, policy,
                      jitter);
  }
}

std::optional<std::string> redirect_target(const std::string& url, const DownloadPolicy& policy) {
  CurlHandle curl;
  JitterSource jitter;
  for (unsigned attempt = 1;; ++attempt) {
    curl_easy_reset(curl.get());
    char errbuf[CURL_ERROR_SIZE];
    set_common_options(curl.get(), url, policy, errbuf);
    curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl.get(), CURLOPT_RANGE, "0-0");
    // A server that ignores the Range would send the whole archive: stop at the first byte.
    curl_easy_setopt(
        curl.get(), CURLOPT_WRITEFUNCTION,
        +[](char*, size_t, size_t, void*) -> size_t { return 0; });
    curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_TIME,
                     std::max(1L, static_cast<long>(policy.stall_timeout.count() / 1000)));
    CURLcode rc = curl_easy_perform(curl.get());
    long status = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    if (rc == CURLE_OK || rc == CURLE_WRITE_ERROR) {
      if (status >= 300 && status < 400) {
        char* location = nullptr;
        curl_easy_getinfo(curl.get(), CURLINFO_REDIRECT_URL, &location);
        if (location == nullptr || *location == '\0') return std::nullopt;
        return std::string(location);
      }
      if (status >= 200 && status < 300) return std::nullopt;
    }
    const bool answered = rc == CURLE_OK || rc == CURLE_WRITE_ERROR;
    back_off_or_throw({answered, status, rc, errbuf, url, "asking", attempt}, policy, jitter);
  }
}

}  // namespace snr::net
