#include "aws/credentials.h"

#include <gtest/gtest.h>

#include "aws/context.h"
#include "aws/credential_chain.h"
#include "fake_transport.h"
#include "support/temp_dir.h"
#include "util/error.h"

namespace snr::aws {
namespace {

using namespace std::chrono_literals;
using snr::testing::TempDir;
using test::FakeServer;

struct Chain {
  TempDir dir;
  std::shared_ptr<FakeServer> server = std::make_shared<FakeServer>();
  util::Environment env;
  std::optional<std::string> profile_flag;

  Chain() {
    // Isolated shared files; IMDS off unless a test turns it on.
    env = {{"HOME", dir.path().string()}, {"AWS_EC2_METADATA_DISABLED", "true"}};
  }
  void credentials_file(const std::string& text) {
    env["AWS_SHARED_CREDENTIALS_FILE"] = dir.write("creds", text);
  }
  void config_file(const std::string& text) { env["AWS_CONFIG_FILE"] = dir.write("cfg", text); }
  CredentialChainInputs inputs() {
    AwsContext base = test::fake_context(server);
    base.env = env;
    return {base, profile_flag, SharedConfig::load(env)};
  }
  Credentials resolve() { return resolve_credentials(inputs())->get(); }
  UserError error() {
    try {
      resolve();
    } catch (const UserError& e) {
      return e;
    }
    ADD_FAILURE() << "expected a UserError";
    return UserError("", "");
  }
};

TEST(CredentialChain, EnvironmentVariables) {
  Chain c;
  c.env["AWS_ACCESS_KEY_ID"] = "AKIAENV";
  c.env["AWS_SECRET_ACCESS_KEY"] = "envsecret";
  c.env["AWS_SESSION_TOKEN"] = "envtoken";
  Credentials cr = c.resolve();
  EXPECT_EQ(cr.access_key_id, "AKIAENV");
  EXPECT_EQ(cr.secret_access_key, "envsecret");
  EXPECT_EQ(cr.session_token, "envtoken");
  EXPECT_NE(cr.source.find("environment"), std::string::npos);
}

TEST(CredentialChain, EnvironmentBeatsAwsProfileButNotTheProfileFlag) {
  Chain c;
  c.env["AWS_ACCESS_KEY_ID"] = "AKIAENV";
  c.env["AWS_SECRET_ACCESS_KEY"] = "envsecret";
  c.env["AWS_PROFILE"] = "dev";
  c.credentials_file("[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = devsecret\n");
  EXPECT_EQ(c.resolve().access_key_id, "AKIAENV");  // as the AWS CLI: env first
  c.profile_flag = "dev";
  EXPECT_EQ(c.resolve().access_key_id, "AKIADEV");  // --profile skips the env provider
}

TEST(CredentialChain, HalfSetEnvironmentIsAnError) {
  Chain c;
  c.env["AWS_ACCESS_KEY_ID"] = "AKIAENV";
  UserError e = c.error();
  ASSERT_EQ(e.diagnostics().size(), 1u);
  EXPECT_EQ(e.diagnostics()[0].subject, "AWS_SECRET_ACCESS_KEY");
}

TEST(CredentialChain, DefaultProfileFromHomeDotAws) {
  Chain c;
  std::filesystem::create_directories(c.dir.path() / ".aws");
  c.dir.write(".aws/credentials",
              "# comment\n[default]\naws_access_key_id=AKIAHOME\naws_secret_access_key = s\n"
              "aws_session_token = t\n");
  Credentials cr = c.resolve();
  EXPECT_EQ(cr.access_key_id, "AKIAHOME");
  EXPECT_EQ(cr.session_token, "t");
  EXPECT_NE(cr.source.find(".aws/credentials"), std::string::npos);
}

TEST(CredentialChain, FilesFromEnvironmentPaths) {
  Chain c;
  c.credentials_file("[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = x\n");
  c.config_file("[profile cfgonly]\naws_access_key_id = AKIACFG\naws_secret_access_key = y\n");
  c.env["AWS_PROFILE"] = "cfgonly";
  EXPECT_EQ(c.resolve().access_key_id, "AKIACFG");  // [profile x] in the config file
  c.env["AWS_PROFILE"] = "other";
  EXPECT_EQ(c.resolve().access_key_id, "AKIAOTHER");  // [x] in the credentials file
}

TEST(CredentialChain, CredentialsFileWinsOverConfigFile) {
  Chain c;
  c.credentials_file("[dev]\naws_access_key_id = AKIACRED\naws_secret_access_key = a\n");
  c.config_file(
      "[profile dev]\naws_access_key_id = AKIACFG\naws_secret_access_key = b\n"
      "region = eu-west-1\n");
  c.profile_flag = "dev";
  EXPECT_EQ(c.resolve().access_key_id, "AKIACRED");
}

TEST(CredentialChain, ConfigFileIgnoresSectionsWithoutProfilePrefix) {
  Chain c;
  c.config_file("[dev]\naws_access_key_id = AKIAWRONG\naws_secret_access_key = b\n");
  c.profile_flag = "dev";
  UserError e = c.error();
  EXPECT_EQ(e.diagnostics()[0].subject, "--profile");
}

TEST(CredentialChain, MissingNamedProfileNamesBothFiles) {
  Chain c;
  c.credentials_file("[a]\n");
  c.config_file("[profile b]\n");
  c.env["AWS_PROFILE"] = "nope";
  UserError e = c.error();
  EXPECT_EQ(e.diagnostics()[0].subject, "AWS_PROFILE");
  EXPECT_NE(e.diagnostics()[0].message.find("'nope' not found"), std::string::npos);
  EXPECT_NE(e.diagnostics()[0].message.find(c.env["AWS_SHARED_CREDENTIALS_FILE"]),
            std::string::npos);
  EXPECT_NE(e.diagnostics()[0].message.find(c.env["AWS_CONFIG_FILE"]), std::string::npos);
}

TEST(CredentialChain, NothingFoundListsWhatWasTried) {
  Chain c;
  UserError e = c.error();
  ASSERT_EQ(e.diagnostics().size(), 1u);
  EXPECT_EQ(e.diagnostics()[0].subject, "AWS credentials");
  const std::string& m = e.diagnostics()[0].message;
  EXPECT_NE(m.find("AWS_ACCESS_KEY_ID"), std::string::npos) << m;
  EXPECT_NE(m.find("profile 'default'"), std::string::npos) << m;
  EXPECT_NE(m.find("disabled by AWS_EC2_METADATA_DISABLED"), std::string::npos) << m;
  EXPECT_TRUE(c.server->requests.empty());  // IMDS disabled: nothing was sent
}

TEST(CredentialChain, IncompleteProfileIsAnError) {
  Chain c;
  c.credentials_file("[default]\naws_access_key_id = AKIAONLY\n");
  EXPECT_NE(c.error().diagnostics()[0].message.find("no aws_secret_access_key"), std::string::npos);
}

TEST(CredentialChain, UnsupportedProfileKindsSaySo) {
  Chain c;
  c.config_file("[default]\ncredential_process = /bin/creds\n");
  UserError e = c.error();
  EXPECT_NE(e.diagnostics()[0].message.find("credential_process"), std::string::npos);
}

TEST(CredentialChain, RoleArnNeedsASource) {
  Chain c;
  c.config_file("[profile r]\nrole_arn = arn:aws:iam::1:role/x\n");
  c.profile_flag = "r";
  EXPECT_NE(c.error().diagnostics()[0].message.find("neither source_profile nor credential_source"),
            std::string::npos);
}

constexpr const char* kAssumeRoleResponse =
    "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIATEMP</AccessKeyId>"
    "<SecretAccessKey>tempsecret</SecretAccessKey><SessionToken>temptoken</SessionToken>"
    "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult>"
    "</AssumeRoleResponse>";

TEST(CredentialChain, RoleArnWithSourceProfileAssumesTheRole) {
  Chain c;
  c.credentials_file("[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = basesecret\n");
  c.config_file(
      "[profile deploy]\nrole_arn = arn:aws:iam::1:role/deployer\nsource_profile = base\n"
      "role_session_name = snr-deploy\nexternal_id = ext\nduration_seconds = 1800\n");
  c.profile_flag = "deploy";
  c.server->reply_xml(kAssumeRoleResponse);
  auto provider = resolve_credentials(c.inputs());
  Credentials cr = provider->get();
  EXPECT_EQ(cr.access_key_id, "ASIATEMP");
  EXPECT_EQ(cr.session_token, "temptoken");
  ASSERT_TRUE(cr.expiration.has_value());
  ASSERT_EQ(c.server->requests.size(), 1u);
  const net::HttpRequest& r = c.server->last();
  EXPECT_EQ(test::field(r, "Action"), "AssumeRole");
  EXPECT_EQ(test::field(r, "RoleArn"), "arn:aws:iam::1:role/deployer");
  EXPECT_EQ(test::field(r, "RoleSessionName"), "snr-deploy");
  EXPECT_EQ(test::field(r, "ExternalId"), "ext");
  EXPECT_EQ(test::field(r, "DurationSeconds"), "1800");
  EXPECT_EQ(r.sigv4->access_key_id, "AKIABASE");  // signed with the source profile's keys
  EXPECT_EQ(r.sigv4->service, "sts");
  provider->get();  // cached until close to expiry
  EXPECT_EQ(c.server->requests.size(), 1u);
}

TEST(CredentialChain, RoleArnWithEnvironmentCredentialSource) {
  Chain c;
  c.env["AWS_ACCESS_KEY_ID"] = "AKIAENV";
  c.env["AWS_SECRET_ACCESS_KEY"] = "envsecret";
  c.config_file("[profile r]\nrole_arn = arn:aws:iam::1:role/x\ncredential_source = Environment\n");
  c.profile_flag = "r";
  c.server->reply_xml(kAssumeRoleResponse);
  EXPECT_EQ(c.resolve().access_key_id, "ASIATEMP");
  EXPECT_EQ(c.server->last().sigv4->access_key_id, "AKIAENV");
  EXPECT_EQ(test::field(c.server->last(), "RoleSessionName").rfind("snr-", 0), 0u);
}

TEST(CredentialChain, CircularSourceProfilesAreAnError) {
  Chain c;
  c.config_file(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n");
  c.profile_flag = "a";
  EXPECT_NE(c.error().diagnostics()[0].message.find("circular"), std::string::npos);
}

TEST(CredentialChain, InstanceRoleThroughImdsV2) {
  Chain c;
  c.env.erase("AWS_EC2_METADATA_DISABLED");
  c.env["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:1";
  c.server->reply(200, "imds-token");
  c.server->reply(200, "node-role\n");
  c.server->reply(200, R"({"Code":"Success","AccessKeyId":"ASIAIMDS","SecretAccessKey":"s",)"
                       R"("Token":"t","Expiration":"2099-01-01T00:00:00Z"})");
  Credentials cr = c.resolve();
  EXPECT_EQ(cr.access_key_id, "ASIAIMDS");
  EXPECT_EQ(cr.source, "EC2 instance role node-role");
  ASSERT_EQ(c.server->requests.size(), 3u);
  EXPECT_EQ(c.server->requests[0].method, "PUT");
  EXPECT_EQ(c.server->requests[0].url, "http://127.0.0.1:1/latest/api/token");
  EXPECT_EQ(test::header(c.server->requests[0], "X-aws-ec2-metadata-token-ttl-seconds"), "21600");
  EXPECT_EQ(c.server->requests[2].url,
            "http://127.0.0.1:1/latest/meta-data/iam/security-credentials/node-role");
  EXPECT_EQ(test::header(c.server->requests[2], "X-aws-ec2-metadata-token"), "imds-token");
  EXPECT_FALSE(c.server->requests[2].sigv4.has_value());
}

TEST(CredentialChain, UnreachableImdsIsReportedAmongWhatWasTried) {
  Chain c;
  c.env.erase("AWS_EC2_METADATA_DISABLED");
  c.env["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:1";
  c.server->fail("Connection refused", true);
  UserError e = c.error();
  EXPECT_NE(e.diagnostics()[0].message.find("EC2 instance role via http://127.0.0.1:1"),
            std::string::npos)
      << e.diagnostics()[0].message;
}

TEST(LazyChain, ResolvesOnFirstUseOnly) {
  Chain c;
  c.env.erase("AWS_EC2_METADATA_DISABLED");
  c.env["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:1";
  auto lazy = lazy_credentials_chain(c.inputs());
  EXPECT_TRUE(c.server->requests.empty());  // creating it touched nothing
  c.server->fail("Connection refused", true);
  EXPECT_THROW(lazy->get(), UserError);
  // A failed resolution is retried on the next use.
  c.server->reply(200, "tok");
  c.server->reply(200, "role");
  c.server->reply(200, R"({"AccessKeyId":"ASIA1","SecretAccessKey":"s","Token":"t",)"
                       R"("Expiration":"2099-01-01T00:00:00Z"})");
  EXPECT_EQ(lazy->get().access_key_id, "ASIA1");
  EXPECT_EQ(lazy->get().access_key_id, "ASIA1");
  EXPECT_EQ(c.server->requests.size(), 4u);
}

TEST(RefreshingProvider, RefreshesAheadOfExpiryAndToleratesAdvisoryFailures) {
  Timestamp now = Timestamp(std::chrono::hours(1000));
  int fetches = 0;
  bool fail = false;
  RefreshingCredentialsProvider p(
      [&] {
        if (fail) throw Failure("STS down");
        ++fetches;
        return Credentials{"k" + std::to_string(fetches), "s", "t", now + 1h, "test"};
      },
      [&] { return now; });
  EXPECT_EQ(p.get().access_key_id, "k1");
  now += 40min;  // 20 min left: still fresh
  EXPECT_EQ(p.get().access_key_id, "k1");
  now += 6min;  // 14 min left: advisory refresh
  EXPECT_EQ(p.get().access_key_id, "k2");
  now += 48min;  // 12 min left of k2, refresh fails: keep using k2
  fail = true;
  EXPECT_EQ(p.get().access_key_id, "k2");
  now += 3min;  // 9 min left: a refresh is mandatory
  EXPECT_THROW(p.get(), Failure);
  fail = false;
  EXPECT_EQ(p.get().access_key_id, "k3");
}

TEST(MakeContext, RegionAndProfileFromTheSharedFiles) {
  Chain c;
  c.credentials_file("[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = s\n");
  c.config_file("[profile dev]\nregion = eu-central-1\n");
  AwsOptions o;
  o.profile = "dev";
  AwsContext ctx = make_context(o, c.env);
  EXPECT_EQ(ctx.region, "eu-central-1");
  EXPECT_EQ(ctx.credentials->get().access_key_id, "AKIADEV");
}

TEST(MakeContext, UnknownProfileFailsEarly) {
  Chain c;
  AwsOptions o;
  o.profile = "ghost";
  o.region = "us-east-1";
  try {
    make_context(o, c.env);
    FAIL();
  } catch (const UserError& e) {
    EXPECT_EQ(e.diagnostics()[0].subject, "--profile");
  }
}

TEST(MakeContext, ReportsEveryProblemAtOnce) {
  Chain c;
  c.env["AWS_PROFILE"] = "ghost";
  c.env["AWS_REGION"] = "Mars";
  c.env["AWS_MAX_ATTEMPTS"] = "-1";
  c.env["AWS_ENDPOINT_URL_SSM"] = "localhost:4566";
  try {
    make_context({}, c.env);
    FAIL();
  } catch (const UserError& e) {
    std::vector<std::string> subjects;
    for (const auto& d : e.diagnostics())
      subjects.push_back(d.subject);
    EXPECT_EQ(subjects, (std::vector<std::string>{"AWS_PROFILE", "AWS_REGION", "AWS_MAX_ATTEMPTS",
                                                  "AWS_ENDPOINT_URL_SSM"}));
  }
}

TEST(MakeContext, MaxAttemptsFromEnvironment) {
  Chain c;
  c.env["AWS_MAX_ATTEMPTS"] = "5";
  AwsOptions o;
  o.region = "us-east-1";
  EXPECT_EQ(make_context(o, c.env).retry.max_attempts, 5);
  c.env["AWS_MAX_ATTEMPTS"] = "zero";
  EXPECT_THROW(make_context(o, c.env), UserError);
}

}  // namespace
}  // namespace snr::aws
