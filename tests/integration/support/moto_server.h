#pragma once
/// A moto_server on 127.0.0.1 for one test binary, and the real `aws` CLI
/// pointed at it to check what our clients did.

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/client.h"
#include "support/subprocess.h"

namespace snr::testing {

class MotoServer {
 public:
  /// Starts moto_server on a free port with `extra_env` (e.g.
  /// INITIAL_NO_AUTH_ACTION_COUNT) and waits (bounded poll) until it answers.
  explicit MotoServer(const EnvMap& extra_env = {});
  ~MotoServer();

  const std::string& url() const { return url_; }
  int port() const { return port_; }
  /// The server's log, for failure messages.
  std::string log() const;

  /// Runs `aws --endpoint-url <url> <args> --output json` with test
  /// credentials (or the given ones) and an isolated config; returns the
  /// parsed stdout ({} when empty). Fails the test on a non-zero exit.
  nlohmann::json aws(const std::vector<std::string>& args, const EnvMap& env_overrides = {}) const;
  /// Like aws() but returns the raw result without checking the exit code.
  CommandResult aws_raw(const std::vector<std::string>& args,
                        const EnvMap& env_overrides = {}) const;

  /// An AwsContext for our clients: region us-east-1, AWS_ENDPOINT_URL set to
  /// the server, the given static credentials, no real sleeping between retries.
  aws::AwsContext context(const std::string& access_key = "testing",
                          const std::string& secret_key = "testing",
                          const std::string& session_token = "") const;

 private:
  std::string dir_;
  std::string url_;
  int port_ = 0;
  std::unique_ptr<BackgroundProcess> process_;
};

/// One MotoServer for a whole test binary, started before its first test and
/// stopped after its last. Register it once at namespace scope:
///   const auto* const kMoto = snr::testing::add_shared_moto();
/// and reach it from tests with shared_moto().
const void* add_shared_moto(const EnvMap& extra_env = {});
MotoServer& shared_moto();

}  // namespace snr::testing
