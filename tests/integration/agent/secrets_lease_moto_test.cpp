// Signer/miner secrets and the signer lease against moto_server, checked with
// the real `aws` CLI: generate-then-reuse across two "instances", import by
// ARN, never overwrite, values never in messages; one lease holder per key.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "agent/key_provisioning.h"
#include "agent/signer_lease.h"
#include "aws/ec2.h"
#include "aws/s3.h"
#include "aws/secrets_manager.h"
#include "node/keys_store.h"
#include "support/moto_server.h"
#include "util/error.h"

namespace snr::agent {
namespace {

using snr::testing::MotoServer;
using ::testing::HasSubstr;

const auto* const kMoto = snr::testing::add_shared_moto();
MotoServer& moto() {
  return snr::testing::shared_moto();
}

const char* kKnownKey = "2de4e77aab89c0c2570bb8bb90824f5cf2a5204a975905fee450ff9dad0fcf2801";
const char* kKnownAddress = "SP1286C62P3TAWVQV2VM2CEGTRBQZSZ6MHMS9RW05";

std::string secret_string(const std::string& id) {
  return moto().aws({"secretsmanager", "get-secret-value", "--secret-id", id})["SecretString"];
}

TEST(KeyProvisioning, GeneratesOnFirstBootAndReusesOnTheReplacement) {
  auto ctx = moto().context();
  aws::SecretsManagerClient sm1(ctx), sm2(ctx);
  KeyProvisioner first(sm1, "snr/stacks-single-node-signer/", node::Network::mainnet);
  ProvisionedKey a = first.signer_key("");
  EXPECT_TRUE(a.generated);

  // Stored before use: the secret exists and holds exactly this key.
  std::string stored = secret_string("snr/stacks-single-node-signer/signer-key");
  EXPECT_EQ(node::parse_stored_key(stored, "test").public_key(), a.key.public_key());
  auto described = moto().aws({"secretsmanager", "describe-secret", "--secret-id",
                               "snr/stacks-single-node-signer/signer-key"});
  bool tagged = false;
  for (const auto& t : described["Tags"]) {
    if (t["Key"] == "snr:address") {
      tagged = true;
      EXPECT_EQ(t["Value"], a.key.public_key().address(node::Network::mainnet).to_string());
    }
  }
  EXPECT_TRUE(tagged);

  // A replacement instance finds and reuses it; it never makes a second identity.
  KeyProvisioner second(sm2, "snr/stacks-single-node-signer/", node::Network::mainnet);
  ProvisionedKey b = second.signer_key("");
  EXPECT_FALSE(b.generated);
  EXPECT_EQ(b.key, a.key);
  EXPECT_EQ(b.secret_arn, a.secret_arn);
  auto list = moto().aws({"secretsmanager", "list-secrets"});
  int signer_keys = 0;
  for (const auto& s : list["SecretList"]) {
    if (s["Name"] == "snr/stacks-single-node-signer/signer-key") ++signer_keys;
  }
  EXPECT_EQ(signer_keys, 1);
}

TEST(KeyProvisioning, ImportsAKeyByArnInEitherFormat) {
  auto plain = moto().aws({"secretsmanager", "create-secret", "--name", "my-signer-plain",
                           "--secret-string", kKnownKey});
  auto json =
      moto().aws({"secretsmanager", "create-secret", "--name", "my-signer-json", "--secret-string",
                  std::string("{\"private_key\": \"") + kKnownKey + "\"}"});
  auto ctx = moto().context();
  aws::SecretsManagerClient sm(ctx);
  KeyProvisioner p(sm, "snr/stacks-single-node-signer/", node::Network::mainnet);
  for (const auto& created : {plain, json}) {
    ProvisionedKey k = p.signer_key(created["ARN"]);
    EXPECT_FALSE(k.generated);
    EXPECT_EQ(k.key.public_key().address(node::Network::mainnet).to_string(), kKnownAddress);
  }
}

TEST(KeyProvisioning, NeverOverwritesAndNeverPrintsTheValue) {
  // A generated-name secret that exists but holds garbage: an error naming the
  // secret, not a new key written over it, and the value is not in the message.
  moto().aws({"secretsmanager", "create-secret", "--name", "snr/broken-stack/signer-key",
              "--secret-string", "not-a-key-c0ffee"});
  auto ctx = moto().context();
  aws::SecretsManagerClient sm(ctx);
  KeyProvisioner p(sm, "snr/broken-stack/", node::Network::testnet);
  try {
    p.signer_key("");
    FAIL() << "expected a Failure";
  } catch (const Failure& e) {
    EXPECT_THAT(e.what(), HasSubstr("snr/broken-stack/signer-key"));
    EXPECT_THAT(e.what(), ::testing::Not(HasSubstr("c0ffee")));
  }
  EXPECT_EQ(secret_string("snr/broken-stack/signer-key"), "not-a-key-c0ffee");

  // A key in the wrong secret format (JSON without private_key) likewise.
  moto().aws({"secretsmanager", "create-secret", "--name", "odd-json", "--secret-string",
              "{\"key\": \"abc\"}"});
  auto odd = moto().aws({"secretsmanager", "describe-secret", "--secret-id", "odd-json"});
  EXPECT_THROW(p.signer_key(odd["ARN"]), Failure);
}

TEST(KeyProvisioning, AuthTokenAndMinerSeedAreStableAcrossInstances) {
  auto ctx = moto().context();
  aws::SecretsManagerClient sm1(ctx), sm2(ctx);
  KeyProvisioner a(sm1, "snr/stacks-single-node-miner/", node::Network::mainnet);
  KeyProvisioner b(sm2, "snr/stacks-single-node-miner/", node::Network::mainnet);
  std::string t1 = a.auth_token();
  EXPECT_EQ(t1.size(), 64u);
  EXPECT_EQ(b.auth_token(), t1);
  EXPECT_EQ(secret_string("snr/stacks-single-node-miner/auth-token"), t1);
  ProvisionedKey s1 = a.miner_seed("");
  ProvisionedKey s2 = b.miner_seed("");
  EXPECT_TRUE(s1.generated);
  EXPECT_FALSE(s2.generated);
  EXPECT_EQ(s1.key, s2.key);
}

TEST(KeyProvisioning, BitcoinPasswordPlainOrJson) {
  auto plain = moto().aws(
      {"secretsmanager", "create-secret", "--name", "btc-plain", "--secret-string", "pa ss\"word"});
  auto json = moto().aws({"secretsmanager", "create-secret", "--name", "btc-json",
                          "--secret-string", "{\"password\": \"s3cret\"}"});
  auto ctx = moto().context();
  aws::SecretsManagerClient sm(ctx);
  KeyProvisioner p(sm, "snr/x/", node::Network::mainnet);
  EXPECT_EQ(p.bitcoin_rpc_password(plain["ARN"]), "pa ss\"word");
  EXPECT_EQ(p.bitcoin_rpc_password(json["ARN"]), "s3cret");
}

// --- the lease -------------------------------------------------------------------

std::string run_instance() {
  std::string image = moto().aws({"ec2", "describe-images", "--owners", "amazon", "--filters",
                                  "Name=name,Values=amzn2-ami-hvm*"})["Images"][0]["ImageId"];
  return moto().aws({"ec2", "run-instances", "--image-id", image, "--count", "1", "--instance-type",
                     "m5.large"})["Instances"][0]["InstanceId"];
}

LeaseRecord record_for(const std::string& instance) {
  return {instance, "stacks-single-node-signer", "03bc", kKnownAddress, "2026-11-24T00:00:00Z"};
}

TEST(SignerLease, OneHolderPerKeyAndTakeoverOnlyFromAGoneInstance) {
  moto().aws({"s3api", "create-bucket", "--bucket", "snr-assets-lease-test"});
  auto ctx = moto().context();
  aws::S3Client s3(ctx);
  aws::Ec2Client ec2(ctx);
  LeaseLocation where{"snr-assets-lease-test",
                      "leases/signer/0123456789abcdef0123456789abcdef.json"};
  S3LeaseStore store(s3, where);
  auto gone = ec2_instance_gone(ec2);

  std::string old_instance = run_instance();
  std::string new_instance = run_instance();
  EXPECT_FALSE(gone(old_instance));
  EXPECT_TRUE(gone("i-0123456789abcdef0"));

  auto first = acquire_lease(store, gone, record_for(old_instance));
  EXPECT_EQ(first.outcome, LeaseOutcome::acquired);
  EXPECT_EQ(acquire_lease(store, gone, record_for(old_instance)).outcome,
            LeaseOutcome::already_ours);

  // The replacement must not sign while the old instance runs (or is merely stopping).
  auto blocked = acquire_lease(store, gone, record_for(new_instance));
  EXPECT_EQ(blocked.outcome, LeaseOutcome::held_by_other);
  EXPECT_EQ(blocked.holder.instance_id, old_instance);

  moto().aws({"ec2", "terminate-instances", "--instance-ids", old_instance});
  auto taken = acquire_lease(store, gone, record_for(new_instance));
  EXPECT_EQ(taken.outcome, LeaseOutcome::acquired);
  auto head =
      moto().aws({"s3api", "head-object", "--bucket", "snr-assets-lease-test", "--key", where.key});
  EXPECT_EQ(head["ContentType"], "application/json");
  auto current = store.read();
  ASSERT_TRUE(current);
  EXPECT_EQ(current->record.instance_id, new_instance);
  EXPECT_EQ(current->record.address, kKnownAddress);
}

TEST(SignerLease, ConditionalWritesLetOnlyOneContenderWin) {
  moto().aws({"s3api", "create-bucket", "--bucket", "snr-assets-race-test"});
  auto ctx = moto().context();
  aws::S3Client s3(ctx);
  S3LeaseStore store(s3, {"snr-assets-race-test", "leases/signer/race.json"});
  // Two creators: only the first create succeeds.
  EXPECT_TRUE(store.create(record_for("i-aaaaaaaaaaaaaaaaa")));
  EXPECT_FALSE(store.create(record_for("i-bbbbbbbbbbbbbbbbb")));
  auto seen = store.read();
  ASSERT_TRUE(seen);
  // Two contenders took over from the same stale version: only one replace lands.
  EXPECT_TRUE(store.replace(record_for("i-ccccccccccccccccc"), seen->etag));
  EXPECT_FALSE(store.replace(record_for("i-ddddddddddddddddd"), seen->etag));
  EXPECT_EQ(store.read()->record.instance_id, "i-ccccccccccccccccc");
}

}  // namespace
}  // namespace snr::agent
