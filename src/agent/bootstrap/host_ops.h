#pragma once
/// Every change bootstrap makes to the host goes through HostOps, so it can
/// run for real, against a temporary root (`--root DIR`, for tests), or as a
/// dry run that only prints the ordered plan (`--dry-run`).

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

namespace snr::agent {

namespace fs = std::filesystem;

struct Owner {
  std::string user = "root";
  std::string group = "root";
  std::string to_string() const { return user + ":" + group; }
};

struct BlockDeviceInfo {
  std::string type;  ///< "xfs", "ext4" ...; "" when the device holds no filesystem
  std::string uuid;
};

struct CommandOutput {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// What a command does to the host, which decides what --root and --dry-run do with it.
enum class CommandKind {
  probe,   ///< reads only (e.g. `stacks-node version`): runs everywhere but in a dry run
  files,   ///< works on files named under the root (check-config): runs under --root
  system,  ///< changes the system (dnf, useradd, mount, systemctl): never under --root
};

class HostOps {
 public:
  virtual ~HostOps() = default;

  // Queries: never change anything; paths are absolute host paths ("/etc/fstab").
  virtual bool exists(const fs::path& p) = 0;
  virtual std::optional<std::string> read_file(const fs::path& p) = 0;
  /// The device a /dev symlink points to (e.g. /dev/nvme1n1), nullopt when absent.
  virtual std::optional<fs::path> resolve_device(const fs::path& link) = 0;
  virtual BlockDeviceInfo blkid(const fs::path& device) = 0;
  virtual bool is_mounted(const fs::path& mount_point) = 0;
  virtual bool user_exists(const std::string& name) = 0;
  /// Where `p` is on this machine (under --root DIR: DIR/p).
  virtual fs::path host_path(const fs::path& p) const = 0;

  // Actions: each is appended to the plan, then done (unless a dry run).
  virtual void create_system_user(const std::string& name, const fs::path& home) = 0;
  virtual void make_dir(const fs::path& p, mode_t mode, const Owner& owner) = 0;
  /// Atomic (temporary file + rename) with the given mode and owner.
  virtual void write_file(const fs::path& p, std::string_view content, mode_t mode,
                          const Owner& owner) = 0;
  virtual void set_owner(const fs::path& p, const Owner& owner, bool recursive) = 0;
  /// Points `link` at `target`, replacing it atomically.
  virtual void symlink(const fs::path& target, const fs::path& link) = 0;
  virtual void make_xfs(const fs::path& device, const std::string& label) = 0;
  /// Mounts `mount_point` as /etc/fstab says.
  virtual void mount(const fs::path& mount_point) = 0;
  virtual CommandOutput run(const std::vector<std::string>& argv, CommandKind kind) = 0;
  /// A compound step the caller performs itself (a download, an AWS call):
  /// recorded in the plan; returns false in a dry run (then skip it).
  virtual bool step(const std::string& description) = 0;

  virtual bool dry_run() const = 0;
  /// Every action so far, in order ("write /etc/stacks/node.toml 0640 root:stacks").
  virtual const std::vector<std::string>& plan() const = 0;
};

enum class HostMode {
  system,  ///< the real machine, as root
  rooted,  ///< files under a directory; system commands are recorded, not run
  dry_run  ///< nothing is changed; queries look at the (rooted) machine
};

/// The implementation for all three modes. `root` is "/" for system mode.
/// `on_action` is told each action as it is planned (for progress output).
std::unique_ptr<HostOps> make_host_ops(HostMode mode, const fs::path& root,
                                       std::function<void(const std::string&)> on_action = {});

}  // namespace snr::agent
