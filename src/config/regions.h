#pragma once
/// AWS regions and partitions.

#include <string>
#include <string_view>
#include <vector>

namespace snr::config {

/// Every AWS region snr knows (commercial, China, GovCloud, European Sovereign Cloud).
const std::vector<std::string>& known_regions();
bool is_known_region(std::string_view region);

/// "aws", "aws-cn" or "aws-us-gov" (and "aws-eusc") for a region name.
std::string_view partition_of(std::string_view region);

}  // namespace snr::config
