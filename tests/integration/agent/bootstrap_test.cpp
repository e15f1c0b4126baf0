// `snr agent bootstrap --root DIR` with the real binary: a fake release (zip +
// CHECKSUMS.txt) and a chainstate archive from a local server, a sparse file
// as the data volume (real blkid and mkfs.xfs), the fixture stacks-node for
// the readiness wait and a local fake for the signals.

#include <fstream>
#include <set>

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include "contract/metrics.h"
#include "contract/names.h"
#include "contract/settings_document.h"
#include "support/archive_server.h"
#include "support/config_fixtures.h"
#include "support/fake_aws.h"
#include "support/fake_stacks_node.h"
#include "infra/node_calls.h"
#include "infra/stacks.h"
#include "support/moto_iam.h"
#include "support/moto_server.h"
#include "support/subprocess.h"
#include "support/test_archive.h"
#include "util/sha256.h"

namespace snr::agent {
namespace {

namespace fs = std::filesystem;
using snr::testing::FakeAws;
using snr::testing::FakeStacksNode;
using ::testing::HasSubstr;
using ::testing::Not;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string sha512_hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha512(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 15];
  }
  return out;
}

/// A release zip with fake stacks-node / stacks-signer scripts. `check` is the
/// body of their check-config branch.
std::string release_zip(const std::string& check) {
  test::TempDir dir;
  for (const char* name : {"stacks-node", "stacks-signer", "clarity-cli"}) {
    std::ofstream(dir / name) << "#!/bin/sh\n"
                                 "case \"$1\" in\n"
                                 "  version|--version) echo \""
                              << name
                              << " 4.0.2 (fake:0000000, release build, linux [x86_64])\" ;;\n"
                                 "  check-config) "
                              << check
                              << " ;;\n"
                                 "  *) echo \"unexpected: $*\" >&2; exit 2 ;;\n"
                                 "esac\n";
    fs::permissions(dir / name, fs::perms(0755));
  }
  auto r = snr::testing::run_command(
      {"zip", "-q", "-j", (dir / "out.zip").string(), (dir / "stacks-node").string(),
       (dir / "stacks-signer").string(), (dir / "clarity-cli").string()},
      snr::testing::environment_with({}));
  if (r.exit_code != 0) throw std::runtime_error("zip failed: " + r.err);
  return slurp(dir / "out.zip");
}

constexpr const char* kAccept =
    "grep -q -e working_dir -e stacks_private_key \"$3\" && echo 'Loaded config!'";
constexpr const char* kReject = "echo 'Invalid config: unknown field `foo`' >&2; exit 1";
constexpr const char* kVolumeId = "vol-0123456789abcdef0";

/// Serves releases 4.0.2 (good), 4.0.3 (CHECKSUMS.txt does not match), 9.9.9
/// (its check-config rejects every config) and a chainstate archive.
struct Releases {
  test::ArchiveServer server;
  std::vector<test::TestEntry> chainstate = test::chainstate_like_tree("mainnet", 20, 1 << 16, 7);
  std::string chainstate_sha256;
  Releases() {
    const std::string good = release_zip(kAccept);
    server.put("/4.0.2/linux-glibc-x64.zip", good);
    server.put("/4.0.2/CHECKSUMS.txt", sha512_hex("other") + "  linux-glibc-arm64.zip\n" +
                                           sha512_hex(good) + "  linux-glibc-x64.zip\n");
    server.put("/4.0.3/linux-glibc-x64.zip", good);
    server.put("/4.0.3/CHECKSUMS.txt", sha512_hex(good + "tampered") + "  linux-glibc-x64.zip\n");
    const std::string bad = release_zip(kReject);
    server.put("/9.9.9/linux-glibc-x64.zip", bad);
    server.put("/9.9.9/CHECKSUMS.txt", sha512_hex(bad) + " *linux-glibc-x64.zip\n");
    const std::string archive = test::make_archive(chainstate, test::Compression::gzip);
    chainstate_sha256 = util::sha256_hex(archive);
    server.put("/chainstate.tar.gz", archive);
  }
  std::string base() const { return server.url(""); }
};

Releases& releases() {
  static Releases r;
  return r;
}

/// A fresh root: a 512 MiB sparse file as the NVMe device, its udev links, an fstab.
struct Root {
  test::TempDir dir;
  fs::path path() const { return dir.path(); }
  Root() {
    fs::create_directories(path() / "dev/disk/by-id");
    const fs::path dev = path() / "dev/nvme1n1";
    { std::ofstream f(dev); }
    fs::resize_file(dev, 512ull << 20);
    fs::create_symlink(
        "../../nvme1n1",
        path() / "dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0123456789abcdef0");
    fs::create_symlink("nvme1n1", path() / "dev/sdf");
    fs::create_directories(path() / "etc/snr");
    std::ofstream(path() / "etc/fstab") << "UUID=0000-root / xfs defaults,noatime 1 1\n"
                                           "UUID=1111-old /var/lib/stacks ext4 defaults 0 2\n";
  }
  fs::path settings_file() const { return path() / "etc/snr/settings.json"; }
};

