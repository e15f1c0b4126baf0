#pragma once
/// Running programs from tests: one-shot commands with captured output, and
/// background servers that are always stopped (and die with the test).

#include <map>
#include <string>
#include <vector>

#include <sys/types.h>

namespace snr::testing {

using EnvMap = std::map<std::string, std::string>;

/// This process's environment with `overrides` applied (an empty value
/// removes the variable).
EnvMap environment_with(const EnvMap& overrides);

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs argv[0] (found on PATH) with `env`, waits, and captures stdout and stderr.
CommandResult run_command(const std::vector<std::string>& argv, const EnvMap& env);

/// A background process in its own process group; stopping it (or the
/// destructor, or the death of this process) terminates the whole group.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv, const EnvMap& env,
                    const std::string& log_path);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  bool running();
  /// SIGTERM, then SIGKILL after a bounded wait.
  void stop();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
};

/// A TCP port on 127.0.0.1 that was free a moment ago.
int free_port();

/// A fresh temporary directory (removed by the caller).
std::string make_temp_dir(const std::string& prefix);

}  // namespace snr::testing
