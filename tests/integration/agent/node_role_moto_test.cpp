// The agent's real AWS code paths under moto's IAM enforcement
// (INITIAL_NO_AUTH_ACTION_COUNT), with credentials whose only permissions are
// the synthesized node role's policy documents. An admin user sets the scene
// (bucket, settings parameter, instances, volume, given secrets); then each
// role's user runs what that node runs at boot and in `agent run`. Any
// AccessDenied fails the test.
//
// moto matches a non-S3 action's Resource against "*" and skips conditions it
// cannot evaluate, so the documents are projected: S3 statements keep their
// resources (moto checks bucket and key ARNs), every other Resource becomes
// "*", and no Condition is kept. moto proves the actions and the S3 ARNs; the
// evaluator in tests/unit/infra/node_role_test.cpp proves the rest.

#include <cctype>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "agent/bootstrap/volume_attach.h"
#include "agent/key_provisioning.h"
#include "agent/signer_lease.h"
#include "aws/cloudwatch.h"
#include "aws/ec2.h"
#include "aws/error.h"
#include "aws/s3.h"
#include "aws/secrets_manager.h"
#include "aws/ssm.h"
#include "contract/metrics.h"
#include "contract/names.h"
#include "infra/node_calls.h"
#include "infra/stacks.h"
#include "support/moto_iam.h"
#include "support/moto_server.h"
#include "unit/infra/infra_fixtures.h"

namespace snr::agent {
namespace {

using nlohmann::json;
using snr::testing::MotoServer;

constexpr const char* kAdminPolicy =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";

struct Keys {
  std::string id, secret;
};

class NodeRoleEnv : public ::testing::Environment {
 public:
  static inline MotoServer* moto = nullptr;
  static inline Keys admin;