contract::SettingsDocument settings(contract::DeploymentKind kind, const std::string& version,
                                    bool chainstate, const std::string& extra_env = "") {
  contract::SettingsDocument s;
  const bool ha = kind == contract::DeploymentKind::ha;
  s.stack_id = ha ? "stacks-ha-nodes" : "stacks-single-node";
  s.stack_name = ha ? "stacks-ha-nodes-follower" : "stacks-single-node-follower";
  s.kind = kind;
  s.region = "us-east-1";
  s.settings_parameter = "/snr/" + s.stack_name + "/settings";
  std::string env = std::string(snr::testing::kMinimalEnv) + "STACKS_VERSION=" + version + "\n";
  if (chainstate) {
    env += "STACKS_DOWNLOAD_CHAINSTATE=true\nSTACKS_CHAINSTATE_ARCHIVE=" +
           releases().server.url("/chainstate.tar.gz") +
           "\nSTACKS_CHAINSTATE_SHA256=" + releases().chainstate_sha256 + "\n";
  } else {
    env += "STACKS_DOWNLOAD_CHAINSTATE=false\n";
  }
  s.config = snr::testing::valid_config(env + extra_env);
  s.stacks_version = version;
  s.snr_binary = {"asset-bucket", "snr/" + std::string(64, 'a') + "/snr-linux-x86_64",
                  std::string(64, 'a')};
  s.data_volume = {ha ? "" : kVolumeId, std::string(contract::kDataDeviceName),
                   std::string(contract::kDataMountPoint)};
  s.chainstate_archive_url = contract::chainstate_archive_url(s.config);
  s.signal = {s.stack_name, ha ? "NodeGroup" : "NodeReady",
              ha ? std::string(contract::kLaunchHookName) : "",
              ha ? std::string(contract::kAutoScalingGroupTag) : "",
              ha ? contract::lifecycle_heartbeat_timeout_seconds(s.config) : 0};
  s.secrets = {"snr/" + s.stack_name + "/",
               s.config.needs_signer_wiring(),
               "",
               "",
               "",
               s.config.needs_signer_wiring() ? "leases/signer/" + s.stack_name + ".json" : ""};
  s.log_group = "/snr/" + s.stack_name;
  s.metrics = {std::string(contract::metrics::kNamespace), {{"InstanceId"}}, 60};
  s.health = {20445, std::string(contract::kHealthPath)};
  return s;
}

void write_settings(const Root& root, const contract::SettingsDocument& s) {
  std::ofstream(root.settings_file()) << contract::to_json(s).dump(2);
}

snr::testing::EnvMap env(const FakeAws& fake) {
  return snr::testing::environment_with({{"AWS_ENDPOINT_URL", fake.url()},
                                         {"AWS_EC2_METADATA_SERVICE_ENDPOINT", fake.url()},
                                         {"AWS_ACCESS_KEY_ID", "testing"},
                                         {"AWS_SECRET_ACCESS_KEY", "testing"},
                                         {"AWS_PROFILE", ""},
                                         {"AWS_CONFIG_FILE", "/nonexistent"},
                                         {"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"}});
}

snr::testing::CommandResult bootstrap(const Root& root, const FakeAws& fake,
                                      const FakeStacksNode& node,
                                      std::vector<std::string> extra = {}) {
  std::vector<std::string> argv = {SNR_BINARY,
                                   "agent",
                                   "bootstrap",
                                   "--settings",
                                   root.settings_file().string(),
                                   "--root",
                                   root.path().string(),
                                   "--release-base-url",
                                   releases().base(),
                                   "--node-rpc",
                                   node.url(),
                                   "--ready-timeout",
                                   "20",
                                   "--device-timeout",
                                   "5"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return snr::testing::run_command(argv, env(fake));
}

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_mode & 07777;
}

std::string blkid_type(const fs::path& dev) {
  auto r = snr::testing::run_command({"blkid", "-p", "-o", "value", "-s", "TYPE", dev.string()},
                                     snr::testing::environment_with({}));
  return std::string(r.out.substr(0, r.out.find('\n')));
}

int count_lines_with(const std::string& text, const std::string& needle) {
  int n = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    n += line.find(needle) != std::string::npos;
  return n;
}

