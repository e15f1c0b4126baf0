#include "agent/bootstrap/host_ops.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/bootstrap/process.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/strings.h"

namespace snr::agent {
namespace {

std::string mode_string(mode_t m) {
  return fmt::format("{:04o}", static_cast<unsigned>(m));
}

class LocalHostOps final : public HostOps {
 public:
  LocalHostOps(HostMode mode, fs::path root, std::function<void(const std::string&)> on_action)
      : mode_(mode), root_(std::move(root)), on_action_(std::move(on_action)) {}

  bool exists(const fs::path& p) override {
    std::error_code ec;
    return fs::exists(host_path(p), ec);
  }

  std::optional<std::string> read_file(const fs::path& p) override {
    std::ifstream in(host_path(p), std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  std::optional<fs::path> resolve_device(const fs::path& link) override {
    std::error_code ec;
    fs::path real = fs::canonical(host_path(link), ec);
    if (ec) return std::nullopt;
    return guest_path(real);
  }

  BlockDeviceInfo blkid(const fs::path& device) override {
    CommandOutput r = run_process({"blkid", "-p", "-o", "export", host_path(device).string()});
    BlockDeviceInfo info;
    if (r.exit_code == 2) return info;  // nothing found: no filesystem, no partition table
    if (r.exit_code != 0)
      throw Failure(fmt::format("blkid {} failed (exit {}): {}", device.string(), r.exit_code,
                                util::trim(r.err)));
    for (const auto& line : util::split(r.out, '\n')) {
      auto eq = line.find('=');
      if (eq == std::string::npos) continue;
      const std::string key = line.substr(0, eq);
      const std::string value = line.substr(eq + 1);
      if (key == "TYPE") info.type = value;
      if (key == "UUID") info.uuid = value;
      if (key == "PTTYPE" && info.type.empty()) info.type = "partition table (" + value + ")";
    }
    return info;
  }

  bool is_mounted(const fs::path& mount_point) override {
    if (mode_ != HostMode::system && root_ != "/") return false;
    std::ifstream in("/proc/self/mountinfo");
    std::string line;
    while (std::getline(in, line)) {
      auto f = util::split(line, ' ');
      if (f.size() > 4 && f[4] == mount_point.string()) return true;
    }
    return false;
  }

  bool user_exists(const std::string& name) override {
    if (root_ == "/") return ::getpwnam(name.c_str()) != nullptr;
    auto passwd = read_file("/etc/passwd");
    return passwd && (passwd->rfind(name + ":", 0) == 0 ||
                      passwd->find("\n" + name + ":") != std::string::npos);
  }

  fs::path host_path(const fs::path& p) const override {
    if (root_ == "/" || root_.empty()) return p;
    return root_ / p.relative_path();
  }

  void create_system_user(const std::string& name, const fs::path& home) override {
    std::vector<std::string> argv = {"useradd",    "--system",      "--user-group",
                                     "--home-dir", home.string(),   "--no-create-home",
                                     "--shell",    "/sbin/nologin", name};
    if (!record(quote_command(argv), /*runs_under_root=*/false)) return;
    check(run_process(argv), argv);
  }

  void make_dir(const fs::path& p, mode_t mode, const Owner& owner) override {
    if (!record(fmt::format("mkdir {} {} {}", p.string(), mode_string(mode), owner.to_string()),
                true))
      return;
    const fs::path h = host_path(p);
    std::error_code ec;
    fs::create_directories(h, ec);
    if (ec) throw Failure("mkdir " + p.string() + ": " + ec.message());
    if (::chmod(h.c_str(), mode) != 0)
      throw Failure("chmod " + p.string() + ": " + strerror(errno));
    apply_owner(p, owner, false);
  }

  void write_file(const fs::path& p, std::string_view content, mode_t mode,
                  const Owner& owner) override {
    if (!record(fmt::format("write {} {} {} ({} bytes)", p.string(), mode_string(mode),
                            owner.to_string(), content.size()),
                true))
      return;
    const fs::path h = host_path(p);
    std::error_code ec;
    fs::create_directories(h.parent_path(), ec);
    util::write_file_atomic(h, content, mode);
    apply_owner(p, owner, false);
  }

  void set_owner(const fs::path& p, const Owner& owner, bool recursive) override {
    if (!record(fmt::format("chown {}{} {}", recursive ? "-R " : "", owner.to_string(), p.string()),
                false))
      return;
    apply_owner(p, owner, recursive);
  }

  void symlink(const fs::path& target, const fs::path& link) override {
    if (!record(fmt::format("symlink {} -> {}", link.string(), target.string()), true)) return;
    const fs::path h = host_path(link);
    const fs::path tmp = h.parent_path() / ("." + h.filename().string() + ".snr-new");
    std::error_code ec;
    fs::create_directories(h.parent_path(), ec);
    fs::remove(tmp, ec);
    fs::create_symlink(target, tmp, ec);
    if (ec) throw Failure("symlink " + link.string() + ": " + ec.message());
    fs::rename(tmp, h, ec);
    if (ec) throw Failure("symlink " + link.string() + ": " + ec.message());
  }

  void make_xfs(const fs::path& device, const std::string& label) override {
    std::vector<std::string> argv = {"mkfs.xfs", "-L", label, device.string()};
    if (!record(quote_command(argv), true)) return;
    argv.back() = host_path(device).string();
    check(run_process(argv), argv);
  }

  void mount(const fs::path& mount_point) override {
    std::vector<std::string> argv = {"mount", mount_point.string()};
    if (!record(quote_command(argv), false)) return;
    check(run_process(argv), argv);
  }

  CommandOutput run(const std::vector<std::string>& argv, CommandKind kind) override {
    if (kind != CommandKind::probe) {
      if (!record(quote_command(argv), kind == CommandKind::files)) return {0, "", ""};
    } else if (mode_ == HostMode::dry_run) {
      return {0, "", ""};
    }
    return run_process(argv);
  }

  bool step(const std::string& description) override { return record(description, true); }

  bool dry_run() const override { return mode_ == HostMode::dry_run; }
  const std::vector<std::string>& plan() const override { return plan_; }

 private:
  /// Appends to the plan; true when the caller should do it.
  bool record(const std::string& what, bool runs_under_root) {
    std::string entry = what;
    bool perform = true;
    if (mode_ == HostMode::dry_run) {
      perform = false;
    } else if (mode_ == HostMode::rooted && !runs_under_root) {
      perform = false;
      entry += "  [not run under --root]";
    }
    plan_.push_back(entry);
    if (on_action_) on_action_(entry);
    return perform;
  }

  void apply_owner(const fs::path& p, const Owner& owner, bool recursive) {
    if (mode_ != HostMode::system) return;  // --root: recorded in the plan only
    const passwd* pw = ::getpwnam(owner.user.c_str());
    const group* gr = ::getgrnam(owner.group.c_str());
    if (pw == nullptr || gr == nullptr)
      throw Failure("chown " + p.string() + ": no user/group " + owner.to_string());
    auto one = [&](const fs::path& x) {
      if (::lchown(x.c_str(), pw->pw_uid, gr->gr_gid) != 0)
        throw Failure("chown " + x.string() + ": " + strerror(errno));
    };
    one(p);
    if (recursive) {
      for (const auto& e : fs::recursive_directory_iterator(p))
        one(e.path());
    }
  }

  void check(const CommandOutput& r, const std::vector<std::string>& argv) {
    if (r.exit_code != 0)
      throw Failure(fmt::format("{} failed (exit {}): {}", quote_command(argv), r.exit_code,
                                util::trim(r.err.empty() ? r.out : r.err)));
  }

  fs::path guest_path(const fs::path& host) const {
    if (root_ == "/" || root_.empty()) return host;
    const fs::path root = fs::weakly_canonical(root_);
    fs::path rel = host.lexically_relative(root);
    return fs::path("/") / rel;
  }

  HostMode mode_;
  fs::path root_;
  std::function<void(const std::string&)> on_action_;
  std::vector<std::string> plan_;
};

}  // namespace

std::unique_ptr<HostOps> make_host_ops(HostMode mode, const fs::path& root,
                                       std::function<void(const std::string&)> on_action) {
  return std::make_unique<LocalHostOps>(mode, root.empty() ? fs::path("/") : root,
                                        std::move(on_action));
}

}  // namespace snr::agent
