#pragma once
/// What snr knows about EC2 instance types: architecture, whether the type is
/// Nitro-based (NVMe EBS devices, which the agent relies on) and its memory.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "node/types.h"

namespace snr::config {

using node::CpuType;

struct InstanceTypeInfo {
  CpuType cpu_type;
  bool nitro;
  double memory_gib;  ///< approximate; used only to warn about under-sized types
};

/// Info about "family.size", or nullopt when the type is unknown.
std::optional<InstanceTypeInfo> lookup_instance_type(std::string_view type);

/// What an instance can push to EBS (AWS's "Amazon EBS-optimized instance types"
/// page), in MB/s: sustained, and in bursts of up to 30 minutes a day.
struct EbsBandwidth {
  double baseline_mbps = 0;
  double max_mbps = 0;
};

/// The EBS bandwidth of "family.size", or nullopt when snr's table lacks the family
/// (m5 r5 c5, m6i c6i r6i m6a c6a m7i c7i r7i, m6g c6g r6g, m7g c7g r7g, t3 t4g).
std::optional<EbsBandwidth> ebs_bandwidth(std::string_view type);

/// Every "family.size" snr knows, for "did you mean" suggestions.
const std::vector<std::string>& known_instance_types();

}  // namespace snr::config