TEST(Bootstrap, SingleNodeFromScratchThenIdempotentReRun) {
  Root root;
  FakeAws fake("i-0boot", "us-east-1");
  FakeStacksNode node;
  node.start();
  node.syncing(100);
  write_settings(root, settings(contract::DeploymentKind::single_node, "4.0.2", true));
  const int zip_gets_before = releases().server.gets("/4.0.2/linux-glibc-x64.zip");

  auto r = bootstrap(root, fake, node);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("bootstrap complete"));
  EXPECT_EQ(fake.tokens_issued(), 1);  // instance id from IMDSv2

  // Data volume: XFS created on the empty device, mounted by UUID with nofail.
  EXPECT_EQ(blkid_type(root.path() / "dev/nvme1n1"), "xfs");
  const std::string fstab = slurp(root.path() / "etc/fstab");
  EXPECT_THAT(fstab, HasSubstr("UUID=0000-root / xfs defaults,noatime 1 1\n"));
  EXPECT_THAT(fstab,
              Not(HasSubstr("1111-old")));  // the stale entry for the mount point is replaced
  EXPECT_EQ(count_lines_with(fstab, " /var/lib/stacks "), 1);
  EXPECT_THAT(fstab, ::testing::ContainsRegex("UUID=[0-9a-f-]{36} /var/lib/stacks xfs "
                                              "defaults,nofail,noatime"));
  EXPECT_EQ(count_lines_with(r.err, "mkfs.xfs -L stacks-data /dev/nvme1n1"), 1);
  EXPECT_THAT(r.err, HasSubstr("mount /var/lib/stacks  [not run under --root]"));

  // Release: verified, installed, linked.
  EXPECT_EQ(fs::read_symlink(root.path() / "usr/local/bin/stacks-node"),
            "/opt/stacks/4.0.2/stacks-node");
  EXPECT_EQ(mode_of(root.path() / "opt/stacks/4.0.2/stacks-node"), 0755u);
  EXPECT_FALSE(fs::exists(root.path() / "opt/stacks/4.0.2/clarity-cli"));    // only what runs
  EXPECT_FALSE(fs::exists(root.path() / "opt/stacks/4.0.2/stacks-signer"));  // follower
  EXPECT_EQ(releases().server.gets("/4.0.2/linux-glibc-x64.zip"), zip_gets_before + 1);

  // Chainstate restored into the working dir.
  EXPECT_EQ(test::diff_tree(root.path() / "var/lib/stacks/node", releases().chainstate,
                            {".snr-restore-complete"}),
            "");

  // Configuration 0640 root:stacks, checked by the binary.
  const fs::path toml = root.path() / "etc/stacks/node.toml";
  EXPECT_EQ(mode_of(toml), 0640u);
  EXPECT_THAT(r.err, HasSubstr("write /etc/stacks/node.toml 0640 root:stacks"));
  EXPECT_THAT(slurp(toml), HasSubstr("working_dir = \"/var/lib/stacks/node\""));
  EXPECT_THAT(r.err, HasSubstr("check-config --config"));
  EXPECT_EQ(mode_of(root.path() / "etc/stacks"), 0750u);

  // CloudWatch agent config, units, logrotate.
  auto cw = nlohmann::json::parse(
      slurp(root.path() / "opt/aws/amazon-cloudwatch-agent/etc/snr-cloudwatch-agent.json"));
  EXPECT_EQ(cw["metrics"]["metrics_collected"]["disk"]["resources"][0], "/var/lib/stacks");
  EXPECT_EQ(cw["logs"]["logs_collected"]["files"]["collect_list"][0]["log_group_name"],
            "/snr/stacks-single-node-follower");
  EXPECT_THAT(r.err, HasSubstr("dnf install -y amazon-cloudwatch-agent  [not run under --root]"));
  for (const char* f : {"etc/systemd/system/stacks-node.service",
                        "etc/systemd/system/snr-agent.service", "etc/logrotate.d/stacks"}) {
    EXPECT_TRUE(fs::exists(root.path() / f)) << f;
    EXPECT_EQ(mode_of(root.path() / f), 0644u) << f;
  }
  EXPECT_FALSE(fs::exists(root.path() / "etc/systemd/system/stacks-signer.service"));
  const auto enable = r.err.find("systemctl enable stacks-node.service");
  EXPECT_NE(enable, std::string::npos);
  EXPECT_LT(r.err.find("check-config"), enable);  // checked before any start

  // Signalled once the node's RPC answered (it is syncing: enough for a single node).
  ASSERT_EQ(fake.count("SignalResource"), 1);
  auto sig = fake.calls().back();
  EXPECT_EQ(sig.params["Status"], "SUCCESS");
  EXPECT_EQ(sig.params["LogicalResourceId"], "NodeReady");
  EXPECT_EQ(sig.params["UniqueId"], "i-0boot");
  EXPECT_EQ(mode_of(root.path() / "var/lib/snr/readiness.json"), 0600u);

  // Re-run (after a reboot): no format, no download, no second signal, same files.
  const std::string toml_before = slurp(toml);
  auto again = bootstrap(root, fake, node);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.err, Not(HasSubstr("mkfs.xfs")));
  EXPECT_THAT(again.err, Not(HasSubstr("download ")));
  EXPECT_THAT(again.err, Not(HasSubstr("restore chainstate")));
  EXPECT_EQ(releases().server.gets("/4.0.2/linux-glibc-x64.zip"), zip_gets_before + 1);
  EXPECT_EQ(slurp(root.path() / "etc/fstab"), fstab);
  EXPECT_EQ(slurp(toml), toml_before);
  EXPECT_EQ(fake.count("SignalResource"), 1);
}

