#pragma once
/// Advice on a valid configuration: settings that work but waste money or
/// performance. Warnings only (`snr config check` prints them and exits 0).

#include "config/config.h"
#include "util/error.h"

namespace snr::config {

/// MiB/s -> MB/s (EBS throughput settings are MiB/s, instance EBS limits MB/s).
inline constexpr double kMbPerMib = 1.048576;

/// Warnings: the data volume's provisioned throughput (STACKS_DATA_VOL_THROUGHPUT)
/// above what STACKS_INSTANCE_TYPE can push to EBS.
Diagnostics advise(const Config& config);

}  // namespace snr::config
