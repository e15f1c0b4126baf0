#pragma once
/// "Signal only when it is true, and only once." The bootstrap arms the
/// signals it owes (a small JSON state file on the root volume); `snr agent
/// run` sends each when its condition holds and records that it did, so a
/// reboot mid-sync loses no pending signal and a sent one is never repeated:
///  - single node: SignalResource SUCCESS (the NodeReady wait condition) once
///    the node process is up and its RPC answers;
///  - HA: RecordLifecycleActionHeartbeat while syncing, CompleteLifecycleAction
///    CONTINUE once the node has been healthy for kGateSamples consecutive samples
///    over kGateWindow (the streak is kept in the state file, so a restart of the
///    agent neither loses nor shortens it), then SignalResource SUCCESS
///    for the group's creation policy (UniqueId = instance id);
///  - a failed bootstrap: FAILURE / ABANDON at once.
/// A ValidationError from AWS (nothing waits for this signal any more: the
/// resource is complete, or the lifecycle action timed out) ends that step.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "agent/clock.h"
#include "agent/run/health.h"
#include "agent/run/signaler.h"

namespace snr::agent {

enum class StepState {
  none,         ///< this deployment has no such step
  pending,      ///< owed
  sent,         ///< sent with the positive result (SUCCESS / CONTINUE)
  failed,       ///< sent with the negative result (FAILURE / ABANDON)
  not_waiting,  ///< AWS said nothing waits for it (ValidationError): never retried
};
std::string_view to_string(StepState s);

struct ReadinessState {
  std::string kind;  ///< "single-node" or "ha"
  std::string instance_id;
  std::string stack_name;
  std::string logical_id;
  std::string autoscaling_group;  ///< HA
  std::string lifecycle_hook;     ///< HA
  std::chrono::seconds heartbeat_interval{std::chrono::minutes(5)};
  StepState lifecycle = StepState::none;
  StepState resource_signal = StepState::pending;
  std::string armed_at;
  /// Set when bootstrap failed: what is still owed is sent negative
  /// (FAILURE / ABANDON), never positive, even if the node comes up later.
  std::string failure;
  std::string note;  ///< last thing that happened, for operators
  /// HA: the streak of healthy samples towards CONTINUE (SyncGate), kept across restarts.
  std::uint32_t healthy_samples = 0;
  std::int64_t healthy_since_unix = 0;  ///< seconds since the epoch; 0: no streak

  nlohmann::json to_json() const;
  static ReadinessState from_json(const nlohmann::json& j);
  bool done() const {
    return lifecycle != StepState::pending && resource_signal != StepState::pending;
  }
};

class Readiness {
 public:
  /// Loads `state_file`; nullopt when there is none (nothing owed).
  static std::optional<Readiness> load(const std::filesystem::path& state_file, Signaler& signaler,
                                       const Clock& clock, LogFn log);
  /// Writes the initial state unless the file already holds one for the same
  /// instance (a re-run of bootstrap never re-arms a sent signal). Returns the
  /// state now in effect.
  static ReadinessState arm(const std::filesystem::path& state_file, ReadinessState initial,
                            const Clock& clock);

  /// Advances with what the latest sample showed. Returns true when it sent something.
  bool advance(bool rpc_up, bool healthy);
  /// Bootstrap failed: FAILURE / ABANDON for whatever is still owed (retried
  /// by advance() when AWS cannot be reached now).
  void fail(const std::string& reason);

  const ReadinessState& state() const { return state_; }
  bool pending() const { return !state_.done(); }

 private:
  Readiness(std::filesystem::path file, ReadinessState state, Signaler& signaler,
            const Clock& clock, LogFn log);
  /// Runs `send`; on success sets `step` to `ok_state`. ValidationError ends the
  /// step as not_waiting; other failures leave it pending (retried next time).
  void send_failures();
  bool attempt(StepState& step, StepState ok_state, const std::string& what,
               const std::function<void()>& send);
  void save();

  std::filesystem::path file_;
  ReadinessState state_;
  Signaler* signaler_;
  const Clock* clock_;
  LogFn log_;
  std::optional<SystemTime> last_heartbeat_;
};

}  // namespace snr::agent
