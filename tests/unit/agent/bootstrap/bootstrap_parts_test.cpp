/// The pieces of bootstrap that need no server: device names, fstab, release
/// checksums and zips, the CloudWatch agent config, the units, HostOps modes.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "agent/bootstrap/bootstrap.h"
#include "agent/bootstrap/cloudwatch_agent.h"
#include "agent/bootstrap/data_volume.h"
#include "agent/bootstrap/host_ops.h"
#include "agent/bootstrap/install_release.h"
#include "agent/bootstrap/process.h"
#include "agent/bootstrap/units.h"
#include "support/config_fixtures.h"
#include "support/temp_dir.h"
#include "util/error.h"

namespace snr::agent {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(DataVolume, EbsByIdPathDropsTheDash) {
  EXPECT_EQ(ebs_by_id_path("vol-0123456789abcdef0"),
            "/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0123456789abcdef0");
}

TEST(DataVolume, DeviceNameLinks) {
  EXPECT_EQ(device_name_links("/dev/sdf"), (std::vector<fs::path>{"/dev/sdf", "/dev/xvdf"}));
  EXPECT_EQ(device_name_links("/dev/xvdg"), (std::vector<fs::path>{"/dev/xvdg", "/dev/sdg"}));
}

TEST(DataVolume, FstabGetsExactlyOneEntryAndKeepsTheRest) {
  const std::string fstab =
      "# comment\nUUID=aaaa / xfs defaults 0 0\n\n/dev/sdf\t/var/lib/stacks\txfs defaults 0 2\n";
  // The old entry goes; the blank line it leaves at the end is not kept.
  const std::string once = update_fstab(fstab, "1234-uuid", "/var/lib/stacks");
  EXPECT_EQ(once,
            "# comment\nUUID=aaaa / xfs defaults 0 0\nUUID=1234-uuid /var/lib/stacks xfs "
            "defaults,nofail,noatime,x-systemd.device-timeout=5min 0 2\n");
  EXPECT_EQ(update_fstab(once, "1234-uuid", "/var/lib/stacks"), once);  // idempotent
  EXPECT_EQ(update_fstab("", "u", "/data"), fstab_entry("u", "/data") + "\n");
  // A longer path that merely starts with the mount point is kept.
  EXPECT_THAT(update_fstab("UUID=x /var/lib/stacks2 xfs defaults 0 0\n", "u", "/var/lib/stacks"),
              HasSubstr("/var/lib/stacks2"));
}

TEST(DataVolume, WaitForDeviceIsABoundedPoll) {
  snr::testing::TempDir dir;
  auto ops = make_host_ops(HostMode::rooted, dir.path());
  int sleeps = 0;
  auto sleep = [&](std::chrono::milliseconds) {
    if (++sleeps == 3) fs::create_directories(dir / "dev"), std::ofstream(dir / "dev/xvdf");
  };
  auto found = wait_for_device(*ops, device_name_links("/dev/sdf"), std::chrono::seconds(10),
                               std::chrono::seconds(1), sleep);
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, "/dev/xvdf");
  EXPECT_EQ(sleeps, 3);
  sleeps = 0;
  auto none = wait_for_device(*ops, {"/dev/sdz"}, std::chrono::seconds(5), std::chrono::seconds(1),
                              [&](std::chrono::milliseconds) { ++sleeps; });
  EXPECT_FALSE(none);
  EXPECT_EQ(sleeps, 5);
}

TEST(Release, AssetNames) {
  EXPECT_EQ(release_asset(node::CpuType::x86_64), "linux-glibc-x64.zip");
  EXPECT_EQ(release_asset(node::CpuType::arm64), "linux-glibc-arm64.zip");
}

TEST(Release, ChecksumsTxt) {
  const std::string a(128, 'a'), b(128, 'B');
  const std::string sums = a + "  linux-glibc-arm64.zip\n" + b + " *linux-glibc-x64.zip\n" +
                           std::string(64, 'c') + "  linux-musl-x64.zip\n";
  EXPECT_EQ(checksum_for(sums, "linux-glibc-arm64.zip"), a);
  EXPECT_EQ(checksum_for(sums, "linux-glibc-x64.zip"), std::string(128, 'b'));  // lower-cased
  EXPECT_FALSE(checksum_for(sums, "linux-musl-x64.zip"));                       // not a sha512
  EXPECT_FALSE(checksum_for(sums, "macos-arm64.zip"));
}

