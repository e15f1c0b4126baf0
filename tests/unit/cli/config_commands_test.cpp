/// The CLI forms other tools rely on: exit codes, output shapes, nothing written on bad input.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "config/variables.h"
#include "support/config_fixtures.h"
#include "support/run_snr.h"
#include "support/temp_dir.h"

namespace snr::cli {
namespace {

using snr::testing::fixture_path;
using snr::testing::read_file;
using snr::testing::run_snr;
using snr::testing::TempDir;
using ::testing::HasSubstr;

const std::string kSamples = std::string(SNR_SOURCE_DIR) + "/sample-configs/";

TEST(CliBasics, VersionAndHelp) {
  auto v = run_snr({"--version"});
  EXPECT_EQ(v.code, 0);
  EXPECT_THAT(v.out, HasSubstr("snr " SNR_VERSION));
  auto h = run_snr({"--help"});
  EXPECT_EQ(h.code, 0);
  for (const char* cmd : {"config", "render", "keys", "agent"})
    EXPECT_THAT(h.out, HasSubstr(cmd));
  auto ch = run_snr({"config", "check", "--help"});
  EXPECT_EQ(ch.code, 0);
  EXPECT_THAT(ch.out, HasSubstr("--env"));
  EXPECT_EQ(run_snr({"no-such-command"}).code, 2);
  EXPECT_EQ(run_snr({}).code, 2);
  EXPECT_EQ(run_snr({"config", "check", "--no-such-flag"}).code, 2);
}

TEST(ConfigCheck, ValidInvalidAndMissingFile) {
  TempDir dir;
  auto good = dir.write(".env", snr::testing::kMinimalEnv);
  auto ok = run_snr({"config", "check", "--env", good.string()});
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_THAT(ok.out, HasSubstr("ok: follower on mainnet"));

  auto bad = run_snr({"config", "check", "--env", fixture_path("blueprint/env-test")});
  EXPECT_EQ(bad.code, 2);
  EXPECT_THAT(bad.err, HasSubstr("error: STACKS_CPU_TYPE"));
  EXPECT_THAT(bad.err, HasSubstr("error: STACKS_P2P_PORT"));
  EXPECT_EQ(bad.out, "");

  auto missing = run_snr({"config", "check", "--env", (dir / "nope.env").string()});
  EXPECT_EQ(missing.code, 2);
  EXPECT_THAT(missing.err, HasSubstr("nope.env"));
}

TEST(ConfigCheck, DefaultsToDotEnvInTheWorkingDirectoryAndTheEnvironmentWins) {
  TempDir dir;
  dir.write(".env", "AWS_ACCOUNT_ID=xxxxxxxxxxxx\nAWS_REGION=us-west-2\n");
  auto placeholder = run_snr({"config", "check"}, {}, dir.path());
  EXPECT_EQ(placeholder.code, 2);
  EXPECT_THAT(placeholder.err, HasSubstr("placeholder"));
  auto fixed = run_snr({"config", "check"}, {{"AWS_ACCOUNT_ID", "123456789012"}}, dir.path());
  EXPECT_EQ(fixed.code, 0) << fixed.err;
}

TEST(ConfigShow, TextAndJsonWithSourcesAndRedactedSecrets) {
  TempDir dir;
  auto env = dir.write(".env", std::string(snr::testing::kMinimalEnv) +
                                   "BITCOIN_RPC_PASSWORD=hunter2\nSTACKS_RPC_PORT=21443\n");
  auto text = run_snr({"config", "show", "--env", env.string()}, {{"STACKS_P2P_PORT", "21444"}});
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("STACKS_RPC_PORT"));
  EXPECT_THAT(text.out, HasSubstr("[environment]"));
  EXPECT_EQ(text.out.find("hunter2"), std::string::npos);

  auto json =
      run_snr({"config", "show", "--json", "--env", env.string()}, {{"STACKS_P2P_PORT", "21444"}});
  ASSERT_EQ(json.code, 0) << json.err;
  auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["STACKS_RPC_PORT"]["value"], "21443");
  EXPECT_EQ(j["STACKS_RPC_PORT"]["source"], "file");
  EXPECT_EQ(j["STACKS_P2P_PORT"]["source"], "environment");
  EXPECT_EQ(j["STACKS_DATA_VOL_SIZE"]["source"], "default");
  EXPECT_EQ(j["BITCOIN_RPC_PASSWORD"]["value"], "<redacted>");
  EXPECT_EQ(json.out.find("hunter2"), std::string::npos);
}

TEST(Render, NodeConfigToStdoutOrFile) {
  TempDir dir;
  auto env =
      dir.write(".env", std::string(snr::testing::kMinimalEnv) +
                            "STACKS_NODE_CONFIGURATION=signer\nBITCOIN_RPC_PASSWORD=hunter2\n");
  auto out = run_snr({"render", "node-config", "--env", env.string()});
  ASSERT_EQ(out.code, 0) << out.err;
  auto t = toml::parse(out.out);
  EXPECT_EQ(t.at_path("node.stacker").value_or(false), true);
  EXPECT_EQ(out.out.find("hunter2"), std::string::npos);
  EXPECT_THAT(out.out, HasSubstr("<snr-secret:auth-token>"));

  auto file = dir / "node.toml";
  auto to_file = run_snr({"render", "node-config", "--env", env.string(), "--out", file.string()});
  ASSERT_EQ(to_file.code, 0) << to_file.err;
  EXPECT_EQ(read_file(file.string()), out.out);

  auto signer = run_snr({"render", "signer-config", "--env", env.string()});
  ASSERT_EQ(signer.code, 0) << signer.err;
  EXPECT_EQ(toml::parse(signer.out).at_path("network").value_or(""), std::string("mainnet"));
}

TEST(Render, BadInputWritesNothing) {
  TempDir dir;
  auto out = dir / "node.toml";
  auto bad = run_snr({"render", "node-config", "--env", fixture_path("blueprint/env-test"), "--out",
                      out.string()});
  EXPECT_EQ(bad.code, 2);
  EXPECT_FALSE(std::filesystem::exists(out));

  auto follower = dir.write(".env", snr::testing::kMinimalEnv);
  auto signer =
      run_snr({"render", "signer-config", "--env", follower.string(), "--out", out.string()});
  EXPECT_EQ(signer.code, 2);
  EXPECT_THAT(signer.err, HasSubstr("STACKS_NODE_CONFIGURATION=signer"));
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(SampleConfigs, EachOnlyNeedsTheAccountIdAndDocumentsEveryVariable) {
  std::string all_text;
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kSamples)) {
    ++count;
    auto path = entry.path().string();
    all_text += read_file(path);
    auto as_is = run_snr({"config", "check", "--env", path});
    EXPECT_EQ(as_is.code, 2) << path;
    EXPECT_THAT(as_is.err, HasSubstr("AWS_ACCOUNT_ID")) << path;
    EXPECT_EQ(std::count(as_is.err.begin(), as_is.err.end(), '\n'), 1) << path << as_is.err;
    auto filled = run_snr({"config", "check", "--env", path}, {{"AWS_ACCOUNT_ID", "123456789012"}});
    EXPECT_EQ(filled.code, 0) << path << "\n" << filled.err;
  }
  EXPECT_EQ(count, 5);  // follower, follower-HA, signer, miner, testnet
  for (const auto& v : config::known_variables()) {
    EXPECT_THAT(all_text, HasSubstr(std::string(v.name))) << "undocumented variable";
  }
}

}  // namespace
}  // namespace snr::cli
