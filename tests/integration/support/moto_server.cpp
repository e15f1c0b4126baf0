#include "support/moto_server.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

#include "deploy/local_emulator.h"

namespace snr::testing {

namespace {

class SharedMotoEnvironment : public ::testing::Environment {
 public:
  explicit SharedMotoEnvironment(EnvMap env) : env_(std::move(env)) {}
  void SetUp() override { server = std::make_unique<MotoServer>(env_); }
  void TearDown() override { server.reset(); }
  static inline std::unique_ptr<MotoServer> server;

 private:
  EnvMap env_;
};

}  // namespace

const void* add_shared_moto(const EnvMap& extra_env) {
  return ::testing::AddGlobalTestEnvironment(new SharedMotoEnvironment(extra_env));
}

MotoServer& shared_moto() {
  if (!SharedMotoEnvironment::server) throw std::logic_error("shared_moto(): no add_shared_moto()");
  return *SharedMotoEnvironment::server;
}

MotoServer::MotoServer(const EnvMap& extra_env) {
  dir_ = make_temp_dir("snr-moto-");
  EnvMap overrides = extra_env;
  overrides["PYTHONUNBUFFERED"] = "1";
  EnvMap env = environment_with(overrides);
  for (int tries = 0; tries < 3 && !process_; ++tries) {
    port_ = free_port();
    url_ = "http://127.0.0.1:" + std::to_string(port_);
    auto p = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{"moto_server", "-H", "127.0.0.1", "-p", std::to_string(port_)},
        env, dir_ + "/moto.log");
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    bool up = false;
    while (std::chrono::steady_clock::now() < deadline && p->running()) {
      if (deploy::moto_answers(url_)) {
        up = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (up) process_ = std::move(p);  // else: port taken or slow start; try another port
  }
  if (!process_) throw std::runtime_error("moto_server did not start; log:\n" + log());
}

MotoServer::~MotoServer() {
  if (process_) process_->stop();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string MotoServer::log() const {
  std::ifstream in(dir_ + "/moto.log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

CommandResult MotoServer::aws_raw(const std::vector<std::string>& args,
                                  const EnvMap& env_overrides) const {
  EnvMap overrides{{"AWS_ACCESS_KEY_ID", "testing"},
                   {"AWS_SECRET_ACCESS_KEY", "testing"},
                   {"AWS_SESSION_TOKEN", ""},
                   {"AWS_PROFILE", ""},
                   {"AWS_DEFAULT_REGION", "us-east-1"},
                   {"AWS_REGION", "us-east-1"},
                   {"AWS_CONFIG_FILE", dir_ + "/no-config"},
                   {"AWS_SHARED_CREDENTIALS_FILE", dir_ + "/no-credentials"},
                   {"AWS_EC2_METADATA_DISABLED", "true"},
                   {"AWS_PAGER", ""}};
  for (const auto& [k, v] : env_overrides)
    overrides[k] = v;
  std::vector<std::string> argv{"aws", "--endpoint-url", url_, "--output", "json"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, environment_with(overrides));
}

nlohmann::json MotoServer::aws(const std::vector<std::string>& args,
                               const EnvMap& env_overrides) const {
  CommandResult r = aws_raw(args, env_overrides);
  std::string cmd;
  for (const auto& a : args)
    cmd += " " + a;
  EXPECT_EQ(r.exit_code, 0) << "aws" << cmd << " failed: " << r.err;
  if (r.exit_code != 0) throw std::runtime_error("aws" + cmd + " failed: " + r.err);
  if (r.out.find_first_not_of(" \n\r\t") == std::string::npos) return nlohmann::json::object();
  return nlohmann::json::parse(r.out);
}

aws::AwsContext MotoServer::context(const std::string& access_key, const std::string& secret_key,
                                    const std::string& session_token) const {
  aws::AwsContext ctx;
  ctx.region = "us-east-1";
  ctx.credentials = std::make_shared<aws::StaticCredentialsProvider>(
      aws::Credentials{access_key, secret_key, session_token, std::nullopt, "test"});
  ctx.env = {{"AWS_ENDPOINT_URL", url_}};
  ctx.retry_hooks.sleep = [](std::chrono::milliseconds) {};
  ctx.http.timeout = std::chrono::seconds(30);
  return ctx;
}

}  // namespace snr::testing