TEST(Release, LatestIsNeverResolvedOnTheInstance) {
  snr::testing::TempDir dir;
  auto ops = make_host_ops(HostMode::rooted, dir.path());
  ReleaseSpec spec;
  spec.version = "latest";
  EXPECT_THROW(install_release(spec, *ops), Failure);
}

TEST(Release, ExtractNamesWhatIsMissing) {
  snr::testing::TempDir dir;
  std::ofstream(dir / "stacks-node") << "#!/bin/sh\n";
  auto r =
      run_process({"zip", "-q", "-j", (dir / "r.zip").string(), (dir / "stacks-node").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  fs::create_directories(dir / "out");
  extract_from_zip(dir / "r.zip", {"stacks-node"}, dir / "out");
  EXPECT_EQ(snr::testing::read_file(dir / "out/stacks-node"), "#!/bin/sh\n");
  EXPECT_EQ(fs::status(dir / "out/stacks-node").permissions(), fs::perms(0755));
  try {
    extract_from_zip(dir / "r.zip", {"stacks-node", "stacks-signer"}, dir / "out");
    FAIL();
  } catch (const Failure& e) {
    EXPECT_THAT(e.what(), HasSubstr("does not contain stacks-signer"));
  }
}

TEST(CloudWatchAgent, DimensionsMatchTheAlarms) {
  auto single = cloudwatch_agent_config(
      {contract::DeploymentKind::single_node, "/snr/x", "/var/lib/stacks", false});
  EXPECT_EQ(single["metrics"]["namespace"], "CWAgent");
  EXPECT_EQ(single["metrics"]["append_dimensions"].size(), 1u);
  EXPECT_EQ(single["metrics"]["aggregation_dimensions"],
            nlohmann::json::parse(R"([["InstanceId","path"]])"));
  EXPECT_EQ(single["metrics"]["metrics_collected"]["disk"]["measurement"][0], "used_percent");
  EXPECT_TRUE(single["metrics"]["metrics_collected"]["disk"]["drop_device"]);
  auto files = single["logs"]["logs_collected"]["files"]["collect_list"];
  EXPECT_EQ(files[0]["file_path"], "/var/log/stacks/stacks-node.log");
  for (const auto& f : files)
    EXPECT_NE(f["file_path"], "/var/log/stacks/stacks-signer.log");

  auto ha =
      cloudwatch_agent_config({contract::DeploymentKind::ha, "/snr/y", "/var/lib/stacks", true});
  EXPECT_EQ(ha["metrics"]["append_dimensions"]["AutoScalingGroupName"],
            "${aws:AutoScalingGroupName}");
  EXPECT_EQ(ha["metrics"]["aggregation_dimensions"][1],
            nlohmann::json::parse(R"(["AutoScalingGroupName","path"])"));
  EXPECT_EQ(ha["logs"]["logs_collected"]["files"]["collect_list"][1]["file_path"],
            "/var/log/stacks/stacks-signer.log");
}

TEST(Units, HardeningAndOrdering) {
  auto files = service_files(true);
  auto find = [&](const std::string& path) {
    for (const auto& f : files)
      if (f.path == path) return f.content;
    ADD_FAILURE() << path;
    return std::string();
  };
  for (const char* unit :
       {"/etc/systemd/system/stacks-node.service", "/etc/systemd/system/stacks-signer.service",
        "/etc/systemd/system/snr-agent.service"}) {
    const std::string u = find(unit);
    for (const char* line :
         {"User=stacks\n", "NoNewPrivileges=yes\n", "ProtectSystem=strict\n",
          "ReadWritePaths=", "PrivateTmp=yes\n", "ProtectHome=yes\n", "ProtectKernelTunables=yes\n",
          "ProtectKernelModules=yes\n", "ProtectKernelLogs=yes\n", "ProtectControlGroups=yes\n",
          "RestrictSUIDSGID=yes\n", "CapabilityBoundingSet=\n", "Restart="}) {
      EXPECT_THAT(u, HasSubstr(line)) << unit;
    }
  }
  EXPECT_THAT(find("/etc/systemd/system/stacks-node.service"), HasSubstr("LimitNOFILE=1048576"));
  // Killing stacks-node before it stops can corrupt the chainstate: 20 minutes, as the official
  // Docker stack (STACKS_SHUTDOWN_TIMEOUT=1200).
  EXPECT_THAT(find("/etc/systemd/system/stacks-node.service"),
              HasSubstr("\nTimeoutStopSec=1200\n"));
  // The agent's health server caps its connections well below this (half of it).
  EXPECT_THAT(find("/etc/systemd/system/snr-agent.service"), HasSubstr("\nLimitNOFILE=4096\n"));
  EXPECT_THAT(find("/etc/systemd/system/stacks-signer.service"),
              HasSubstr("Before=stacks-node.service"));
  EXPECT_THAT(find("/etc/systemd/system/stacks-node.service.d/10-signer.conf"),
              HasSubstr("Wants=stacks-signer.service\nAfter=stacks-signer.service"));
  EXPECT_THAT(find("/etc/logrotate.d/stacks"), HasSubstr("copytruncate"));
  // A follower gets no signer unit and no drop-in.
  for (const auto& f : service_files(false))
    EXPECT_THAT(f.path, Not(HasSubstr("signer")));
}

TEST(HostOps, RootedWritesUnderTheRootAndOnlyListsSystemChanges) {
  snr::testing::TempDir dir;
  auto ops = make_host_ops(HostMode::rooted, dir.path());
  ops->write_file("/etc/stacks/node.toml", "x = 1\n", 0640, {"root", "stacks"});
  EXPECT_EQ(snr::testing::read_file(dir / "etc/stacks/node.toml"), "x = 1\n");
  struct stat st {};
  ::stat((dir / "etc/stacks/node.toml").c_str(), &st);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  ops->create_system_user("stacks", "/var/lib/stacks");
  ops->mount("/var/lib/stacks");
  ops->symlink("/opt/stacks/4.0.2/stacks-node", "/usr/local/bin/stacks-node");
  EXPECT_EQ(fs::read_symlink(dir / "usr/local/bin/stacks-node"), "/opt/stacks/4.0.2/stacks-node");
  auto r = ops->run({"systemctl", "daemon-reload"}, CommandKind::system);
  EXPECT_EQ(r.exit_code, 0);
  ASSERT_EQ(ops->plan().size(), 5u);
  EXPECT_EQ(ops->plan()[0], "write /etc/stacks/node.toml 0640 root:stacks (6 bytes)");
  EXPECT_THAT(ops->plan()[1], HasSubstr("useradd --system"));
  EXPECT_THAT(ops->plan()[1], HasSubstr("[not run under --root]"));
  EXPECT_EQ(ops->plan()[2], "mount /var/lib/stacks  [not run under --root]");
  EXPECT_EQ(ops->plan()[4], "systemctl daemon-reload  [not run under --root]");
  EXPECT_TRUE(ops->step("download something"));
}

TEST(HostOps, DryRunChangesNothing) {
  snr::testing::TempDir dir;
  auto ops = make_host_ops(HostMode::dry_run, dir.path());
  ops->make_dir("/etc/stacks", 0750, {"root", "stacks"});
  ops->write_file("/etc/fstab", "x", 0644, {});
  EXPECT_FALSE(ops->step("download"));
  EXPECT_EQ(ops->run({"false"}, CommandKind::files).exit_code, 0);  // not run
  EXPECT_TRUE(fs::is_empty(dir.path()));
  EXPECT_EQ(ops->plan().size(), 4u);
}

TEST(Plan, HeartbeatIntervalFollowsTheHookTimeout) {
  contract::SettingsDocument s;
  s.kind = contract::DeploymentKind::ha;
  s.config = snr::testing::valid_config(snr::testing::kMinimalEnv);
  s.signal = {"stack", "NodeGroup", "snr-sync-gate", "aws:autoscaling:groupName", 3600};
  EXPECT_EQ(plan_bootstrap(s, {}).readiness.heartbeat_interval, std::chrono::seconds(1200));
  // The agent takes the document's timeout as it is (the clamp is the operator's:
  // contract::lifecycle_heartbeat_timeout_seconds, tested in contract/settings_document_test).
  s.config.ha.heartbeat_delay_min = 0;
  s.signal.heartbeat_timeout_seconds = 30;
  EXPECT_EQ(plan_bootstrap(s, {}).readiness.heartbeat_interval, std::chrono::seconds(10));
  EXPECT_EQ(plan_bootstrap(s, {}).readiness.lifecycle, StepState::pending);
  s.kind = contract::DeploymentKind::single_node;
  EXPECT_EQ(plan_bootstrap(s, {}).readiness.lifecycle, StepState::none);
  EXPECT_EQ(plan_bootstrap(s, {}).binaries, std::vector<std::string>{"stacks-node"});
  s.config = snr::testing::valid_config(std::string(snr::testing::kMinimalEnv) +
                                        "STACKS_NODE_CONFIGURATION=signer\n");
  EXPECT_EQ(plan_bootstrap(s, {}).binaries,
            (std::vector<std::string>{"stacks-node", "stacks-signer"}));
}

}  // namespace
}  // namespace snr::agent
