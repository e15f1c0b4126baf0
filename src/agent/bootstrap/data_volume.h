#pragma once
/// The data volume: find it (by EBS volume id for a single node; by the block
/// device mapping name for HA), create an XFS filesystem only when it holds
/// none, mount it by UUID with `nofail` from /etc/fstab.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "agent/bootstrap/host_ops.h"
#include "agent/clock.h"

namespace snr::agent {

/// /dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0123... for "vol-0123..."
/// (udev's NVMe serial drops the dash).
fs::path ebs_by_id_path(const std::string& volume_id);

/// Names a block device mapping ("/dev/sdf") can appear under on AL2023:
/// amazon-ec2-utils' udev rules link /dev/sdf (and /dev/xvdf) to the NVMe
/// device whose controller reports that name (what ebsnvme-id reads).
std::vector<fs::path> device_name_links(const std::string& device_name);

/// Polls (every `step`, at most `timeout`) until one of `links` exists;
/// returns the link found, nullopt on timeout.
std::optional<fs::path> wait_for_device(HostOps& ops, const std::vector<fs::path>& links,
                                        std::chrono::milliseconds timeout,
                                        std::chrono::milliseconds step, const Sleeper& sleep);

/// The fstab entry: mounted by UUID, `nofail` so a missing volume never
/// blocks boot, `noatime` for the chainstate's many reads.
std::string fstab_entry(const std::string& uuid, const fs::path& mount_point);

/// `fstab` with exactly one entry for `mount_point` (any earlier entry for it
/// replaced, everything else kept). Idempotent.
std::string update_fstab(const std::string& fstab, const std::string& uuid,
                         const fs::path& mount_point);

/// Result of prepare_data_volume().
struct DataVolume {
  fs::path device;  ///< e.g. /dev/nvme1n1
  std::string uuid;
  bool formatted = false;  ///< true when this run created the filesystem
};

/// Given the device (found already): XFS only if blkid finds nothing (a volume
/// holding another filesystem or a partition table is refused, never
/// overwritten), fstab entry, mount (unless mounted).
DataVolume prepare_data_volume(HostOps& ops, const fs::path& device_link,
                               const fs::path& mount_point);

}  // namespace snr::agent
