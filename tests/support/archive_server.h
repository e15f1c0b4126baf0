#pragma once
/// A local HTTP server (cpp-httplib, 127.0.0.1 only) for restore tests: serves in-memory
/// objects with ETag/Last-Modified, answers Range requests (206 + Content-Range, via
/// httplib), can cut the connection once after N bytes of a response, can replace an object
/// when it cuts (a "latest" archive republished mid-download), and can throttle.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
}

namespace snr::test {

class ArchiveServer {
 public:
  ArchiveServer();
  ~ArchiveServer();
  ArchiveServer(const ArchiveServer&) = delete;
  ArchiveServer& operator=(const ArchiveServer&) = delete;

  int port() const { return port_; }
  /// "http://127.0.0.1:PORT/path" (path starts with '/').
  std::string url(const std::string& path) const;

  /// Serves `body` at `path` with a fresh ETag and Last-Modified (replacing what was there).
  void put(const std::string& path, std::string body);
  /// Serves `body` without ETag and Last-Modified headers.
  void put_without_validators(const std::string& path, std::string body);
  void remove(const std::string& path);

  /// The next GET of `path` closes the connection after `bytes` body bytes. Once.
  void cut_once_after(const std::string& path, std::uint64_t bytes);
  /// Together with a cut: at the moment of the cut, `path` starts serving `body` (new ETag).
  void replace_on_cut(const std::string& path, std::string body);
  /// GETs of `path` answer 302 with Location `location` (a path or a full URL).
  void redirect(const std::string& path, const std::string& location);
  /// GETs of `path` answer `status` with a short body, always (e.g. a persistent 500).
  void fail_with(const std::string& path, int status);
  /// Caps the body rate of every response (bytes per second; 0: no cap).
  void throttle(std::uint64_t bytes_per_second);

  struct Request {
    std::string method;
    std::string path;
    std::string range;  ///< the Range header, "" when absent
  };
  std::vector<Request> requests() const;
  /// GET requests of `path` (HEAD not counted), and those with a Range header.
  int gets(const std::string& path) const;
  int range_gets(const std::string& path) const;
  /// Body bytes sent for `path` in all responses.
  std::uint64_t bytes_sent(const std::string& path) const;

 private:
  struct Object {
    std::string body;
    std::string etag;
    std::string last_modified;
  };
  void put_object(const std::string& path, std::string body, bool validators);

  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<const Object>> objects_;
  std::map<std::string, std::uint64_t> cut_after_;
  std::map<std::string, std::string> replacement_;
  std::map<std::string, std::string> redirects_;
  std::map<std::string, int> failures_;
  std::map<std::string, std::uint64_t> sent_;
  std::vector<Request> requests_;
  std::uint64_t rate_ = 0;
  unsigned version_ = 0;
};

}  // namespace snr::test
