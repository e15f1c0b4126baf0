#include "agent/run/health_server.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/error.h"
#include "util/strings.h"

namespace snr::agent {

namespace health_server_detail {

using Steady = std::chrono::steady_clock;

struct Connection {
  int fd = -1;
  Steady::time_point deadline;
  std::string in;
  std::string out;
  std::size_t sent = 0;
  bool responding = false;
};

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

std::string reason_phrase(int code) {
  switch (code) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
  }
  return "Error";
}

std::string response(int code, const std::string& type, const std::string& body, bool head,
                     const char* extra = "") {
  std::string r = "HTTP/1.1 " + std::to_string(code) + " " + reason_phrase(code) +
                  "\r\nContent-Type: " + type +
                  "\r\nContent-Length: " + std::to_string(body.size()) +
                  "\r\nCache-Control: no-store\r\nConnection: close\r\n" + extra + "\r\n";
  if (!head) r += body;
  return r;
}

}  // namespace health_server_detail

using namespace health_server_detail;

struct HealthServer::Impl {
  std::string health_path;
  HealthServerLimits limits;
  LogFn log;
  int listen_fd = -1;
  int wake_fd = -1;
  std::uint16_t port = 0;
  mutable std::mutex mu;
  HealthSnapshot snapshot;
  std::thread thread;
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> open{0};
  std::list<Connection> conns;  // oldest first
  // accept() failures: pause accepting until `accept_paused_until`, log rarely.
  Steady::time_point accept_paused_until{};
  std::chrono::milliseconds accept_backoff{0};
  Steady::time_point last_accept_log{};
  std::uint64_t accept_errors_unlogged = 0;

  /// The answer to a complete request head in `c.in`.
  std::string answer(const std::string& head) {
    const auto line_end = head.find("\r\n");
    const std::string line = head.substr(0, line_end);
    const auto sp1 = line.find(' ');
    const auto sp2 = sp1 == std::string::npos ? std::string::npos : line.find(' ', sp1 + 1);
    if (sp1 == std::string::npos || sp2 == std::string::npos ||
        line.compare(sp2 + 1, 5, "HTTP/") != 0)
      return response(400, "application/json", "{\"error\":\"bad request\"}\n", false);
    const std::string method = line.substr(0, sp1);
    std::string path = line.substr(sp1 + 1, sp2 - sp1 - 1);
    if (auto q = path.find('?'); q != std::string::npos) path.resize(q);
    const bool head_only = method == "HEAD";
    if (method != "GET" && !head_only)
      return response(405, "application/json", "{\"error\":\"method not allowed\"}\n", false,
                      "Allow: GET, HEAD\r\n");
    std::lock_guard<std::mutex> lock(mu);
    if (path == "/metrics")
      return response(200, "text/plain; version=0.0.4; charset=utf-8", snapshot.metrics_text,
                      head_only);
    if (path == health_path)
      return response(snapshot.status, "application/json", snapshot.health_json + "\n", head_only);
    return response(404, "application/json", "{\"error\":\"not found\"}\n", head_only);
  }

