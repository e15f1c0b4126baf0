#include "infra/names.h"

#include <stdexcept>

#include "node/types.h"

namespace snr::infra {

std::string stack_name(std::string_view stack_id, const config::Config& config) {
  if (stack_id == kCommonStackId) return "stacks-nodes-common";
  const std::string role(node::to_string(config.role));
  if (stack_id == kSingleNodeStackId) return "stacks-single-node-" + role;
  if (stack_id == kHaStackId) return "stacks-ha-nodes-" + role;
  throw std::invalid_argument("unknown stack id " + std::string(stack_id));
}

std::string ami_parameter_path(node::CpuType cpu) {
  return std::string("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-") +
         (cpu == node::CpuType::arm64 ? "arm64" : "x86_64");
}

}  // namespace snr::infra
