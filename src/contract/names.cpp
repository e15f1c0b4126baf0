#include "contract/names.h"

#include "util/sha256.h"

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

std::string settings_parameter_name(std::string_view stack_name) {
  return "/snr/" + std::string(stack_name) + "/settings";
}

std::string signer_lease_key(std::string_view signer_key_identity) {
  return "leases/signer/" + util::sha256_hex(signer_key_identity).substr(0, 32) + ".json";
}

std::string signer_lease_key(const config::Config& c, std::string_view stack_name) {
  if (!c.needs_signer_wiring()) return {};
  return signer_lease_key(!c.signer_secret_arn.empty() ? c.signer_secret_arn
                                                       : secret_name(stack_name, kSignerKeySecret));
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
