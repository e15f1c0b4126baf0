#pragma once
/// A local stand-in (cpp-httplib, 127.0.0.1) for what moto cannot do: the EC2
/// instance metadata service with IMDSv2 tokens enforced (PUT
/// /latest/api/token with a TTL header, then GETs carrying the token), and the
/// Query APIs CloudFormation SignalResource and Auto Scaling
/// CompleteLifecycleAction / RecordLifecycleActionHeartbeat, which it records.
/// Point AWS_EC2_METADATA_SERVICE_ENDPOINT, AWS_ENDPOINT_URL_CLOUDFORMATION and
/// AWS_ENDPOINT_URL_AUTO_SCALING at url().

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
}

namespace snr::testing {

class FakeAws {
 public:
  struct Call {
    std::string action;
    std::map<std::string, std::string> params;
  };

  FakeAws(std::string instance_id = "i-0123456789abcdef0", std::string region = "us-east-1",
          std::string group = "");
  ~FakeAws();

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<Call> calls() const;
  int count(const std::string& action) const;
  /// IMDS reads refused for lack of a valid token.
  int rejected_imds_reads() const;
  int tokens_issued() const;
  /// The next `n` calls of `action` answer this AWS error (code, HTTP status).
  void fail_next(const std::string& action, int n, const std::string& code, int status);

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mu_;
  std::vector<Call> calls_;
  std::vector<std::string> tokens_;
  int rejected_ = 0;
  std::map<std::string, std::string> metadata_;
  struct Failing {
    int n;
    std::string code;
    int status;
  };
  std::map<std::string, Failing> failing_;
};

}  // namespace snr::testing
