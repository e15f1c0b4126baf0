#include "agent/bootstrap/data_volume.h"

#include <fmt/format.h>

#include "util/error.h"
#include "util/strings.h"

namespace snr::agent {

fs::path ebs_by_id_path(const std::string& volume_id) {
  std::string serial;
  for (char c : volume_id)
    if (c != '-') serial += c;
  return fs::path("/dev/disk/by-id") / ("nvme-Amazon_Elastic_Block_Store_" + serial);
}

std::vector<fs::path> device_name_links(const std::string& device_name) {
  std::vector<fs::path> out = {device_name};
  const std::string base = fs::path(device_name).filename().string();  // "sdf"
  if (base.rfind("sd", 0) == 0) out.push_back("/dev/xvd" + base.substr(2));
  if (base.rfind("xvd", 0) == 0) out.push_back("/dev/sd" + base.substr(3));
  return out;
}

std::optional<fs::path> wait_for_device(HostOps& ops, const std::vector<fs::path>& links,
                                        std::chrono::milliseconds timeout,
                                        std::chrono::milliseconds step, const Sleeper& sleep) {
  std::chrono::milliseconds waited{0};
  for (;;) {
    for (const auto& l : links)
      if (ops.exists(l)) return l;
    if (waited >= timeout) return std::nullopt;
    sleep(step);
    waited += step;
  }
}

std::string fstab_entry(const std::string& uuid, const fs::path& mount_point) {
  return fmt::format("UUID={} {} xfs defaults,nofail,noatime,x-systemd.device-timeout=5min 0 2",
                     uuid, mount_point.string());
}

std::string update_fstab(const std::string& fstab, const std::string& uuid,
                         const fs::path& mount_point) {
  std::string out;
  for (const auto& line : util::split(fstab, '\n')) {
    const auto t = util::trim(line);
    if (!t.empty() && t.front() != '#') {
      std::vector<std::string> fields;
      for (const auto& f : util::split(std::string(t), ' '))
        for (const auto& g : util::split(f, '\t'))
          if (!g.empty()) fields.push_back(g);
      if (fields.size() >= 2 && fields[1] == mount_point.string()) continue;
    }
    out += line + "\n";
  }
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n')
    out.pop_back();
  if (out == "\n") out.clear();
  return out + fstab_entry(uuid, mount_point) + "\n";
}

DataVolume prepare_data_volume(HostOps& ops, const fs::path& device_link,
                               const fs::path& mount_point) {
  DataVolume v;
  auto dev = ops.resolve_device(device_link);
  v.device = dev ? *dev : device_link;
  BlockDeviceInfo info = ops.blkid(v.device);
  if (info.type.empty()) {
    ops.make_xfs(v.device, "stacks-data");
    v.formatted = true;
    if (!ops.dry_run()) info = ops.blkid(v.device);
  } else if (info.type != "xfs") {
    throw Failure(fmt::format(
        "the data volume {} ({}) holds {}, not XFS: refusing to format a volume with data on it "
        "(attach an empty volume, or one holding a Stacks XFS data filesystem)",
        device_link.string(), v.device.string(), info.type));
  }
  v.uuid = info.uuid.empty() ? "<uuid-after-mkfs>" : info.uuid;
  if (!ops.dry_run() && info.uuid.empty())
    throw Failure("blkid reports no UUID for " + v.device.string());

  const std::string fstab = ops.read_file("/etc/fstab").value_or("");
  const std::string updated = update_fstab(fstab, v.uuid, mount_point);
  if (updated != fstab) ops.write_file("/etc/fstab", updated, 0644, Owner{});
  ops.make_dir(mount_point, 0755, Owner{});
  if (!ops.is_mounted(mount_point)) ops.mount(mount_point);
  return v;
}

}  // namespace snr::agent
