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

/// Every "family.size" snr knows, for "did you mean" suggestions.
const std::vector<std::string>& known_instance_types();

}  // namespace snr::config
