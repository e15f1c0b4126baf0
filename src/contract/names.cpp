#include "contract/names.h"

namespace snr::contract {

std::string secret_prefix(std::string_view stack_name) {
  return "snr/" + std::string(stack_name) + "/";
}

std::string secret_name(std::string_view stack_name, std::string_view what) {
  return secret_prefix(stack_name) + std::string(what);
}

bool is_identity_secret(std::string_view secret_name) {
  auto ends_with_part = [&](std::string_view what) {
    return secret_name.size() > what.size() && secret_name.ends_with(what) &&
           secret_name[secret_name.size() - what.size() - 1] == '/';
  };
  return ends_with_part(kSignerKeySecret) || ends_with_part(kMinerSeedSecret);
}

std::string_view asset_arch(node::CpuType cpu) {
  return cpu == node::CpuType::arm64 ? "arm64" : "x86_64";
}

std::string asset_key(std::string_view sha256, node::CpuType cpu) {
  return "snr/" + std::string(sha256) + "/snr-linux-" + std::string(asset_arch(cpu));
}

std::string asset_key_format(node::CpuType cpu) {
  return asset_key("<sha256>", cpu);
}

}  // namespace snr::contract