TEST(Bootstrap, UnitsPassSystemdAnalyzeVerify) {
  Root root;
  FakeAws fake("i-0units", "us-east-1");
  FakeStacksNode node;
  node.start();
  auto s = settings(contract::DeploymentKind::single_node, "4.0.2", false);
  // A signer would need Secrets Manager; install its unit set through a follower
  // run plus the signer unit asset check below.
  write_settings(root, s);
  ASSERT_EQ(bootstrap(root, fake, node, {"--no-signal"}).exit_code, 0);
  // systemd-analyze resolves units and ExecStart binaries inside --root.
  fs::create_directories(root.path() / "usr/lib/systemd");
  fs::copy("/usr/lib/systemd/system", root.path() / "usr/lib/systemd/system",
           fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  std::ofstream(root.path() / "usr/local/bin/snr") << "#!/bin/sh\n";
  fs::permissions(root.path() / "usr/local/bin/snr", fs::perms(0755));
  auto r = snr::testing::run_command(
      {"systemd-analyze", "verify", "--root=" + root.path().string(),
       "/etc/systemd/system/stacks-node.service", "/etc/systemd/system/snr-agent.service"},
      snr::testing::environment_with({}));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.err, "");  // no "Unknown key" / "Failed to parse" warnings either
}

TEST(Bootstrap, AChecksumMismatchIsRefused) {
  Root root;
  FakeAws fake("i-0sum", "us-east-1");
  FakeStacksNode node;
  write_settings(root, settings(contract::DeploymentKind::single_node, "4.0.3", false));
  auto r = bootstrap(root, fake, node);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("does not match CHECKSUMS.txt"));
  EXPECT_FALSE(fs::exists(root.path() / "opt/stacks/4.0.3"));
  EXPECT_FALSE(fs::exists(root.path() / "usr/local/bin/stacks-node"));
  EXPECT_FALSE(fs::exists(root.path() / "etc/systemd/system/stacks-node.service"));
  // Nothing left behind in /opt/stacks but the (empty) directory.
  EXPECT_TRUE(fs::is_empty(root.path() / "opt/stacks"));
  ASSERT_EQ(fake.count("SignalResource"), 1);
  EXPECT_EQ(fake.calls().back().params["Status"], "FAILURE");
}

TEST(Bootstrap, AnArchiveWithoutTheNetworksDirectoryIsNotSwitchedIn) {
  // A testnet (krypton) node asked to restore an archive that holds mainnet/ only.
  Root root;
  FakeAws fake("i-0net", "us-east-1");
  FakeStacksNode node;
  write_settings(root, settings(contract::DeploymentKind::single_node, "4.0.2", true,
                                "STACKS_NETWORK=testnet\n"));
  auto r = bootstrap(root, fake, node);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("holds no 'krypton/' directory (it holds mainnet)"));
  EXPECT_FALSE(fs::exists(root.path() / "var/lib/stacks/node/mainnet"));
  EXPECT_FALSE(fs::exists(root.path() / "var/lib/stacks/node/.snr-restore-complete"));
  ASSERT_EQ(fake.count("SignalResource"), 1);
  EXPECT_EQ(fake.calls().back().params["Status"], "FAILURE");
}

