#pragma once
/// The local AWS emulator behind `--sandbox` and `snr sandbox`: moto_server on
/// 127.0.0.1, which already serves what a real account has (the public AL2023
/// AMI parameters and a default VPC per region), so the real deploy path can
/// run without an AWS account. The one place that knows moto: how to start,
/// find and stop it, and how it departs from AWS (quirks()). See
/// docs/deploy.md for what it does and does not do.

#include <filesystem>
#include <optional>
#include <string>

#include "deploy/target.h"
#include "util/env.h"

namespace snr::deploy {

/// A TCP port on 127.0.0.1 that was free a moment ago. Throws snr::Failure.
int free_loopback_port();

/// True when a moto_server answers at `endpoint` (http://127.0.0.1:PORT).
bool moto_answers(const std::string& endpoint);

/// A moto_server process. `env` is the process environment: it says where the
/// state file is (XDG_STATE_HOME, HOME) and how long to wait for a recorded
/// emulator (SNR_SANDBOX_WAIT_SECONDS).
class LocalEmulator {
 public:
  /// Starts moto_server for `account` (MOTO_ACCOUNT_ID) on a free loopback
  /// port and waits until it answers. Throws snr::Failure (with how to install
  /// moto) when it cannot. An owned emulator stops when destroyed; a detached
  /// one runs on and is recorded in the state file for later commands.
  static LocalEmulator start(const std::string& account, bool detached,
                             const util::Environment& env);

  /// The emulator `snr sandbox start` left running, if it still answers.
  static std::optional<LocalEmulator> running(const util::Environment& env);

  /// Stops the recorded emulator; false when none was running.
  static bool stop_running(const util::Environment& env);

  /// How moto departs from AWS, for the deployer.
  static TargetQuirks quirks();

  LocalEmulator(LocalEmulator&& other) noexcept;
  LocalEmulator& operator=(LocalEmulator&&) = delete;
  LocalEmulator(const LocalEmulator&) = delete;
  ~LocalEmulator();

  const std::string& endpoint() const { return endpoint_; }
  const std::string& account() const { return account_; }
  int pid() const { return pid_; }
  bool owned() const { return owned_; }

  /// The environment for AWS clients talking to the emulator: every endpoint
  /// set to it, fixed fake credentials, no profile, no instance metadata.
  util::Environment client_environment(const util::Environment& base) const;

  /// Where `snr sandbox start` records the running emulator:
  /// $XDG_STATE_HOME/snr/sandbox.json, else ~/.local/state/snr/sandbox.json.
  static std::filesystem::path state_file(const util::Environment& env);

 private:
  LocalEmulator(std::string endpoint, std::string account, int pid, bool owned)
      : endpoint_(std::move(endpoint)), account_(std::move(account)), pid_(pid), owned_(owned) {}
  std::string endpoint_;
  std::string account_;
  int pid_ = -1;
  bool owned_ = false;
};

}  // namespace snr::deploy
