// `snr keys generate --secret NAME` / `snr keys show --secret ARN` against
// moto, checked with the aws CLI: created once, never overwritten, tagged with
// public facts, the private key never printed.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "node/keys_store.h"
#include "support/moto_server.h"
#include "support/run_snr.h"

namespace snr::cli {
namespace {

using snr::testing::RunResult;
using ::testing::HasSubstr;

const auto* const kMoto = snr::testing::add_shared_moto();

std::map<std::string, std::string> aws_env() {
  return {{"AWS_ACCESS_KEY_ID", "testing"},
          {"AWS_SECRET_ACCESS_KEY", "testing"},
          {"AWS_REGION", "us-east-1"},
          {"AWS_CONFIG_FILE", "/dev/null"},
          {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
          {"AWS_EC2_METADATA_DISABLED", "true"},
          {"AWS_ENDPOINT_URL", snr::testing::shared_moto().url()}};
}

TEST(KeysSecret, GenerateOnceShowAndNeverPrintTheKey) {
  auto& moto = snr::testing::shared_moto();
  RunResult gen = snr::testing::run_snr(
      {"keys", "generate", "--network", "testnet", "--secret", "ops/signer-key"}, aws_env());
  ASSERT_EQ(gen.code, 0) << gen.err;
  EXPECT_THAT(gen.out,
              ::testing::MatchesRegex("public_key: 0[23][0-9a-f]{64}\naddress: ST[0-9A-Z]+\n"));

  auto value = moto.aws({"secretsmanager", "get-secret-value", "--secret-id", "ops/signer-key"});
  node::PrivateKey key = node::parse_stored_key(value["SecretString"], "test");
  std::string hex = key.reveal_hex();
  EXPECT_EQ(gen.out.find(hex), std::string::npos);
  EXPECT_EQ(gen.err.find(hex), std::string::npos);
  std::string address = key.public_key().address(node::Network::testnet).to_string();
  EXPECT_THAT(gen.out, HasSubstr("address: " + address));
  auto described = moto.aws({"secretsmanager", "describe-secret", "--secret-id", "ops/signer-key"});
  std::map<std::string, std::string> tags;
  for (const auto& t : described["Tags"])
    tags[t["Key"]] = t["Value"];
  EXPECT_EQ(tags["snr:address"], address);
  EXPECT_EQ(tags["snr:public-key"], key.public_key().hex());

  // Never overwritten.
  RunResult again = snr::testing::run_snr(
      {"keys", "generate", "--network", "testnet", "--secret", "ops/signer-key"}, aws_env());
  EXPECT_EQ(again.code, 2);
  EXPECT_THAT(again.err, HasSubstr("already exists"));
  auto still = moto.aws({"secretsmanager", "get-secret-value", "--secret-id", "ops/signer-key"});
  EXPECT_EQ(still["SecretString"], value["SecretString"]);

  // show reads it back (by ARN) and agrees; JSON too.
  RunResult show = snr::testing::run_snr(
      {"keys", "show", "--network", "testnet", "--secret", described["ARN"]}, aws_env());
  ASSERT_EQ(show.code, 0) << show.err;
  EXPECT_EQ(show.out, gen.out);
  node::wipe(hex);
}

TEST(KeysSecret, ShowsAPlainHexSecretAndRefusesMissingOnes) {
  auto& moto = snr::testing::shared_moto();
  auto created =
      moto.aws({"secretsmanager", "create-secret", "--name", "imported-key", "--secret-string",
                "2de4e77aab89c0c2570bb8bb90824f5cf2a5204a975905fee450ff9dad0fcf2801"});
  RunResult show =
      snr::testing::run_snr({"keys", "show", "--secret", created["ARN"], "--json"}, aws_env());
  ASSERT_EQ(show.code, 0) << show.err;
  auto j = nlohmann::json::parse(show.out);
  EXPECT_EQ(j["address"], "SP1286C62P3TAWVQV2VM2CEGTRBQZSZ6MHMS9RW05");
  EXPECT_FALSE(j.contains("private_key"));

  RunResult missing = snr::testing::run_snr({"keys", "show", "--secret", "nope"}, aws_env());
  EXPECT_EQ(missing.code, 2);
  EXPECT_THAT(missing.err, HasSubstr("no such secret"));
  RunResult both = snr::testing::run_snr(
      {"keys", "show", "--secret", "imported-key", "--file", "/tmp/x"}, aws_env());
  EXPECT_EQ(both.code, 2);
}

}  // namespace
}  // namespace snr::cli
