#pragma once
// Canned HTTP for unit tests: clients run against scripted responses and the
// test inspects the requests they sent. No sockets.

#include <deque>
#include <functional>
#include <memory>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "aws/client.h"
#include "aws/encoding.h"
#include "aws/error.h"
#include "net/http.h"

namespace snr::aws::test {

struct FakeServer {
  using Reply = std::variant<net::HttpResponse, TransportError>;
  std::vector<net::HttpRequest> requests;
  std::deque<Reply> replies;
  std::vector<std::chrono::milliseconds> sleeps;

  void reply(long status, std::string body, std::vector<net::Header> headers = {}) {
    replies.emplace_back(net::HttpResponse{status, std::move(headers), std::move(body)});
  }
  void reply_xml(std::string body) { reply(200, std::move(body), {{"content-type", "text/xml"}}); }
  void fail(const std::string& message, bool retryable, bool timeout = false) {
    replies.emplace_back(TransportError(message, retryable, timeout));
  }
  const net::HttpRequest& last() const { return requests.back(); }
};

class FakeTransport final : public net::HttpTransport {
 public:
  explicit FakeTransport(std::shared_ptr<FakeServer> s) : server_(std::move(s)) {}
  net::HttpResponse send(const net::HttpRequest& request) override {
    server_->requests.push_back(request);
    if (server_->replies.empty()) {
      ADD_FAILURE() << "unexpected request " << request.method << " " << request.url;
      return net::HttpResponse{599, {}, ""};
    }
    FakeServer::Reply r = std::move(server_->replies.front());
    server_->replies.pop_front();
    if (auto* e = std::get_if<TransportError>(&r)) throw *e;
    return std::get<net::HttpResponse>(r);
  }

 private:
  std::shared_ptr<FakeServer> server_;
};

/// A context whose clients talk to `server`: us-east-1, static credentials,
/// recorded (not real) sleeps, random fixed at 0.5.
inline AwsContext fake_context(const std::shared_ptr<FakeServer>& server,
                               const std::string& session_token = "") {
  AwsContext ctx;
  ctx.region = "us-east-1";
  ctx.credentials = std::make_shared<StaticCredentialsProvider>(
      Credentials{"AKIDEXAMPLE", "secret-key", session_token, std::nullopt, "test"});
  ctx.transport = [server](const net::HttpOptions&) -> std::unique_ptr<net::HttpTransport> {
    return std::make_unique<FakeTransport>(server);
  };
  ctx.retry_hooks.sleep = [server](std::chrono::milliseconds d) { server->sleeps.push_back(d); };
  ctx.retry_hooks.random = [] { return 0.5; };
  return ctx;
}

/// The decoded form fields of a Query request body.
inline std::vector<std::pair<std::string, std::string>> form_fields(const std::string& body) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t amp = body.find('&', start);
    std::string part =
        body.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    std::size_t eq = part.find('=');
    out.emplace_back(uri_decode(part.substr(0, eq), true),
                     eq == std::string::npos ? "" : uri_decode(part.substr(eq + 1), true));
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  return out;
}

/// The value of form field `name`, or "<absent>".
inline std::string field(const net::HttpRequest& r, const std::string& name) {
  for (const auto& [k, v] : form_fields(r.body)) {
    if (k == name) return v;
  }
  return "<absent>";
}

inline std::string header(const net::HttpRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "<absent>";
}

}  // namespace snr::aws::test
