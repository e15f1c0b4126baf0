#include "agent/run/health_server.h"

#include <mutex>
#include <thread>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/thread.h>
#include <event2/util.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "util/error.h"
#include "util/strings.h"

namespace snr::agent {

struct HealthServer::Impl {
  event_base* base = nullptr;
  evhttp* http = nullptr;
  std::uint16_t port = 0;
  std::string health_path;
  std::mutex mu;
  HealthSnapshot snapshot;
  std::thread thread;

  static void handle(evhttp_request* req, void* arg) {
    auto* self = static_cast<Impl*>(arg);
    const evhttp_cmd_type cmd = evhttp_request_get_command(req);
    evkeyvalq* headers = evhttp_request_get_output_headers(req);
    evbuffer* out = evbuffer_new();
    int code = 404;
    const char* reason = "Not Found";
    std::string path;
    if (const evhttp_uri* uri = evhttp_request_get_evhttp_uri(req)) {
      if (const char* p = evhttp_uri_get_path(uri)) path = p;
    }
    std::string body = "{\"error\":\"not found\"}\n";
    const char* type = "application/json";
    if (cmd != EVHTTP_REQ_GET && cmd != EVHTTP_REQ_HEAD) {
      code = 405;
      reason = "Method Not Allowed";
      body = "{\"error\":\"method not allowed\"}\n";
      evhttp_add_header(headers, "Allow", "GET, HEAD");
    } else if (path == self->health_path || path == "/metrics") {
      std::lock_guard<std::mutex> lock(self->mu);
      if (path == "/metrics") {
        code = 200;
        reason = "OK";
        body = self->snapshot.metrics_text;
        type = "text/plain; version=0.0.4; charset=utf-8";
      } else {
        code = self->snapshot.status;
        reason = code == 200 ? "OK" : "Service Unavailable";
        body = self->snapshot.health_json + "\n";
      }
    }
    evhttp_add_header(headers, "Content-Type", type);
    evhttp_add_header(headers, "Cache-Control", "no-store");
    evbuffer_add(out, body.data(), body.size());
    evhttp_send_reply(req, code, reason, out);
    evbuffer_free(out);
  }
};

HealthServer::HealthServer(const std::string& host, std::uint16_t port, std::string health_path)
    : impl_(std::make_unique<Impl>()) {
  static std::once_flag threads_once;
  std::call_once(threads_once, [] { evthread_use_pthreads(); });
  impl_->health_path = std::move(health_path);
  impl_->snapshot.health_json =
      R"({"status":"starting","healthy":false,"reason":"the agent has not sampled the node yet"})";
  impl_->base = event_base_new();
  if (impl_->base == nullptr) throw Failure("health server: cannot create an event base");
  impl_->http = evhttp_new(impl_->base);
  evhttp_set_allowed_methods(impl_->http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_POST |
                                              EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE);
  evhttp_set_timeout(impl_->http, 10);
  evhttp_set_max_headers_size(impl_->http, 16 * 1024);
  evhttp_set_max_body_size(impl_->http, 4 * 1024);
  evhttp_set_gencb(impl_->http, &Impl::handle, impl_.get());
  evhttp_bound_socket* bound = evhttp_bind_socket_with_handle(impl_->http, host.c_str(), port);
  if (bound == nullptr) {
    evhttp_free(impl_->http);
    event_base_free(impl_->base);
    throw Failure("health server: cannot listen on " + host + ":" + std::to_string(port) +
                  " (address in use or not local?)");
  }
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getsockname(evhttp_bound_socket_get_fd(bound), reinterpret_cast<sockaddr*>(&ss), &len) ==
      0) {
    if (ss.ss_family == AF_INET)
      impl_->port = ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
    else if (ss.ss_family == AF_INET6)
      impl_->port = ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
  }
}

HealthServer::~HealthServer() {
  stop();
  evhttp_free(impl_->http);
  event_base_free(impl_->base);
}

std::uint16_t HealthServer::port() const {
  return impl_->port;
}

void HealthServer::update(HealthSnapshot snapshot) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->snapshot = std::move(snapshot);
}

void HealthServer::start() {
  if (impl_->thread.joinable()) return;
  impl_->thread = std::thread([b = impl_->base] { event_base_loop(b, EVLOOP_NO_EXIT_ON_EMPTY); });
}

void HealthServer::stop() {
  if (!impl_->thread.joinable()) return;
  event_base_loopbreak(impl_->base);
  impl_->thread.join();
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
