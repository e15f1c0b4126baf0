#pragma once
/// The local sandbox: moto_server (a local AWS emulator) on 127.0.0.1, seeded
/// with what a real account has (moto already serves the public AL2023 AMI
/// parameters and a default VPC per region), so the real deploy path can run
/// without an AWS account. It is an emulator: see docs/deploy.md for what it
/// does and does not do.

#include <filesystem>
#include <optional>
#include <string>

#include "util/env.h"

namespace snr::deploy {

/// A TCP port on 127.0.0.1 that was free a moment ago. Throws snr::Failure.
int free_loopback_port();

/// True when a moto_server answers at `endpoint` (http://127.0.0.1:PORT).
bool moto_answers(const std::string& endpoint);

/// A moto_server process.
class Sandbox {
 public:
  /// Starts moto_server for `account` (MOTO_ACCOUNT_ID) on a free loopback
  /// port and waits until it answers. Throws snr::Failure (with how to install
  /// moto) when it cannot. An owned sandbox stops when destroyed; a detached
  /// one runs on and is recorded in the state file for later commands.
  static Sandbox start(const std::string& account, bool detached);

  /// The sandbox `snr sandbox start` left running, if it still answers.
  static std::optional<Sandbox> running();

  /// Stops the recorded sandbox; false when none was running.
  static bool stop_running();

  Sandbox(Sandbox&& other) noexcept;
  Sandbox& operator=(Sandbox&&) = delete;
  Sandbox(const Sandbox&) = delete;
  ~Sandbox();

  const std::string& endpoint() const { return endpoint_; }
  const std::string& account() const { return account_; }
  int pid() const { return pid_; }
  bool owned() const { return owned_; }

  /// The environment for AWS clients talking to the sandbox: every endpoint
  /// set to it, fixed fake credentials, no profile, no instance metadata.
  util::Environment client_environment(const util::Environment& base) const;

  /// Where `snr sandbox start` records the running sandbox.
  static std::filesystem::path state_file();

 private:
  Sandbox(std::string endpoint, std::string account, int pid, bool owned)
      : endpoint_(std::move(endpoint)), account_(std::move(account)), pid_(pid), owned_(owned) {}
  std::string endpoint_;
  std::string account_;
  int pid_ = -1;
  bool owned_ = false;
};

}  // namespace snr::deploy