TEST(Bootstrap, ARejectedConfigFailsWithTheBinarysMessageBeforeAnyStart) {
  Root root;
  FakeAws fake("i-0bad", "us-east-1");
  FakeStacksNode node;
  node.start();
  write_settings(root, settings(contract::DeploymentKind::single_node, "9.9.9", false));
  auto r = bootstrap(root, fake, node);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("stacks-node check-config rejected /etc/stacks/node.toml"));
  EXPECT_THAT(r.err, HasSubstr("Invalid config: unknown field `foo`"));
  EXPECT_THAT(r.err, Not(HasSubstr("systemctl")));
  EXPECT_FALSE(fs::exists(root.path() / "etc/systemd/system/stacks-node.service"));
  // The node answers, but a failed bootstrap never signals SUCCESS, now or later.
  ASSERT_EQ(fake.count("SignalResource"), 1);
  EXPECT_EQ(fake.calls().back().params["Status"], "FAILURE");
  auto run = snr::testing::run_command(
      {SNR_BINARY, "agent", "run", "--once", "--node-rpc", node.url(), "--state-dir",
       (root.path() / "var/lib/snr").string(), "--instance-id", "i-0bad", "--region", "us-east-1"},
      env(fake));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(fake.count("SignalResource"), 1);
}

TEST(Bootstrap, HaFindsTheVolumeByDeviceNameAndLeavesTheGateToTheAgent) {
  Root root;
  FakeAws fake("i-0ha", "us-east-1", "stacks-ha-NodeGroup-X");
  FakeStacksNode node;
  node.start();
  node.syncing(5);
  write_settings(root, settings(contract::DeploymentKind::ha, "4.0.2", false));
  auto r = bootstrap(root, fake, node);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(blkid_type(root.path() / "dev/nvme1n1"), "xfs");
  EXPECT_GE(fake.count("RecordLifecycleActionHeartbeat"), 1);  // while bootstrap worked
  EXPECT_EQ(fake.count("CompleteLifecycleAction"), 0);         // not synced: the agent decides
  EXPECT_EQ(fake.count("SignalResource"), 0);
  auto state = nlohmann::json::parse(slurp(root.path() / "var/lib/snr/readiness.json"));
  EXPECT_EQ(state["lifecycle"], "pending");
  EXPECT_EQ(state["autoscaling_group"], "stacks-ha-NodeGroup-X");  // from the instance tag
  auto cw = nlohmann::json::parse(
      slurp(root.path() / "opt/aws/amazon-cloudwatch-agent/etc/snr-cloudwatch-agent.json"));
  EXPECT_EQ(cw["metrics"]["aggregation_dimensions"][1][0], "AutoScalingGroupName");
}

