#include "config/regions.h"

#include <algorithm>

namespace snr::config {

const std::vector<std::string>& known_regions() {
  static const std::vector<std::string> kRegions = {
      "af-south-1",     "ap-east-1",      "ap-east-2",      "ap-northeast-1", "ap-northeast-2",
      "ap-northeast-3", "ap-south-1",     "ap-south-2",     "ap-southeast-1", "ap-southeast-2",
      "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
      "ca-central-1",   "ca-west-1",      "cn-north-1",     "cn-northwest-1", "eu-central-1",
      "eu-central-2",   "eu-north-1",     "eu-south-1",     "eu-south-2",     "eu-west-1",
      "eu-west-2",      "eu-west-3",      "eusc-de-east-1", "il-central-1",   "me-central-1",
      "me-south-1",     "mx-central-1",   "sa-east-1",      "us-east-1",      "us-east-2",
      "us-gov-east-1",  "us-gov-west-1",  "us-west-1",      "us-west-2",
  };
  return kRegions;
}

bool is_known_region(std::string_view region) {
  const auto& all = known_regions();
  return std::find(all.begin(), all.end(), region) != all.end();
}

std::string_view partition_of(std::string_view region) {
  if (region.substr(0, 3) == "cn-") return "aws-cn";
  if (region.substr(0, 7) == "us-gov-") return "aws-us-gov";
  if (region.substr(0, 5) == "eusc-") return "aws-eusc";
  return "aws";
}

}  // namespace snr::config
