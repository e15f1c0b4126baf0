#include "node/epochs.h"

#include <cctype>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace snr::node {

const std::vector<EpochRequirement>& epoch_requirements() {
  static const std::vector<EpochRequirement> t = {
      {Network::mainnet, "4.0", 960'230, "4.0.1"},
  };
  return t;
}

std::optional<std::vector<std::uint64_t>> parse_version(std::string_view s) {
  // The first run of digits and dots that starts with a digit and holds at least one dot.
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) continue;
    if (i > 0 && std::isalnum(static_cast<unsigned char>(s[i - 1]))) continue;
    std::vector<std::uint64_t> v;
    std::uint64_t cur = 0;
    bool digits = false;
    std::size_t j = i;
    for (; j < s.size(); ++j) {
      const char c = s[j];
      if (std::isdigit(static_cast<unsigned char>(c))) {
        cur = cur * 10 + static_cast<std::uint64_t>(c - '0');
        digits = true;
        if (cur > 1'000'000'000) break;
      } else if (c == '.' && digits) {
        v.push_back(cur);
        cur = 0;
        digits = false;
      } else {
        break;
      }
    }
    if (digits) v.push_back(cur);
    if (v.size() >= 2) return v;
    i = j;
  }
  return std::nullopt;
}

int compare_versions(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t x = i < a.size() ? a[i] : 0;
    const std::uint64_t y = i < b.size() ? b[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

std::optional<EpochRequirement> next_epoch(Network network,
                                           std::optional<std::uint64_t> burn_height) {
  std::optional<EpochRequirement> latest_active, first_pending, latest;
  for (const auto& e : epoch_requirements()) {
    if (e.network != network) continue;
    if (!latest || e.burn_height > latest->burn_height) latest = e;
    if (!burn_height) continue;
    if (e.burn_height > *burn_height) {
      if (!first_pending || e.burn_height < first_pending->burn_height) first_pending = e;
    } else if (!latest_active || e.burn_height > latest_active->burn_height) {
      latest_active = e;
    }
  }
  if (!burn_height) return latest;
  return first_pending ? first_pending : latest_active;
}

std::string epoch_warning(Network network, std::string_view running_version,
                          std::optional<std::uint64_t> burn_height) {
  auto version = parse_version(running_version);
  if (!version) return {};
  // Every epoch of the network the version falls short of matters; the next (or the latest
  // active) one is the one to name.
  auto e = next_epoch(network, burn_height);
  if (!e) return {};
  auto min = parse_version(e->min_version);
  if (!min || compare_versions(*version, *min) >= 0) return {};
  std::string when;
  if (!burn_height) {
    when = fmt::format("at Bitcoin block {}", e->burn_height);
  } else if (*burn_height < e->burn_height) {
    when = fmt::format("before Bitcoin block {} (in {} blocks)", e->burn_height,
                       e->burn_height - *burn_height);
  } else {
    when =
        fmt::format("since Bitcoin block {}: this node has split from the network", e->burn_height);
  }
  return fmt::format("stacks-node {} is below {}, the minimum for Epoch {}, needed {} (source: {})",
                     fmt::join(*version, "."), e->min_version, e->epoch, when, kEpochTableSource);
}

}  // namespace snr::node
