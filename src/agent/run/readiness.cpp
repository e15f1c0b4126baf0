#include "agent/run/readiness.h"

#include "aws/error.h"
#include "aws/time.h"
#include "util/error.h"
#include "util/fs.h"

namespace snr::agent {
namespace {

using nlohmann::json;

StepState parse_step(const std::string& s) {
  for (StepState v : {StepState::none, StepState::pending, StepState::sent, StepState::failed,
                      StepState::not_waiting}) {
    if (to_string(v) == s) return v;
  }
  throw Failure("readiness state: unknown step state \"" + s + "\"");
}

}  // namespace

std::string_view to_string(StepState s) {
  switch (s) {
    case StepState::none:
      return "none";
    case StepState::pending:
      return "pending";
    case StepState::sent:
      return "sent";
    case StepState::failed:
      return "failed";
    case StepState::not_waiting:
      return "not-waiting";
  }
  return "none";
}

json ReadinessState::to_json() const {
  return {{"version", 1},
          {"kind", kind},
          {"instance_id", instance_id},
          {"stack_name", stack_name},
          {"logical_id", logical_id},
          {"autoscaling_group", autoscaling_group},
          {"lifecycle_hook", lifecycle_hook},
          {"heartbeat_interval_seconds", heartbeat_interval.count()},
          {"lifecycle", std::string(to_string(lifecycle))},
          {"resource_signal", std::string(to_string(resource_signal))},
          {"armed_at", armed_at},
          {"failure", failure},
          {"note", note},
          {"healthy_samples", healthy_samples},
          {"healthy_since_unix", healthy_since_unix}};
}

ReadinessState ReadinessState::from_json(const json& j) {
  try {
    ReadinessState s;
    if (j.at("version").get<int>() != 1) throw Failure("readiness state: unknown version");
    s.kind = j.at("kind").get<std::string>();
    s.instance_id = j.at("instance_id").get<std::string>();
    s.stack_name = j.at("stack_name").get<std::string>();
    s.logical_id = j.at("logical_id").get<std::string>();
    s.autoscaling_group = j.at("autoscaling_group").get<std::string>();
    s.lifecycle_hook = j.at("lifecycle_hook").get<std::string>();
    s.heartbeat_interval = std::chrono::seconds(j.at("heartbeat_interval_seconds").get<long>());
    s.lifecycle = parse_step(j.at("lifecycle").get<std::string>());
    s.resource_signal = parse_step(j.at("resource_signal").get<std::string>());
    s.armed_at = j.value("armed_at", "");
    s.failure = j.value("failure", "");
    s.note = j.value("note", "");
    s.healthy_samples = j.value("healthy_samples", std::uint32_t{0});
    s.healthy_since_unix = j.value("healthy_since_unix", std::int64_t{0});
    return s;
  } catch (const json::exception& e) {
    throw Failure(std::string("readiness state: ") + e.what());
  }
}

Readiness::Readiness(std::filesystem::path file, ReadinessState state, Signaler& signaler,
                     const Clock& clock, LogFn log)
    : file_(std::move(file)),
      state_(std::move(state)),
      signaler_(&signaler),
      clock_(&clock),
      log_(std::move(log)) {}

std::optional<Readiness> Readiness::load(const std::filesystem::path& state_file,
                                         Signaler& signaler, const Clock& clock, LogFn log) {
  std::error_code ec;
  if (!std::filesystem::exists(state_file, ec)) return std::nullopt;
  json j;
  try {
    j = json::parse(util::read_file(state_file));
  } catch (const json::exception& e) {
    throw Failure(state_file.string() + ": " + e.what());
  }
  return Readiness(state_file, ReadinessState::from_json(j), signaler, clock, std::move(log));
}

ReadinessState Readiness::arm(const std::filesystem::path& state_file, ReadinessState initial,
                              const Clock& clock) {
  std::error_code ec;
  if (std::filesystem::exists(state_file, ec)) {
    try {
      ReadinessState existing = ReadinessState::from_json(json::parse(util::read_file(state_file)));
      if (existing.instance_id == initial.instance_id) return existing;
    } catch (const std::exception&) {
      // Unreadable: replaced below (it can only be ours, from an interrupted write).
    }
  }
  initial.armed_at = aws::format_iso8601(clock.now());
  initial.note = "armed by bootstrap";
  std::filesystem::create_directories(state_file.parent_path());
  util::write_file_atomic(state_file, initial.to_json().dump(2) + "\n", 0600);
  return initial;
}

void Readiness::save() {
  util::write_file_atomic(file_, state_.to_json().dump(2) + "\n", 0600);
}

bool Readiness::attempt(StepState& step, StepState ok_state, const std::string& what,
                        const std::function<void()>& send) {
  try {
    send();
    step = ok_state;
    state_.note = what + " at " + aws::format_iso8601(clock_->now());
    save();
    if (log_) log_("sent " + what);
    return true;
  } catch (const aws::AwsError& e) {
    if (e.code() == "ValidationError") {
      step = StepState::not_waiting;
      state_.note = what + ": nothing waits for it (" + e.message() + ")";
      save();
      if (log_) log_(state_.note);
      return false;
    }
    if (log_) log_(what + " failed, will retry: " + e.what());
  } catch (const Failure& e) {
    if (log_) log_(what + " failed, will retry: " + e.what());
  }
  return false;
}

bool Readiness::advance(bool rpc_up, bool healthy) {
  if (!state_.failure.empty()) {
    const bool was_pending = pending();
    send_failures();
    return was_pending && !pending();
  }
  bool sent = false;
  const ReadinessState& s = state_;
  if (s.kind == "ha" && s.lifecycle == StepState::pending) {
    // The healthy judgement must hold, not flicker once: CONTINUE cannot be taken back.
    SyncGate gate;
    gate.samples = state_.healthy_samples;
    if (state_.healthy_since_unix != 0)
      gate.since = SystemTime(std::chrono::seconds(state_.healthy_since_unix));
    const bool held = gate.observe(healthy, clock_->now());
    state_.healthy_samples = gate.samples;
    state_.healthy_since_unix =
        gate.since
            ? std::chrono::duration_cast<std::chrono::seconds>(gate.since->time_since_epoch())
                  .count()
            : 0;
    save();
    if (held) {
      sent |= attempt(state_.lifecycle, StepState::sent, "CompleteLifecycleAction CONTINUE", [&] {
        signaler_->complete_lifecycle_action(s.autoscaling_group, s.lifecycle_hook, s.instance_id,
                                             true);
      });
    } else {
      const SystemTime now = clock_->now();
      if (!last_heartbeat_ || now - *last_heartbeat_ >= s.heartbeat_interval) {
        try {
          signaler_->record_heartbeat(s.autoscaling_group, s.lifecycle_hook, s.instance_id);
          last_heartbeat_ = now;
          sent = true;
        } catch (const aws::AwsError& e) {
          if (e.code() == "ValidationError") {
            state_.lifecycle = StepState::not_waiting;
            state_.resource_signal = StepState::not_waiting;
            state_.note = "lifecycle action is gone (timed out?): " + e.message();
            save();
            if (log_) log_(state_.note);
          } else if (log_) {
            log_(std::string("lifecycle heartbeat failed, will retry: ") + e.what());
          }
        } catch (const Failure& e) {
          if (log_) log_(std::string("lifecycle heartbeat failed, will retry: ") + e.what());
        }
      }
      return sent;
    }
    if (state_.lifecycle != StepState::sent) return sent;
  }
  if (s.resource_signal == StepState::pending) {
    const bool ready = s.kind == "ha" ? s.lifecycle == StepState::sent : rpc_up;
    if (ready) {
      sent |= attempt(state_.resource_signal, StepState::sent, "SignalResource SUCCESS", [&] {
        signaler_->signal_resource(s.stack_name, s.logical_id, s.instance_id, true);
      });
    }
  }
  return sent;
}

void Readiness::fail(const std::string& reason) {
  state_.failure = reason;
  state_.note = "bootstrap failed: " + reason;
  save();
  send_failures();
}

void Readiness::send_failures() {
  const ReadinessState& s = state_;
  if (s.lifecycle == StepState::pending) {
    attempt(state_.lifecycle, StepState::failed, "CompleteLifecycleAction ABANDON", [&] {
      signaler_->complete_lifecycle_action(s.autoscaling_group, s.lifecycle_hook, s.instance_id,
                                           false);
    });
  }
  if (s.resource_signal == StepState::pending) {
    attempt(state_.resource_signal, StepState::failed, "SignalResource FAILURE",
            [&] { signaler_->signal_resource(s.stack_name, s.logical_id, s.instance_id, false); });
  }
}

}  // namespace snr::agent
