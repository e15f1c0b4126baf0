#pragma once
/// Files from assets/ compiled into the binary (user-data, systemd units ...).

#include <optional>
#include <string_view>
#include <vector>

namespace snr::assets {

struct Asset {
  std::string_view path;  ///< relative to assets/, e.g. "systemd/snr-agent.service"
  std::string_view data;
};

/// Every embedded asset, sorted by path.
const std::vector<Asset>& all();

/// The asset at `path`, or nullopt.
std::optional<std::string_view> find(std::string_view path);

}  // namespace snr::assets
