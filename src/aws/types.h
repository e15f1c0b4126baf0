#pragma once
/// Small value types several AWS clients share.

#include <string>
#include <vector>

namespace snr::aws {

struct Tag {
  std::string key;
  std::string value;
  bool operator==(const Tag&) const = default;
};

using Tags = std::vector<Tag>;

}  // namespace snr::aws
