#pragma once
/// HTTP(S) download (libcurl) that streams the body to a callback and survives dropped
/// connections: it resumes with a Range request from the byte reached, checks that the
/// server answered 206 with the matching Content-Range and that the object did not change
/// (ETag, Last-Modified, size), and never delivers a byte twice or out of order. Used for
/// the chainstate archive and the stacks-core release zips.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.h"

namespace snr::net {

/// How hard to try before giving up.
struct DownloadPolicy {
  /// Consecutive attempts that received no byte before giving up.
  unsigned max_attempts_without_progress = 8;
  /// Resumes in total before giving up (a server that keeps cutting).
  unsigned max_resumes = 1000;
  /// Backoff before attempt n is min(max_backoff, initial_backoff * 2^(n-1)), then a
  /// random "equal jitter" in [delay/2, delay] (net/backoff.h).
  std::chrono::milliseconds initial_backoff{1000};
  std::chrono::milliseconds max_backoff{60000};
  /// No byte for this long: the connection is considered dropped and is resumed.
  std::chrono::milliseconds stall_timeout{60000};
  std::chrono::milliseconds connect_timeout{30000};
};

/// What the first response said about the object; later responses must agree.
struct RemoteObject {
  std::optional<std::uint64_t> size;  ///< Content-Length of the 200 response
  std::string etag;
  std::string last_modified;
  std::string effective_url;  ///< after redirects
};

/// Called on the download thread.
struct DownloadHandlers {
  /// The first response, before any byte of its body is delivered. Throw to refuse the
  /// download (e.g. not enough disk space); the exception propagates from download().
  std::function<void(const RemoteObject&)> on_response;
  /// Next bytes of the object, in order. Return false to stop (the consumer gave up).
  std::function<bool(const char* data, std::size_t size)> on_data;
  /// A connection dropped and will be resumed from `offset` after `delay`.
  std::function<void(unsigned resume, std::uint64_t offset, const std::string& reason,
                     std::chrono::milliseconds delay)>
      on_retry;
};

struct DownloadResult {
  RemoteObject object;
  std::uint64_t bytes = 0;  ///< bytes delivered to on_data
  unsigned resumes = 0;     ///< Range requests made
};

/// The download was stopped by the consumer (on_data returned false or `cancel` was set).
class DownloadCancelled : public Failure {
 public:
  using Failure::Failure;
};

/// The object at the URL changed between two attempts ("latest" was replaced).
class ObjectChanged : public Failure {
 public:
  using Failure::Failure;
};

/// Downloads `url` to the handlers. Throws snr::Failure (no retry helps: 4xx, object
/// changed, Range not honoured, retries exhausted), DownloadCancelled, or what a handler threw.
DownloadResult download(const std::string& url, const DownloadPolicy& policy,
                        const DownloadHandlers& handlers,
                        const std::atomic<bool>* cancel = nullptr);

/// Fetches a small text resource (a checksum file) of at most `max_bytes`. nullopt when the
/// server answers 404 or 410; throws snr::Failure for other errors after retries.
std::optional<std::string> fetch_small_text(const std::string& url, std::size_t max_bytes,
                                            const DownloadPolicy& policy);

/// Where `url` redirects: the absolute Location of a 3xx answer to a 1-byte Range GET (not
/// followed), or nullopt when it answers without redirecting. Throws snr::Failure when the
/// server cannot be asked (after the policy's retries) or answers 4xx.
std::optional<std::string> redirect_target(const std::string& url, const DownloadPolicy& policy);

/// `Content-Range: bytes FIRST-LAST/TOTAL` (TOTAL may be `*`).
struct ContentRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  std::optional<std::uint64_t> total;
};
std::optional<ContentRange> parse_content_range(std::string_view value);

/// Response headers with lower-case names (the last value of a repeated header wins).
using HeaderMap = std::map<std::string, std::string>;

/// Checks the response to a Range request from `offset` against the first response.
/// Throws ObjectChanged when the object differs, Failure when the server did not honour
/// the Range request.
void check_resumed_response(long status, const HeaderMap& headers, std::uint64_t offset,
                            const RemoteObject& first);

/// The delay before retry number `attempt` (1-based) without jitter.
std::chrono::milliseconds backoff_delay(const DownloadPolicy& policy, unsigned attempt);

}  // namespace snr::net
