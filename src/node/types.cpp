#include "node/types.h"

#include <array>
#include <utility>

#include "util/strings.h"

namespace snr::node {
namespace {

template <typename E, std::size_t N>
std::optional<E> lookup(const std::array<std::pair<std::string_view, E>, N>& table,
                        std::string_view s) {
  const std::string lower = util::to_lower(util::trim(s));
  for (const auto& [name, value] : table) {
    if (util::to_lower(name) == lower) return value;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<std::string_view, Role>, 3> kRoles{{
    {"follower", Role::follower},
    {"signer", Role::signer},
    {"miner", Role::miner},
}};
constexpr std::array<std::pair<std::string_view, Network>, 2> kNetworks{{
    {"mainnet", Network::mainnet},
    {"testnet", Network::testnet},
}};
constexpr std::array<std::pair<std::string_view, CpuType>, 2> kCpuTypes{{
    {"x86_64", CpuType::x86_64},
    {"ARM_64", CpuType::arm64},
}};
constexpr std::array<std::pair<std::string_view, VolumeType>, 4> kVolumeTypes{{
    {"gp3", VolumeType::gp3},
    {"gp2", VolumeType::gp2},
    {"io1", VolumeType::io1},
    {"io2", VolumeType::io2},
}};

template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<std::string_view, E>, N>& table, E e) {
  for (const auto& [name, value] : table) {
    if (value == e) return name;
  }
  return "?";
}

template <typename E, std::size_t N>
std::vector<std::string> names(const std::array<std::pair<std::string_view, E>, N>& table) {
  std::vector<std::string> out;
  out.reserve(N);
  for (const auto& entry : table)
    out.emplace_back(entry.first);
  return out;
}

}  // namespace

std::string_view to_string(Role r) {
  return name_of(kRoles, r);
}
std::string_view to_string(Network n) {
  return name_of(kNetworks, n);
}
std::string_view to_string(CpuType c) {
  return name_of(kCpuTypes, c);
}
std::string_view to_string(VolumeType v) {
  return name_of(kVolumeTypes, v);
}

std::optional<Role> parse_role(std::string_view s) {
  return lookup(kRoles, s);
}
std::optional<Network> parse_network(std::string_view s) {
  return lookup(kNetworks, s);
}
std::optional<CpuType> parse_cpu_type(std::string_view s) {
  return lookup(kCpuTypes, s);
}
std::optional<VolumeType> parse_volume_type(std::string_view s) {
  return lookup(kVolumeTypes, s);
}

std::vector<std::string> role_names() {
  return names(kRoles);
}
std::vector<std::string> network_names() {
  return names(kNetworks);
}
std::vector<std::string> cpu_type_names() {
  return names(kCpuTypes);
}
std::vector<std::string> volume_type_names() {
  return names(kVolumeTypes);
}

std::optional<Network> parse_stacks_network(std::string_view text) {
  if (text == "mainnet") return Network::mainnet;
  if (text == "testnet") return Network::testnet;
  return std::nullopt;
}

}  // namespace snr::node