  void accept_new(Steady::time_point now) {
    for (;;) {
      int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
        if (errno == ECONNABORTED || errno == EPROTO) continue;
        // EMFILE, ENFILE, ENOBUFS, ENOMEM: pause accepting (the pending connection stays
        // queued and would wake poll at once), 50 ms doubling to 2 s; log once a minute.
        accept_backoff = std::min<std::chrono::milliseconds>(
            std::max<std::chrono::milliseconds>(accept_backoff * 2, std::chrono::milliseconds(50)),
            std::chrono::seconds(2));
        accept_paused_until = now + accept_backoff;
        ++accept_errors_unlogged;
        if (log && now - last_accept_log >= std::chrono::minutes(1)) {
          log("health server: accept() failed: " + std::string(std::strerror(errno)) + " (" +
              std::to_string(accept_errors_unlogged) +
              " time(s) since the last report); pausing accepts");
          accept_errors_unlogged = 0;
          last_accept_log = now;
        }
        return;
      }
      accept_backoff = std::chrono::milliseconds(0);
      if (conns.size() >= limits.max_connections) {  // the oldest makes room for a fresh probe
        close_fd(conns.front().fd);
        conns.pop_front();
      }
      Connection c;
      c.fd = fd;
      c.deadline = now + limits.request_deadline;
      conns.push_back(std::move(c));
    }
  }

  /// Reads or writes what the socket allows; false when the connection is done.
  bool serve(Connection& c, short revents) {
    if (!c.responding && (revents & (POLLIN | POLLHUP | POLLERR))) {
      char buf[4096];
      for (;;) {
        ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
        if (n > 0) {
          c.in.append(buf, static_cast<std::size_t>(n));
          if (c.in.size() > limits.max_request_bytes) {
            c.out = response(431, "application/json", "{\"error\":\"request too large\"}\n", false);
            c.responding = true;
            break;
          }
          if (auto end = c.in.find("\r\n\r\n"); end != std::string::npos) {
            c.out = answer(c.in.substr(0, end));
            c.responding = true;
            break;
          }
          continue;
        }
        if (n == 0) return false;  // closed before a whole request
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        return false;
      }
    }
    if (c.responding) {
      while (c.sent < c.out.size()) {
        ssize_t n = ::send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
        if (n > 0) {
          c.sent += static_cast<std::size_t>(n);
          continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
        return false;
      }
      ::shutdown(c.fd, SHUT_WR);
      return false;
    }
    return true;
  }

  void loop() {
    std::vector<pollfd> fds;
    while (!stopping) {
      const auto now = Steady::now();
      // Deadlines: the whole request, from accept to the last byte sent.
      for (auto it = conns.begin(); it != conns.end();) {
        if (now >= it->deadline) {
          close_fd(it->fd);
          it = conns.erase(it);
        } else {
          ++it;
        }
      }
      const bool accepting = now >= accept_paused_until;
      fds.clear();
      fds.push_back({wake_fd, POLLIN, 0});
      fds.push_back({accepting ? listen_fd : -1, POLLIN, 0});
      auto next = now + std::chrono::seconds(1);
      if (!accepting) next = std::min(next, accept_paused_until);
      for (const Connection& c : conns) {
        fds.push_back({c.fd, static_cast<short>(c.responding ? POLLOUT : POLLIN), 0});
        next = std::min(next, c.deadline);
      }
      open = conns.size();
      const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next - now);
      int rc =
          ::poll(fds.data(), fds.size(), static_cast<int>(std::max<long>(wait.count(), 0) + 1));
      if (rc < 0) {
        if (errno == EINTR) continue;
        break;
      }
      if (fds[0].revents) break;  // stop()
      // Serve the existing connections first (their poll slots follow the first two).
      std::size_t i = 2;
      for (auto it = conns.begin(); it != conns.end() && i < fds.size(); ++i) {
        if (fds[i].revents != 0 && !serve(*it, fds[i].revents)) {
          close_fd(it->fd);
          it = conns.erase(it);
        } else {
          ++it;
        }
      }
      if (fds[1].revents & POLLIN) accept_new(Steady::now());
    }
    for (Connection& c : conns)
      close_fd(c.fd);
    conns.clear();
    open = 0;
  }
};

HealthServer::HealthServer(const std::string& host, std::uint16_t port, std::string health_path,
                           HealthServerLimits limits, LogFn log)
    : impl_(std::make_unique<Impl>()) {
  impl_->health_path = std::move(health_path);
  impl_->limits = limits;
  impl_->log = std::move(log);
  impl_->snapshot.health_json =
      R"({"status":"starting","healthy":false,"reason":"the agent has not sampled the node yet"})";
  const std::string where = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res) != 0 || !res)
    throw Failure("health server: cannot listen on " + where + " (not a numeric address)");
  int fd = ::socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  if (fd >= 0) ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  const bool ok =
      fd >= 0 && ::bind(fd, res->ai_addr, res->ai_addrlen) == 0 && ::listen(fd, 512) == 0;
  const int err = errno;
  ::freeaddrinfo(res);
  if (!ok) {
    if (fd >= 0) ::close(fd);
    throw Failure("health server: cannot listen on " + where + ": " + std::strerror(err) +
                  " (address in use or not local?)");
  }
  impl_->listen_fd = fd;
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) == 0) {
    if (ss.ss_family == AF_INET)
      impl_->port = ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
    else if (ss.ss_family == AF_INET6)
      impl_->port = ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
  }
}

HealthServer::~HealthServer() {
  stop();
  close_fd(impl_->listen_fd);
}

std::uint16_t HealthServer::port() const {
  return impl_->port;
}

std::size_t HealthServer::connections() const {
  return impl_->open;
}

void HealthServer::update(HealthSnapshot snapshot) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->snapshot = std::move(snapshot);
}

void HealthServer::start() {
  if (impl_->thread.joinable() || impl_->listen_fd < 0) return;
  impl_->wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (impl_->wake_fd < 0)
    throw Failure("health server: eventfd: " + std::string(std::strerror(errno)));
  impl_->stopping = false;
  impl_->thread = std::thread([this] { impl_->loop(); });
}

void HealthServer::stop() {
  if (!impl_->thread.joinable()) return;
  impl_->stopping = true;
  const std::uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(impl_->wake_fd, &one, sizeof one);
  impl_->thread.join();
  close_fd(impl_->wake_fd);
  close_fd(impl_->listen_fd);  // stopped means not listening
}

std::pair<std::string, std::uint16_t> parse_listen_address(const std::string& value,
                                                           const std::string& flag) {
  auto bad = [&](const std::string& why) {
    return UserError(flag, "\"" + value + "\" " + why +
                               ": expected HOST:PORT, e.g. 0.0.0.0:20445 or 127.0.0.1:20445");
  };
  const auto colon = value.rfind(':');
  if (colon == std::string::npos) throw bad("has no port");
  std::string host = value.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  auto port = util::parse_uint(value.substr(colon + 1));
  if (!port || *port > 65535) throw bad("has a bad port");
  return {host, static_cast<std::uint16_t>(*port)};
}

}  // namespace snr::agent
