#include "aws/request_log.h"

#include <gtest/gtest.h>

#include "aws/secrets_manager.h"
#include "aws/sts.h"
#include "fake_transport.h"

namespace snr::aws {
namespace {

TEST(Redact, Headers) {
  EXPECT_EQ(redact_header("Authorization", "AWS4-HMAC-SHA256 Credential=..."), "<redacted>");
  EXPECT_EQ(redact_header("x-amz-security-token", "tok"), "<redacted>");
  EXPECT_EQ(redact_header("X-aws-ec2-metadata-token", "tok"), "<redacted>");
  EXPECT_EQ(redact_header("Content-Type", "application/json"), "application/json");
  EXPECT_EQ(redact_header("X-Amz-Target", "secretsmanager.GetSecretValue"),
            "secretsmanager.GetSecretValue");
}

TEST(Redact, UrlQuerySecrets) {
  EXPECT_EQ(redact_url("https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIA%2F1&X-Amz-Signature="
                       "abc&prefix=dir&X-Amz-Security-Token=tok"),
            "https://b.s3.amazonaws.com/k?X-Amz-Credential=<redacted>&X-Amz-Signature=<redacted>"
            "&prefix=dir&X-Amz-Security-Token=<redacted>");
  EXPECT_EQ(redact_url("https://x/"), "https://x/");
}

TEST(Redact, FormFields) {
  EXPECT_EQ(redact_form("Action=CreateUser&Password=hunter2&UserName=bob"),
            "Action=CreateUser&Password=<redacted>&UserName=bob");
  EXPECT_EQ(redact_form("Parameters.member.1.ParameterKey=DbPass&Parameters.member.1."
                        "ParameterValue=s3cr3t&NewPassword=x"),
            "Parameters.member.1.ParameterKey=DbPass&Parameters.member.1.ParameterValue=<redacted>"
            "&NewPassword=<redacted>");
}

TEST(Redact, JsonAtAnyDepth) {
  std::string out = redact_json(
      R"({"SecretId":"db","SecretString":"s3cr3t","Nested":[{"Password":"p","Name":"n"}],)"
      R"("Parameter":{"Name":"/x","Value":"v","Type":"SecureString"}})");
  EXPECT_EQ(out.find("s3cr3t"), std::string::npos);
  EXPECT_EQ(out.find("\"p\""), std::string::npos);
  EXPECT_EQ(out.find("\"v\""), std::string::npos);
  EXPECT_NE(out.find("\"SecretId\":\"db\""), std::string::npos);
  EXPECT_NE(out.find("\"Name\":\"n\""), std::string::npos);
  // Unparseable JSON is not shown at all.
  EXPECT_EQ(redact_json(R"({"SecretString": "s3cr3t)"), "<24 bytes, not shown: not valid JSON>");
}

TEST(Redact, XmlElements) {
  std::string out = redact_xml(
      "<Credentials><AccessKeyId>ASIA</AccessKeyId><SecretAccessKey>sk</SecretAccessKey>"
      "<SessionToken>tok</SessionToken><TokenCode>keep</TokenCode><Token/></Credentials>");
  EXPECT_EQ(out,
            "<Credentials><AccessKeyId>ASIA</AccessKeyId><SecretAccessKey><redacted>"
            "</SecretAccessKey><SessionToken><redacted></SessionToken><TokenCode>keep</TokenCode>"
            "<Token/></Credentials>");
}

TEST(Redact, BodiesByContentType) {
  EXPECT_EQ(redact_body("binarydata", "application/octet-stream"),
            "<10 bytes of application/octet-stream>");
  EXPECT_EQ(redact_body("{\"Token\":\"t\"}", "text/plain"), "<13 bytes of text/plain>");
  std::string big(10000, 'a');
  std::string body = "{\"k\":\"" + big + "\"}";
  std::string out = redact_body(body, "application/json");
  EXPECT_LT(out.size(), 4200u);
  EXPECT_NE(out.find("... (" + std::to_string(body.size()) + " bytes)"), std::string::npos) << out;
}

TEST(RequestLog, SummaryLineAndNoSecretsEndToEnd) {
  auto s = std::make_shared<test::FakeServer>();
  s->reply(200, R"({"ARN":"arn:sm","Name":"db","SecretString":"hunter2-value","VersionId":"v1"})",
           {{"content-type", "application/x-amz-json-1.1"}, {"x-amzn-requestid", "rid-7"}});
  std::vector<std::string> lines;
  AwsContext ctx = test::fake_context(s, "session-token-value");
  ctx.log = [&](std::string_view l) { lines.emplace_back(l); };
  SecretsManagerClient(ctx).create_secret({"db", "hunter2-value", "", "", {}});
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0].rfind("aws: Secrets Manager POST ", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find("POST https://secretsmanager.us-east-1.amazonaws.com/ -> 200 in "),
            std::string::npos)
      << lines[0];
  EXPECT_NE(lines[0].find("request-id rid-7"), std::string::npos);
  std::string all;
  for (const auto& l : lines)
    all += l + "\n";
  EXPECT_EQ(all.find("hunter2"), std::string::npos) << all;
  EXPECT_EQ(all.find("session-token-value"), std::string::npos) << all;
  EXPECT_EQ(all.find("secret-key"), std::string::npos) << all;  // the secret access key
  EXPECT_NE(all.find("X-Amz-Target: secretsmanager.CreateSecret"), std::string::npos) << all;
  EXPECT_NE(all.find("X-Amz-Security-Token: <redacted>"), std::string::npos) << all;
}

TEST(RequestLog, TransportFailuresAndAttemptsAreLogged) {
  auto s = std::make_shared<test::FakeServer>();
  s->fail("Connection refused", true);
  s->reply_xml("<GetCallerIdentityResponse><GetCallerIdentityResult/></GetCallerIdentityResponse>");
  std::vector<std::string> lines;
  AwsContext ctx = test::fake_context(s);
  ctx.log = [&](std::string_view l) { lines.emplace_back(l); };
  StsClient(ctx).get_caller_identity();
  std::string all;
  for (const auto& l : lines)
    all += l + "\n";
  EXPECT_NE(all.find("-> failed (Connection refused)"), std::string::npos) << all;
  EXPECT_NE(all.find("(attempt 1/3)"), std::string::npos) << all;
  EXPECT_NE(all.find("-> 200"), std::string::npos) << all;
  EXPECT_NE(all.find("(attempt 2/3)"), std::string::npos) << all;
}

}  // namespace
}  // namespace snr::aws
