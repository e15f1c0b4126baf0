#include "support/fake_aws.h"

#include <algorithm>
#include <stdexcept>

#include <httplib.h>

namespace snr::testing {

FakeAws::FakeAws(std::string instance_id, std::string region, std::string group)
    : server_(std::make_unique<httplib::Server>()) {
  metadata_["/latest/meta-data/instance-id"] = instance_id;
  metadata_["/latest/meta-data/placement/region"] = region;
  metadata_["/latest/meta-data/placement/availability-zone"] = region + "a";
  if (!group.empty())
    metadata_["/latest/meta-data/tags/instance/aws:autoscaling:groupName"] = group;

  server_->Put("/latest/api/token", [this](const httplib::Request& req, httplib::Response& res) {
    const std::string ttl = req.get_header_value("X-aws-ec2-metadata-token-ttl-seconds");
    if (ttl.empty() || std::stoi(ttl) < 1 || std::stoi(ttl) > 21600) {
      res.status = 400;
      return;
    }
    std::lock_guard<std::mutex> lock(mu_);
    tokens_.push_back("token-" + std::to_string(tokens_.size() + 1));
    res.set_header("X-aws-ec2-metadata-token-ttl-seconds", ttl);
    res.set_content(tokens_.back(), "text/plain");
  });
  server_->Get(R"(/latest/.*)", [this](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu_);
    const std::string token = req.get_header_value("X-aws-ec2-metadata-token");
    if (std::find(tokens_.begin(), tokens_.end(), token) == tokens_.end()) {
      ++rejected_;
      res.status = 401;
      return;
    }
    auto it = metadata_.find(req.path);
    if (it == metadata_.end()) {
      res.status = 404;
      return;
    }
    res.set_content(it->second, "text/plain");
  });
  server_->Post("/", [this](const httplib::Request& req, httplib::Response& res) {
    Call c;
    httplib::Params params;
    httplib::detail::parse_query_text(req.body, params);
    for (const auto& [k, v] : params)
      c.params[k] = v;
    c.action = c.params["Action"];
    std::lock_guard<std::mutex> lock(mu_);
    auto f = failing_.find(c.action);
    if (f != failing_.end() && f->second.n > 0) {
      --f->second.n;
      res.status = f->second.status;
      res.set_content("<ErrorResponse><Error><Type>Sender</Type><Code>" + f->second.code +
                          "</Code><Message>injected by the test</Message></Error><RequestId>r"
                          "</RequestId></ErrorResponse>",
                      "text/xml");
      return;
    }
    calls_.push_back(c);
    res.set_content("<" + c.action + "Response><" + c.action + "Result/><ResponseMetadata>" +
                        "<RequestId>req-" + std::to_string(calls_.size()) +
                        "</RequestId></ResponseMetadata></" + c.action + "Response>",
                    "text/xml");
  });
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("fake AWS: cannot bind");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  for (int i = 0; i < 2000 && !server_->is_running(); ++i)  // bounded: the socket already listens
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeAws::~FakeAws() {
  server_->stop();
  thread_.join();
}

std::vector<FakeAws::Call> FakeAws::calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_;
}

int FakeAws::count(const std::string& action) const {
  std::lock_guard<std::mutex> lock(mu_);
  int n = 0;
  for (const auto& c : calls_)
    n += c.action == action;
  return n;
}

int FakeAws::rejected_imds_reads() const {
  std::lock_guard<std::mutex> lock(mu_);
  return rejected_;
}

int FakeAws::tokens_issued() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(tokens_.size());
}

void FakeAws::fail_next(const std::string& action, int n, const std::string& code, int status) {
  std::lock_guard<std::mutex> lock(mu_);
  failing_[action] = {n, code, status};
}

}  // namespace snr::testing
