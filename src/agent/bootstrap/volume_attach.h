#pragma once
/// Single node: the agent attaches its data volume itself (the stack has no
/// VolumeAttachment, so a replacement instance can take the volume over once
/// the old instance lets go of it).

#include <chrono>
#include <string>

#include "agent/bootstrap/data_volume.h"
#include "agent/clock.h"

namespace snr::aws {
class Ec2Client;
}

namespace snr::agent {

/// Attaches `volume_id` to `instance_id` at `device` unless it is attached to
/// it already; while another instance holds it (a replaced instance still
/// shutting down) waits, polling every `step`, at most `timeout`.
/// Throws snr::Failure on timeout or when the volume does not exist.
void attach_data_volume(aws::Ec2Client& ec2, const std::string& volume_id,
                        const std::string& instance_id, const std::string& device,
                        std::chrono::milliseconds timeout, std::chrono::milliseconds step,
                        const Sleeper& sleep, const LogFn& log);

}  // namespace snr::agent
