#include "support/archive_server.h"

#include <chrono>
#include <stdexcept>

#include <httplib.h>

namespace snr::test {

ArchiveServer::ArchiveServer() : server_(std::make_unique<httplib::Server>()) {
  server_->Get(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
    std::shared_ptr<const Object> obj;
    std::optional<std::uint64_t> cut;
    {
      std::lock_guard lock(mu_);
      requests_.push_back({req.method, req.path, req.get_header_value("Range")});
      if (auto r = redirects_.find(req.path); r != redirects_.end()) {
        res.status = 302;
        res.set_header("Location", r->second);
        return;
      }
      if (auto f = failures_.find(req.path); f != failures_.end()) {
        res.status = f->second;
        res.set_content("failing on purpose\n", "text/plain");
        return;
      }
      auto it = objects_.find(req.path);
      if (it != objects_.end()) obj = it->second;
      if (req.method == "GET") {
        if (auto c = cut_after_.find(req.path); c != cut_after_.end()) {
          cut = c->second;
          cut_after_.erase(c);
        }
      }
    }
    if (!obj) {
      res.status = 404;
      res.set_content("not found\n", "text/plain");
      return;
    }
    if (!obj->etag.empty()) res.set_header("ETag", obj->etag);
    if (!obj->last_modified.empty()) res.set_header("Last-Modified", obj->last_modified);
    std::string path = req.path;
    auto written = std::make_shared<std::uint64_t>(0);
    res.set_content_provider(
        obj->body.size(), "application/octet-stream",
        [this, obj, cut, written, path](size_t offset, size_t length, httplib::DataSink& sink) {
          std::size_t n = std::min<std::size_t>(length, 64 * 1024);
          bool cutting = false;
          if (cut && *written + n >= *cut) {
            n = static_cast<std::size_t>(*cut - *written);
            cutting = true;
          }
          std::uint64_t rate = 0;
          {
            std::lock_guard lock(mu_);
            rate = rate_;
          }
          if (rate > 0 && n > 0) {
            std::this_thread::sleep_for(std::chrono::microseconds(n * 1000000ULL / rate));
          }
          if (n > 0 && !sink.write(obj->body.data() + offset, n)) return false;
          *written += n;
          {
            std::lock_guard lock(mu_);
            sent_[path] += n;
            if (cutting) {
              if (auto r = replacement_.find(path); r != replacement_.end()) {
                std::string body = std::move(r->second);
                replacement_.erase(r);
                auto o = std::make_shared<Object>();
                o->body = std::move(body);
                ++version_;
                o->etag = "\"v" + std::to_string(version_) + "\"";
                o->last_modified =
                    "Mon, 01 Jan 2024 00:00:" + std::to_string(10 + version_ % 50) + " GMT";
                objects_[path] = std::move(o);
              }
            }
          }
          return !cutting;  // false: httplib drops the connection mid-body
        });
  });
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("ArchiveServer: cannot bind 127.0.0.1");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // Bounded poll until the listener thread runs (httplib 0.11 has no wait_until_ready).
  for (int i = 0; i < 5000 && !server_->is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!server_->is_running()) throw std::runtime_error("ArchiveServer: did not start");
}

ArchiveServer::~ArchiveServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string ArchiveServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void ArchiveServer::put_object(const std::string& path, std::string body, bool validators) {
  auto o = std::make_shared<Object>();
  o->body = std::move(body);
  std::lock_guard lock(mu_);
  ++version_;
  if (validators) {
    o->etag = "\"v" + std::to_string(version_) + "\"";
    o->last_modified = "Mon, 01 Jan 2024 00:00:" + std::to_string(10 + version_ % 50) + " GMT";
  }
  objects_[path] = std::move(o);
}

void ArchiveServer::put(const std::string& path, std::string body) {
  put_object(path, std::move(body), true);
}

void ArchiveServer::put_without_validators(const std::string& path, std::string body) {
  put_object(path, std::move(body), false);
}

void ArchiveServer::remove(const std::string& path) {
  std::lock_guard lock(mu_);
  objects_.erase(path);
}

void ArchiveServer::cut_once_after(const std::string& path, std::uint64_t bytes) {
  std::lock_guard lock(mu_);
  cut_after_[path] = bytes;
}

void ArchiveServer::replace_on_cut(const std::string& path, std::string body) {
  std::lock_guard lock(mu_);
  replacement_[path] = std::move(body);
}

void ArchiveServer::redirect(const std::string& path, const std::string& location) {
  std::lock_guard lock(mu_);
  redirects_[path] = location;
}

void ArchiveServer::fail_with(const std::string& path, int status) {
  std::lock_guard lock(mu_);
  failures_[path] = status;
}

void ArchiveServer::throttle(std::uint64_t bytes_per_second) {
  std::lock_guard lock(mu_);
  rate_ = bytes_per_second;
}

std::vector<ArchiveServer::Request> ArchiveServer::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

int ArchiveServer::gets(const std::string& path) const {
  int n = 0;
  for (const auto& r : requests())
    n += (r.method == "GET" && r.path == path) ? 1 : 0;
  return n;
}

int ArchiveServer::range_gets(const std::string& path) const {
  int n = 0;
  for (const auto& r : requests())
    n += (r.method == "GET" && r.path == path && !r.range.empty()) ? 1 : 0;
  return n;
}

std::uint64_t ArchiveServer::bytes_sent(const std::string& path) const {
  std::lock_guard lock(mu_);
  auto it = sent_.find(path);
  return it == sent_.end() ? 0 : it->second;
}

}  // namespace snr::test