TEST(Bootstrap, AVolumeWithAnotherFilesystemIsNeverFormatted) {
  Root root;
  FakeAws fake("i-0ext", "us-east-1");
  FakeStacksNode node;
  auto mk =
      snr::testing::run_command({"mkfs.ext4", "-q", "-F", (root.path() / "dev/nvme1n1").string()},
                                snr::testing::environment_with({}));
  if (mk.exit_code != 0) GTEST_SKIP() << "mkfs.ext4 unavailable: " << mk.err;
  write_settings(root, settings(contract::DeploymentKind::single_node, "4.0.2", false));
  auto r = bootstrap(root, fake, node, {"--no-signal"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("holds ext4, not XFS: refusing to format"));
  EXPECT_EQ(blkid_type(root.path() / "dev/nvme1n1"), "ext4");
}

TEST(Bootstrap, MissingDeviceTimesOutWithANamedPath) {
  Root root;
  fs::remove(root.path() / "dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0123456789abcdef0");
  FakeAws fake("i-0nodev", "us-east-1");
  FakeStacksNode node;
  write_settings(root, settings(contract::DeploymentKind::single_node, "4.0.2", false));
  auto r = bootstrap(root, fake, node, {"--no-signal", "--device-timeout", "1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("nvme-Amazon_Elastic_Block_Store_vol0123456789abcdef0"));
}

TEST(Bootstrap, DryRunPrintsThePlanAndChangesNothing) {
  Root root;
  FakeAws fake("i-0dry", "us-east-1");
  FakeStacksNode node;
  write_settings(root, settings(contract::DeploymentKind::single_node, "4.0.2", true));
  const std::string before = test::list_tree(root.path());
  const int sums_before = releases().server.gets("/4.0.2/CHECKSUMS.txt");
  auto r = bootstrap(root, fake, node, {"--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::list_tree(root.path()), before);
  EXPECT_EQ(blkid_type(root.path() / "dev/nvme1n1"), "");
  EXPECT_THAT(r.out, HasSubstr("nothing was changed"));
  for (const char* step :
       {"mkfs.xfs -L stacks-data /dev/nvme1n1", "write /etc/fstab 0644 root:root", "download ",
        "restore chainstate", "write /etc/stacks/node.toml 0640 root:stacks", "check-config",
        "systemctl enable stacks-node.service", "systemctl enable snr-agent.service", "useradd"}) {
    EXPECT_THAT(r.out, HasSubstr(step));
  }
  EXPECT_LT(r.out.find("mkfs.xfs"), r.out.find("download "));
  EXPECT_EQ(releases().server.gets("/4.0.2/CHECKSUMS.txt"), sums_before);  // no download
  EXPECT_TRUE(fake.calls().empty());
}

std::string toml_value(const std::string& toml, const std::string& key) {
  std::istringstream in(toml);
  for (std::string line; std::getline(in, line);) {
    auto k = line.find_first_not_of(' ');
    if (k != std::string::npos && line.compare(k, key.size() + 3, key + " = ") == 0) {
      auto v = line.substr(k + key.size() + 3);
      if (v.size() >= 2 && v.front() == '"') v = v.substr(1, v.size() - 2);
      return v;
    }
  }
  return "";
}

TEST(Bootstrap, SignerGetsItsKeysFromSecretsManagerAndTakesTheLease) {
  snr::testing::MotoServer moto;
  const std::string me = moto.aws({"ec2", "run-instances", "--image-id", "ami-12c6146b", "--count",
                                   "1", "--region", "us-east-1"})["Instances"][0]["InstanceId"];
  moto.aws({"s3api", "create-bucket", "--bucket", "asset-bucket", "--region", "us-east-1"});
  FakeAws fake(me, "us-east-1");
  FakeStacksNode node;
  node.start();
  Root root;
  auto s = settings(contract::DeploymentKind::single_node, "4.0.2", false,
                    "STACKS_NODE_CONFIGURATION=signer\n");
  write_settings(root, s);
  auto e = env(fake);
  e["AWS_ENDPOINT_URL"] = moto.url();  // Secrets Manager, S3, EC2 in moto
  e["AWS_ENDPOINT_URL_CLOUDFORMATION"] = fake.url();
  auto run = [&](const Root& r, const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {SNR_BINARY,
                                     "agent",
                                     "bootstrap",
                                     "--settings",
                                     r.settings_file().string(),
                                     "--root",
                                     r.path().string(),
                                     "--release-base-url",
                                     releases().base(),
                                     "--node-rpc",
                                     node.url(),
                                     "--ready-timeout",
                                     "20"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return snr::testing::run_command(argv, e);
  };
  auto r = run(root, {});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  const std::string key =
      moto.aws({"secretsmanager", "get-secret-value", "--secret-id",
                s.secrets.name_prefix + "signer-key", "--region", "us-east-1"})["SecretString"];
  const std::string token =
      moto.aws({"secretsmanager", "get-secret-value", "--secret-id",
                s.secrets.name_prefix + "auth-token", "--region", "us-east-1"})["SecretString"];
  const std::string signer_toml = slurp(root.path() / "etc/stacks/signer.toml");
  const std::string node_toml = slurp(root.path() / "etc/stacks/node.toml");
  EXPECT_EQ(mode_of(root.path() / "etc/stacks/signer.toml"), 0640u);
  EXPECT_THAT(key, HasSubstr(toml_value(signer_toml, "stacks_private_key")));
  EXPECT_EQ(toml_value(signer_toml, "stacks_private_key").size(), 66u);
  EXPECT_THAT(token, HasSubstr(toml_value(signer_toml, "auth_password")));
  EXPECT_EQ(toml_value(node_toml, "auth_token"), toml_value(signer_toml, "auth_password"));
  // Never logged.
  EXPECT_THAT(r.err + r.out, Not(HasSubstr(toml_value(signer_toml, "stacks_private_key"))));
  EXPECT_THAT(r.err + r.out, Not(HasSubstr(toml_value(signer_toml, "auth_password"))));

  // Both binaries checked their configs; the signer starts first.
  EXPECT_THAT(r.err, HasSubstr("stacks-signer check-config --config"));
  EXPECT_TRUE(fs::exists(root.path() / "etc/systemd/system/stacks-signer.service"));
  EXPECT_TRUE(fs::exists(root.path() / "etc/systemd/system/stacks-node.service.d/10-signer.conf"));
  EXPECT_LT(r.err.find("systemctl restart stacks-signer.service"),
            r.err.find("systemctl restart stacks-node.service"));

  // The lease names this instance.
  auto lease = moto.aws_raw({"s3", "cp", "s3://asset-bucket/" + s.secrets.signer_lease_key, "-",
                             "--region", "us-east-1"});
  ASSERT_EQ(lease.exit_code, 0) << lease.err;
  EXPECT_EQ(nlohmann::json::parse(lease.out)["instance_id"], me);

  // Re-run: same key, lease already ours.
  auto again = run(root, {"--no-signal"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.err, HasSubstr("signer lease: already ours"));
  EXPECT_EQ(toml_value(slurp(root.path() / "etc/stacks/signer.toml"), "stacks_private_key"),
            toml_value(signer_toml, "stacks_private_key"));

  // Another live instance with the same key: refused before the signer can start.
  Root other;
  write_settings(other, s);
  auto theirs = run(other, {"--instance-id", "i-0standby", "--no-signal"});
  EXPECT_EQ(theirs.exit_code, 1);
  EXPECT_THAT(theirs.err, HasSubstr("is in use by instance " + me));
  EXPECT_FALSE(fs::exists(other.path() / "etc/systemd/system/stacks-signer.service"));
}

// A first boot under moto's IAM enforcement, for every role: the user-data's
// reads (the settings parameter, the snr binary) with the `aws` CLI, then
// `snr agent bootstrap`, with the credentials of a user that carries only the
// node role synthesized for that deployment (projected for moto:
// support/moto_iam.h). Any AccessDenied fails it. moto has neither
// SignalResource nor the lifecycle actions: CloudFormation and Auto Scaling
// go to the fake (the evaluator in tests/unit/infra/node_role_test.cpp judges
// those calls).
struct FirstBoot {
  std::string name;
  std::string env;  ///< beyond kMinimalEnv
  contract::DeploymentKind kind = contract::DeploymentKind::single_node;
  bool given_miner_seed = false;  ///< STACKS_MINER_SECRET_ARN names a secret made beforehand
  std::string expect;             ///< what the run logs when it took its role's path
};

constexpr const char* kMinerIamEnv =
    "STACKS_NODE_CONFIGURATION=miner\nBITCOIN_PEER_HOST=btc.internal.example\n"
    "BITCOIN_RPC_USERNAME=miner\nBITCOIN_RPC_PASSWORD=miner-rpc-pw-9f2c1\n"
    "BITCOIN_WALLET_NAME=stacks-miner\n";

void PrintTo(const FirstBoot& b, std::ostream* os) {
  *os << b.name;
}

class FirstBootWithOnlyTheNodeRolesPermissions : public ::testing::TestWithParam<FirstBoot> {};

TEST_P(FirstBootWithOnlyTheNodeRolesPermissions, Succeeds) {
  const FirstBoot& p = GetParam();
  const bool ha = p.kind == contract::DeploymentKind::ha;
  const std::string kRegion = "us-west-2";
  snr::testing::MotoServer moto(snr::testing::EnvMap{{"INITIAL_NO_AUTH_ACTION_COUNT", "3"}});
  const auto admin = snr::testing::make_admin(moto);
  auto as_admin = [&](const std::vector<std::string>& args) {
    std::vector<std::string> a = args;
    a.insert(a.end(), {"--region", kRegion});
    return moto.aws(a, admin.env());
  };
  const std::string me = as_admin({"ec2", "run-instances", "--image-id", "ami-12c6146b", "--count",
                                   "1"})["Instances"][0]["InstanceId"];
  as_admin({"s3api", "create-bucket", "--bucket", "asset-bucket", "--create-bucket-configuration",
            "LocationConstraint=" + kRegion});

  std::string role_env = p.env;
  if (p.given_miner_seed) {
    const std::string arn =
        as_admin({"secretsmanager", "create-secret", "--name", "team/miner-seed", "--secret-string",
                  "6a1fc1a3183018c6d79a4e11e154d2bdad2d89ac8bc1b0a021de8b4d28774fbb"})["ARN"];
    role_env += "STACKS_MINER_SECRET_ARN=" + arn + "\n";
  }
  auto s = settings(p.kind, "4.0.2", false, role_env);
  s.region = kRegion;  // the deployment's (kMinimalEnv), where a given secret must be
  // The role as synthesized for this deployment, with this scene's bucket and binary.
  auto scene = infra::iam::scene_for(s.config, p.kind);
  scene.names["bucket"] = "asset-bucket";
  scene.names["asset_key"] = s.snr_binary.key;
  // The names the template gives the settings document.
  s.stack_name = s.signal.stack_name = scene.names["stack"];
  s.settings_parameter = contract::settings_parameter_name(s.stack_name);
  s.secrets.name_prefix = contract::secret_prefix(s.stack_name);
  s.secrets.signer_key_arn = s.config.needs_signer_wiring() ? s.config.signer_secret_arn : "";
  s.secrets.miner_key_arn = s.config.is_miner() ? s.config.miner_secret_arn : "";
  if (s.config.needs_signer_wiring()) s.secrets.signer_lease_key = scene.names["lease_key"];
  if (scene.bitcoin_secret)  // the deployer's Bitcoin RPC password secret
    s.secrets.bitcoin_rpc_password_arn =
        as_admin({"secretsmanager", "create-secret", "--name",
                  contract::secret_name(s.stack_name, contract::kBitcoinRpcPasswordSecret),
                  "--secret-string", "miner-rpc-pw-9f2c1"})["ARN"];
  const cfn::Template node_stack =
      ha ? infra::build_ha_stack(s.config) : infra::build_single_node_stack(s.config);
  std::vector<std::string> unknown;
  auto docs = infra::iam::node_role_documents(infra::build_common_stack(s.config).to_json(),
                                              node_stack.to_json(), scene, unknown);
  ASSERT_TRUE(unknown.empty());
  const auto node_user = snr::testing::make_user(moto, admin, p.name + "-node", docs);

  // What the deployer leaves for the node: the settings parameter and the binary.
  as_admin({"ssm", "put-parameter", "--name", s.settings_parameter, "--type", "String", "--value",
            contract::to_json(s).dump()});
  Root root;
  const fs::path binary = root.path() / "snr-binary";
  std::ofstream(binary) << "#!/bin/sh\n";
  as_admin({"s3api", "put-object", "--bucket", "asset-bucket", "--key", s.snr_binary.key, "--body",
            binary.string()});

  // The user-data, as the node.
  const auto node_env = node_user.env();
  auto param = moto.aws_raw({"ssm", "get-parameter", "--name", s.settings_parameter, "--output",
                             "json", "--region", kRegion},
                            node_env);
  ASSERT_EQ(param.exit_code, 0) << param.err;
  std::ofstream(root.settings_file())
      << nlohmann::json::parse(param.out)["Parameter"]["Value"].get<std::string>();
  auto cp = moto.aws_raw(
      {"s3", "cp", "s3://asset-bucket/" + s.snr_binary.key, "-", "--region", kRegion}, node_env);
  EXPECT_EQ(cp.exit_code, 0) << cp.err;
  EXPECT_THAT(cp.err, Not(HasSubstr("AccessDenied")));

  // The bootstrap, as the node.
  FakeAws fake(me, kRegion, ha ? "stacks-ha-NodeGroup-X" : "");
  FakeStacksNode node;
  node.start();
  node.syncing(5);
  auto e = env(fake);
  e["AWS_ENDPOINT_URL"] = moto.url();  // Secrets Manager, S3, EC2 in moto
  e["AWS_ENDPOINT_URL_CLOUDFORMATION"] = fake.url();
  e["AWS_ENDPOINT_URL_AUTO_SCALING"] = fake.url();
  e["AWS_ACCESS_KEY_ID"] = node_user.id;
  e["AWS_SECRET_ACCESS_KEY"] = node_user.secret;
  auto r = snr::testing::run_command(
      {SNR_BINARY, "agent", "bootstrap", "--settings", root.settings_file().string(), "--root",
       root.path().string(), "--release-base-url", releases().base(), "--node-rpc", node.url(),
       "--ready-timeout", "20"},
      e);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, Not(HasSubstr("AccessDenied")));
  EXPECT_THAT(r.out + r.err, HasSubstr(p.expect));
  if (ha)
    EXPECT_GE(fake.count("RecordLifecycleActionHeartbeat"), 1);
  else
    EXPECT_EQ(fake.count("SignalResource"), 1);
  // The keys it made (or did not make) at first boot.
  std::set<std::string> made;
  const auto listed = as_admin({"secretsmanager", "list-secrets"});
  for (const auto& secret : listed["SecretList"])
    made.insert(secret["Name"].get<std::string>());
  const std::string prefix = s.secrets.name_prefix;
  EXPECT_EQ(made.count(prefix + "signer-key"), s.config.needs_signer_wiring() ? 1u : 0u);
  EXPECT_EQ(made.count(prefix + "miner-seed"), s.config.is_miner() && !p.given_miner_seed);
}

INSTANTIATE_TEST_SUITE_P(
    Bootstrap, FirstBootWithOnlyTheNodeRolesPermissions,
    ::testing::Values(FirstBoot{"follower", "", contract::DeploymentKind::single_node, false,
                                "readiness signalled"},
                      FirstBoot{"follower-ha", "", contract::DeploymentKind::ha, false,
                                "readiness signal left to snr-agent"},
                      FirstBoot{"signer", "STACKS_NODE_CONFIGURATION=signer\n",
                                contract::DeploymentKind::single_node, false,
                                "signer lease: acquired"},
                      FirstBoot{"miner", kMinerIamEnv, contract::DeploymentKind::single_node, false,
                                "signer lease: acquired"},
                      FirstBoot{"miner-given-seed", kMinerIamEnv,
                                contract::DeploymentKind::single_node, true,
                                "signer lease: acquired"}),
    [](const auto& info) {
      std::string n;
      for (char c : info.param.name)
        n += c == '-' ? '_' : c;
      return n;
    });

}  // namespace
}  // namespace snr::agent
