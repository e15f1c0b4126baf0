#include "config/advice.h"

#include <cstdio>
#include <string>

#include "config/instance_types.h"

namespace snr::config {
namespace {

std::string mbps(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

Diagnostics advise(const Config& c) {
  Diagnostics d;
  const auto bw = ebs_bandwidth(c.instance_type);
  if (bw && c.data_volume.type == VolumeType::gp3 && c.data_volume.throughput_mibps > 0) {
    const double volume = c.data_volume.throughput_mibps * kMbPerMib;
    if (volume > bw->baseline_mbps) {
      d.warning("STACKS_DATA_VOL_THROUGHPUT",
                std::to_string(c.data_volume.throughput_mibps) + " MiB/s (" + mbps(volume) +
                    " MB/s) is more than STACKS_INSTANCE_TYPE " + c.instance_type +
                    " can push to EBS: " + mbps(bw->baseline_mbps) + " MB/s sustained" +
                    (bw->max_mbps > bw->baseline_mbps
                         ? ", " + mbps(bw->max_mbps) + " MB/s in bursts of up to 30 minutes a day"
                         : std::string()) +
                    "; the throughput above that is paid for and unused (and caps the "
                    "chainstate restore): lower STACKS_DATA_VOL_THROUGHPUT or pick a larger "
                    "instance type");
    }
  }
  return d;
}

}  // namespace snr::config
