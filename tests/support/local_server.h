#pragma once
// A cpp-httplib server on 127.0.0.1 (tests only), for exercising the real
// libcurl transport.

#include <string>
#include <thread>

#include <httplib.h>

namespace snr::test {

class LocalServer {
 public:
  httplib::Server server;

  /// Binds a free port now (connections queue from here on); call start()
  /// after registering handlers.
  LocalServer() { port_ = server.bind_to_any_port("127.0.0.1"); }
  void start() {
    thread_ = std::thread([this] { server.listen_after_bind(); });
  }
  ~LocalServer() {
    server.stop();
    if (thread_.joinable()) thread_.join();
  }
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int port_ = -1;
  std::thread thread_;
};

}  // namespace snr::test
