// Proves that libcurl's SigV4 (as our clients drive it) produces signatures
// a verifier accepts: moto_server with IAM enforcement
// (INITIAL_NO_AUTH_ACTION_COUNT) checks every request's signature after the
// first few, which create an IAM user and its access key.

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "aws/cloudformation.h"
#include "aws/context.h"
#include "aws/ec2.h"
#include "aws/s3.h"
#include "aws/secrets_manager.h"
#include "aws/ssm.h"
#include "aws/sts.h"
#include "support/moto_server.h"

namespace snr::aws {
namespace {

using snr::testing::MotoServer;

constexpr const char* kAccount = "123456789012";
constexpr const char* kAdminPolicy =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";

// One moto_server with signature checks for the whole binary.
class SigV4Env : public ::testing::Environment {
 public:
  static inline MotoServer* moto = nullptr;
  static inline std::string key;
  static inline std::string secret;

  void SetUp() override {
    // The first 3 requests are let through unsigned-checked: they set up the user.
    moto = new MotoServer(snr::testing::EnvMap{{"INITIAL_NO_AUTH_ACTION_COUNT", "3"}});
    moto->aws({"iam", "create-user", "--user-name", "snr-test"});
    moto->aws({"iam", "put-user-policy", "--user-name", "snr-test", "--policy-name", "admin",
               "--policy-document", kAdminPolicy});
    auto k = moto->aws({"iam", "create-access-key", "--user-name", "snr-test"});
    key = k["AccessKey"]["AccessKeyId"];
    secret = k["AccessKey"]["SecretAccessKey"];
  }
  void TearDown() override {
    delete moto;
    moto = nullptr;
  }
};

const auto* const kEnv = ::testing::AddGlobalTestEnvironment(new SigV4Env);

MotoServer& moto() {
  return *SigV4Env::moto;
}
AwsContext good() {
  return moto().context(SigV4Env::key, SigV4Env::secret);
}
AwsContext wrong_secret() {
  return moto().context(SigV4Env::key, SigV4Env::secret + "x");
}
snr::testing::EnvMap cli_user() {
  return {{"AWS_ACCESS_KEY_ID", SigV4Env::key}, {"AWS_SECRET_ACCESS_KEY", SigV4Env::secret}};
}

template <typename F>
AwsError expect_aws_error(F&& f) {
  try {
    f();
  } catch (const AwsError& e) {
    return e;
  }
  ADD_FAILURE() << "expected an AwsError";
  return AwsError("none", "none", "", 0);
}

TEST(SigV4Query, StsAcceptsTheRightSecretAndRejectsAWrongOne) {
  CallerIdentity id = StsClient(good()).get_caller_identity();
  EXPECT_EQ(id.account, kAccount);
  EXPECT_EQ(id.arn, std::string("arn:aws:iam::") + kAccount + ":user/snr-test");

  AwsError e = expect_aws_error([] { StsClient(wrong_secret()).get_caller_identity(); });
  EXPECT_EQ(e.service(), "STS");
  EXPECT_EQ(e.code(), "SignatureDoesNotMatch");
  EXPECT_EQ(e.http_status(), 403);
  EXPECT_TRUE(e.is_auth_error());
  EXPECT_FALSE(e.is_retryable());
}

TEST(SigV4Query, UnknownAccessKeyIsRejected) {
  AwsError e = expect_aws_error(
      [] { StsClient(moto().context("AKIAUNKNOWNKEY000000", "whatever")).get_caller_identity(); });
  EXPECT_EQ(e.code(), "InvalidClientTokenId");
}

TEST(SigV4Query, CloudFormationFormBodyWithAwkwardCharactersIsSignedConsistently) {
  // Spaces, '+', '&', '=', '~', '*', quotes, newlines, non-ASCII and a body
  // well over 1 KiB: all form-encoded, hashed and signed by curl.
  std::string description = "snr \"test\" a+b & c=d ~tilde* ünïcødé 100% \n second line";
  std::string padding(6000, 'x');
  nlohmann::json tmpl = {{"AWSTemplateFormatVersion", "2010-09-09"},
                         {"Description", description},
                         {"Metadata", {{"Padding", padding}}},
                         {"Resources", {{"B", {{"Type", "AWS::S3::Bucket"}}}}}};
  CloudFormationClient cfn(good());
  // moto's ValidateTemplate echoes only the Description back.
  EXPECT_EQ(cfn.validate_template(tmpl.dump()).description, description);

  CreateChangeSetRequest req;
  req.stack_name = "sigv4-stack";
  req.change_set_name = "cs1";
  req.type = ChangeSetType::create;
  req.template_body =
      R"({"Parameters":{"P":{"Type":"String"}},"Resources":{"B":{"Type":"AWS::S3::Bucket",)"
      R"("Properties":{"Tags":[{"Key":"p","Value":{"Ref":"P"}}]}}}})";
  req.parameters = {{"P", description}};
  req.tags = {{"purpose", "sigv4 test & more"}};
  req.description = description;
  ChangeSetRef ref = cfn.create_change_set(req);
  EXPECT_FALSE(ref.id.empty());
  ChangeSet cs = cfn.describe_change_set("cs1", "sigv4-stack");
  ASSERT_EQ(cs.parameters.size(), 1u);
  EXPECT_EQ(cs.parameters[0].value, description);

  EXPECT_FALSE(cfn.describe_stack("no-such-stack").has_value());
  AwsError e =
      expect_aws_error([] { CloudFormationClient(wrong_secret()).describe_stack("sigv4-stack"); });
  EXPECT_EQ(e.code(), "SignatureDoesNotMatch");
}

TEST(SigV4Query, Ec2WrongSecretIsAuthFailure) {
  auto vpcs = Ec2Client(good()).describe_vpcs({{"isDefault", {"true"}}});
  EXPECT_EQ(vpcs.size(), 1u);
  AwsError e = expect_aws_error([] { Ec2Client(wrong_secret()).describe_vpcs(); });
  EXPECT_EQ(e.service(), "EC2");
  EXPECT_EQ(e.code(), "AuthFailure");
}

TEST(SigV4Json, SecretsManagerRoundTripsASecretAndRejectsAWrongSecret) {
  std::vector<std::string> log;
  AwsContext ctx = good();
  ctx.log = [&](std::string_view line) { log.emplace_back(line); };
  std::string value = R"({"password":"p@ss w+rd&=ü","n":1})";
  SecretsManagerClient sm(ctx);
  SecretRef ref = sm.create_secret({"snr/sigv4/secret", value, "signed JSON", "", {{"k", "v"}}});
  EXPECT_EQ(ref.name, "snr/sigv4/secret");
  EXPECT_EQ(sm.get_secret_value("snr/sigv4/secret").secret_string, value);

  ASSERT_FALSE(log.empty());
  for (const auto& line : log) {
    EXPECT_EQ(line.find("p@ss"), std::string::npos) << "secret leaked into the log: " << line;
  }

  // The AWS CLI (its own signer) sees the same secret.
  auto cli = moto().aws({"secretsmanager", "get-secret-value", "--secret-id", "snr/sigv4/secret"},
                        cli_user());
  EXPECT_EQ(cli["SecretString"], value);

  AwsError e = expect_aws_error(
      [] { SecretsManagerClient(wrong_secret()).get_secret_value("snr/sigv4/secret"); });
  EXPECT_EQ(e.service(), "Secrets Manager");
  EXPECT_EQ(e.code(), "SignatureDoesNotMatch");
}

TEST(SigV4Json, SsmPutAndGetAreSigned) {
  SsmClient ssm(good());
  EXPECT_EQ(
      ssm.put_parameter(
          {"/snr/sigv4/p", "a value with spaces", ParameterType::secure_string, false, "", "", {}}),
      1);
  auto p = ssm.get_parameter("/snr/sigv4/p");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->value, "a value with spaces");
  AwsError e = expect_aws_error([] { SsmClient(wrong_secret()).get_parameter("/snr/sigv4/p"); });
  EXPECT_EQ(e.code(), "SignatureDoesNotMatch");
}

TEST(SigV4S3, ObjectsGoUpAndDownSignedAndAWrongSecretIsRejected) {
  moto().aws({"s3api", "create-bucket", "--bucket", "snr-sigv4"}, cli_user());
  S3Client s3(good());
  ObjectInfo put = s3.put_object("snr-sigv4", "dir/a b.txt", "hello from memory", "text/plain");
  EXPECT_FALSE(put.etag.empty());

  auto dir = std::filesystem::temp_directory_path() / ("snr-sigv4-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  { std::ofstream(dir / "up.bin", std::ios::binary) << std::string(300000, 'z'); }
  s3.put_object_file("snr-sigv4", "dir/up.bin", dir / "up.bin");
  auto head = s3.head_object("snr-sigv4", "dir/up.bin");
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->size, 300000);
  EXPECT_FALSE(s3.head_object("snr-sigv4", "dir/missing").has_value());

  s3.get_object_to_file("snr-sigv4", "dir/a b.txt", dir / "down.txt");
  std::ifstream in(dir / "down.txt");
  std::string got((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(got, "hello from memory");

  auto listed = s3.list_objects_v2("snr-sigv4", "dir");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].key, "dir/a b.txt");
  EXPECT_EQ(listed[1].key, "dir/up.bin");
  EXPECT_EQ(s3.list_object_versions("snr-sigv4").size(), 2u);        // "versions=" signed right
  auto del = s3.delete_objects("snr-sigv4", {{"dir/a b.txt", ""}});  // "delete=" + Content-MD5
  EXPECT_EQ(del.deleted.size(), 1u);
  EXPECT_TRUE(del.errors.empty());

  AwsError e =
      expect_aws_error([] { S3Client(wrong_secret()).head_object("snr-sigv4", "dir/up.bin"); });
  EXPECT_EQ(e.service(), "S3");
  EXPECT_EQ(e.http_status(), 403);
  AwsError e2 = expect_aws_error(
      [] { S3Client(wrong_secret()).put_object("snr-sigv4", "x", "data", "text/plain"); });
  EXPECT_EQ(e2.code(), "SignatureDoesNotMatch");
  std::filesystem::remove_all(dir);
}

TEST(SigV4SessionToken, AssumedRoleCredentialsSignWithTheTokenHeader) {
  std::string trust = std::string(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)") +
                      R"("Principal":{"AWS":"arn:aws:iam::)" + kAccount +
                      R"(:user/snr-test"},"Action":"sts:AssumeRole"}]})";
  moto().aws(
      {"iam", "create-role", "--role-name", "snr-role", "--assume-role-policy-document", trust},
      cli_user());
  moto().aws({"iam", "put-role-policy", "--role-name", "snr-role", "--policy-name", "admin",
              "--policy-document", kAdminPolicy},
             cli_user());
  std::string role_arn = std::string("arn:aws:iam::") + kAccount + ":role/snr-role";

  Credentials temp = StsClient(good()).assume_role({role_arn, "snr-session", 900, std::nullopt});
  ASSERT_FALSE(temp.session_token.empty());
  ASSERT_TRUE(temp.expiration.has_value());

  std::vector<std::string> log;
  AwsContext ctx = moto().context(temp.access_key_id, temp.secret_access_key, temp.session_token);
  ctx.log = [&](std::string_view line) { log.emplace_back(line); };
  CallerIdentity id = StsClient(ctx).get_caller_identity();
  EXPECT_EQ(id.arn, std::string("arn:aws:sts::") + kAccount + ":assumed-role/snr-role/snr-session");
  for (const auto& line : log) {
    EXPECT_EQ(line.find(temp.session_token), std::string::npos) << "token leaked: " << line;
  }

  AwsError e = expect_aws_error([&] {
    StsClient(moto().context(temp.access_key_id, temp.secret_access_key)).get_caller_identity();
  });
  EXPECT_EQ(e.code(), "InvalidClientTokenId");

  // The same through a profile: role_arn + source_profile in the shared files.
  auto dir = std::filesystem::temp_directory_path() / ("snr-profile-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "credentials") << "[base]\naws_access_key_id = " << SigV4Env::key
                                     << "\naws_secret_access_key = " << SigV4Env::secret << "\n";
  std::ofstream(dir / "config") << "[profile deployer]\nrole_arn = " << role_arn
                                << "\nsource_profile = base\nrole_session_name = from-profile\n"
                                   "region = us-east-1\n";
  util::Environment env{{"AWS_CONFIG_FILE", (dir / "config").string()},
                        {"AWS_SHARED_CREDENTIALS_FILE", (dir / "credentials").string()},
                        {"AWS_PROFILE", "deployer"},
                        {"AWS_ENDPOINT_URL", moto().url()},
                        {"AWS_EC2_METADATA_DISABLED", "true"}};
  AwsContext from_profile = make_context({}, env);
  EXPECT_EQ(from_profile.region, "us-east-1");
  EXPECT_EQ(StsClient(from_profile).get_caller_identity().arn,
            std::string("arn:aws:sts::") + kAccount + ":assumed-role/snr-role/from-profile");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace snr::aws