  void SetUp() override {
    moto = new MotoServer(snr::testing::EnvMap{{"INITIAL_NO_AUTH_ACTION_COUNT", "3"}});
    moto->aws({"iam", "create-user", "--user-name", "admin"});
    moto->aws({"iam", "put-user-policy", "--user-name", "admin", "--policy-name", "admin",
               "--policy-document", kAdminPolicy});
    auto k = moto->aws({"iam", "create-access-key", "--user-name", "admin"});
    admin = {k["AccessKey"]["AccessKeyId"], k["AccessKey"]["SecretAccessKey"]};
  }
  void TearDown() override {
    delete moto;
    moto = nullptr;
  }
};

const auto* const kEnv = ::testing::AddGlobalTestEnvironment(new NodeRoleEnv);

MotoServer& moto() {
  return *NodeRoleEnv::moto;
}

json as_admin(const std::vector<std::string>& args) {
  return moto().aws(args, {{"AWS_ACCESS_KEY_ID", NodeRoleEnv::admin.id},
                           {"AWS_SECRET_ACCESS_KEY", NodeRoleEnv::admin.secret}});
}

using snr::testing::project_for_moto;

struct NodeUser {
  Keys keys;
  infra::iam::Scene scene;
};

/// A user carrying exactly the node role's documents for `env` deployed as
/// `kind`, with the asset bucket `bucket`.
NodeUser node_user(const std::string& name, const std::string& env, contract::DeploymentKind kind,
                   const std::string& bucket) {
  auto c = snr::testing::valid_config(env);
  auto scene = infra::iam::scene_for(c, kind);
  scene.names["bucket"] = bucket;
  json common = infra::build_common_stack(c).to_json();
  json node = kind == contract::DeploymentKind::ha ? infra::build_ha_stack(c).to_json()
                                                   : infra::build_single_node_stack(c).to_json();
  std::vector<std::string> unknown;
  auto docs = infra::iam::node_role_documents(common, node, scene, unknown);
  EXPECT_TRUE(unknown.empty());
  as_admin({"iam", "create-user", "--user-name", name});
  int i = 0;
  for (const auto& d : docs)
    as_admin({"iam", "put-user-policy", "--user-name", name, "--policy-name",
              "node" + std::to_string(i++), "--policy-document", project_for_moto(d).dump()});
  auto k = as_admin({"iam", "create-access-key", "--user-name", name});
  return {{k["AccessKey"]["AccessKeyId"], k["AccessKey"]["SecretAccessKey"]}, scene};
}

std::string run_instance() {
  auto j = as_admin({"ec2", "run-instances", "--image-id", "ami-12c6146b", "--count", "1",
                     "--instance-type", "t3.micro", "--placement",
                     "AvailabilityZone=us-east-1a"});
  return j["Instances"][0]["InstanceId"];
}

/// What every node does: settings, the snr binary, the data volume, metrics.
void every_node(const aws::AwsContext& ctx, const infra::iam::Scene& scene) {
  const std::string& stack = scene.names.at("stack");
  const std::string& bucket = scene.names.at("bucket");
  const std::string param = contract::settings_parameter_name(stack);
  as_admin({"ssm", "put-parameter", "--name", param, "--type", "String", "--value", "{}",
            "--overwrite"});
  aws::SsmClient ssm(ctx);
  EXPECT_TRUE(ssm.get_parameter(param, false).has_value());

  aws::S3Client s3(ctx);
  EXPECT_TRUE(s3.get_object(bucket, scene.names.at("asset_key")));

  if (scene.bitcoin_secret) {
    const std::string name = contract::secret_name(stack, contract::kBitcoinRpcPasswordSecret);
    auto created = as_admin({"secretsmanager", "create-secret", "--name", name,
                             "--secret-string", "pw"});
    aws::SecretsManagerClient sm(ctx);
    KeyProvisioner p(sm, contract::secret_prefix(stack), node::Network::mainnet);
    EXPECT_EQ(p.bitcoin_rpc_password(created["ARN"]), "pw");
  }

  if (scene.kind == contract::DeploymentKind::single_node) {
    aws::Ec2Client ec2(ctx);
    const std::string instance = run_instance();
    auto vol = as_admin({"ec2", "create-volume", "--size", "10", "--availability-zone",
                         "us-east-1a"});
    attach_data_volume(ec2, vol["VolumeId"], instance, "/dev/sdf", std::chrono::seconds(5),
                       std::chrono::seconds(1), [](std::chrono::milliseconds) {},
                       [](const std::string&) {});
  }

  aws::CloudWatchClient cw(ctx);
  cw.put_metric_data(std::string(contract::metrics::kNamespace),
                     {{"stacks_node_up", 1, "Count", std::nullopt, {}, std::nullopt}});
}

/// Signer and miner: keys (generated, or given by ARN), the token, the lease.
void keys_and_lease(const aws::AwsContext& ctx, const infra::iam::Scene& scene, bool miner,
                    const std::string& given_signer) {
  const std::string& stack = scene.names.at("stack");
  const std::string& bucket = scene.names.at("bucket");
  aws::SecretsManagerClient sm(ctx);
  KeyProvisioner p(sm, contract::secret_prefix(stack), node::Network::mainnet);
  ProvisionedKey signer = p.signer_key(given_signer);
  EXPECT_EQ(signer.generated, given_signer.empty());
  EXPECT_FALSE(p.auth_token().empty());
  if (miner) {
    EXPECT_TRUE(p.miner_seed("").generated);
  }
  // A reboot reads them again.
  KeyProvisioner again(sm, contract::secret_prefix(stack), node::Network::mainnet);
  EXPECT_FALSE(again.signer_key(given_signer).generated);

  aws::S3Client s3(ctx);
  aws::Ec2Client ec2(ctx);
  const std::string& lease = scene.names.at("lease_key");
  const std::string first = run_instance();
  auto a = take_signer_lease(bucket, lease, stack, first, "02ab", "SP1", "2026-01-01T00:00:00Z",
                             s3, ec2);
  EXPECT_EQ(a.outcome, LeaseOutcome::acquired);
  // The first instance is gone: its replacement takes over (DescribeInstances).
  as_admin({"ec2", "terminate-instances", "--instance-ids", first});
  auto b = take_signer_lease(bucket, lease, stack, run_instance(), "02ab", "SP1",
                             "2026-01-01T01:00:00Z", s3, ec2);
  EXPECT_EQ(b.outcome, LeaseOutcome::acquired);
}

/// Runs `f`; an exception (an AccessDenied among them) fails the test with its message.
template <typename F>
void no_denial(const char* what, F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    ADD_FAILURE() << what << ": " << e.what();
  }
}

class NodeRoleUnderMoto : public ::testing::Test {
 protected:
  void SetUp() override {
    bucket_ = "assets-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name());
    for (auto& ch : bucket_)
      ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    as_admin({"s3api", "create-bucket", "--bucket", bucket_});
  }
  /// `name`'s node user; the snr binary is in the bucket where that node looks.
  aws::AwsContext user(const std::string& name, const std::string& env,
                       contract::DeploymentKind kind) {
    NodeUser u = node_user(name, env, kind, bucket_);
    scene_ = u.scene;
    as_admin({"s3api", "put-object", "--bucket", bucket_, "--key", scene_.names.at("asset_key"),
              "--body", std::string(SNR_SOURCE_DIR) + "/README.md"});
    return moto().context(u.keys.id, u.keys.secret);
  }
  infra::iam::Scene scene_;
  std::string bucket_;
};

TEST_F(NodeRoleUnderMoto, FollowerSingleAndHa) {
  using K = contract::DeploymentKind;
  for (auto kind : {K::single_node, K::ha}) {
    auto ctx = user(kind == K::ha ? "follower-ha" : "follower", snr::testing::kFollowerEnv, kind);
    no_denial("every_node", [&] { every_node(ctx, scene_); });
  }
}

TEST_F(NodeRoleUnderMoto, SignerWithAGeneratedKey) {
  auto ctx = user("signer", snr::testing::kSignerEnv, contract::DeploymentKind::single_node);
  no_denial("every_node", [&] { every_node(ctx, scene_); });
  no_denial("keys_and_lease", [&] { keys_and_lease(ctx, scene_, false, ""); });
}

TEST_F(NodeRoleUnderMoto, SignerWithAGivenKey) {
  auto given = as_admin({"secretsmanager", "create-secret", "--name", "team/signer",
                         "--secret-string",
                         "2de4e77aab89c0c2570bb8bb90824f5cf2a5204a975905fee450ff9dad0fcf2801"});
  const std::string arn = given["ARN"];
  auto ctx = user("signer-given",
                  snr::testing::kSignerEnv +
                      "STACKS_SIGNER_SECRET_ARN=arn:aws:secretsmanager:us-west-2:123456789012:"
                      "secret:team/signer-AbCdEf\n",
                  contract::DeploymentKind::single_node);
  no_denial("keys_and_lease", [&] { keys_and_lease(ctx, scene_, false, arn); });
}

TEST_F(NodeRoleUnderMoto, MinerWithGeneratedKeys) {
  auto ctx = user("miner", snr::testing::kMinerEnv, contract::DeploymentKind::single_node);
  no_denial("every_node", [&] { every_node(ctx, scene_); });
  no_denial("keys_and_lease", [&] { keys_and_lease(ctx, scene_, true, ""); });
}

// Without s3:ListBucket, real S3 answers a GET of a missing key with 403, not
// 404. The lease takes a 403 as "absent" once and lets the conditional create
// decide; a 403 again after a lost create is a real denial and surfaces.
// (moto answers 404 whenever GetObject is allowed, so this user lacks GetObject.)
TEST_F(NodeRoleUnderMoto, TheLeaseTakesA403ForAMissingKeyAsAbsent) {
  as_admin({"iam", "create-user", "--user-name", "no-get"});
  as_admin({"iam", "put-user-policy", "--user-name", "no-get", "--policy-name", "p",
            "--policy-document",
            json{{"Version", "2012-10-17"},
                 {"Statement",
                  json::array({{{"Effect", "Allow"},
                                {"Action", json::array({"s3:PutObject", "ec2:DescribeInstances"})},
                                {"Resource", "*"}}})}}
                .dump()});
  auto k = as_admin({"iam", "create-access-key", "--user-name", "no-get"});
  auto ctx = moto().context(k["AccessKey"]["AccessKeyId"], k["AccessKey"]["SecretAccessKey"]);
  aws::S3Client s3(ctx);
  aws::Ec2Client ec2(ctx);
  const std::string lease = "leases/signer/403.json";
  LeaseResult first{};
  no_denial("first take", [&] {
    first = take_signer_lease(bucket_, lease, "s", run_instance(), "02ab", "SP1",
                              "2026-01-01T00:00:00Z", s3, ec2);
  });
  EXPECT_EQ(first.outcome, LeaseOutcome::acquired);
  // It exists now: the create loses, the GET is denied again, and that is said.
  try {
    take_signer_lease(bucket_, lease, "s", run_instance(), "02ab", "SP1", "2026-01-01T00:00:00Z",
                      s3, ec2);
    ADD_FAILURE() << "a denied GetObject of an existing lease went unnoticed";
  } catch (const aws::AwsError& e) {
    EXPECT_EQ(e.http_status(), 403) << e.what();
  }
}

TEST_F(NodeRoleUnderMoto, AUserWithoutTheNodeRoleIsDenied) {
  // The enforcement is on: a user with no policy cannot do any of it.
  as_admin({"iam", "create-user", "--user-name", "nobody"});
  auto k = as_admin({"iam", "create-access-key", "--user-name", "nobody"});
  auto ctx = moto().context(k["AccessKey"]["AccessKeyId"], k["AccessKey"]["SecretAccessKey"]);
  aws::SecretsManagerClient sm(ctx);
  KeyProvisioner p(sm, "snr/x/", node::Network::mainnet);
  EXPECT_THROW(p.signer_key(""), std::exception);
  aws::Ec2Client ec2(ctx);
  EXPECT_THROW(ec2.describe_instances({}), aws::AwsError);
  aws::S3Client s3(ctx);
  EXPECT_THROW(s3.get_object(bucket_, "x"), aws::AwsError);
}

}  // namespace
}  // namespace snr::agent
