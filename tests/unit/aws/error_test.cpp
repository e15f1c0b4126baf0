#include "aws/error.h"

#include <gtest/gtest.h>

#include "aws/client.h"

namespace snr::aws {
namespace {

TEST(XmlError, QueryShape) {
  auto d = parse_xml_error(
      R"(<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack [x] does not exist</Message></Error><RequestId>req-1</RequestId></ErrorResponse>)");
  EXPECT_EQ(d.code, "ValidationError");
  EXPECT_EQ(d.message, "Stack [x] does not exist");
  EXPECT_EQ(d.request_id, "req-1");
}

TEST(XmlError, Ec2Shape) {
  auto d = parse_xml_error(
      R"(<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>The instance ID 'i-1' does not exist</Message></Error></Errors><RequestID>ec2-req</RequestID></Response>)");
  EXPECT_EQ(d.code, "InvalidInstanceID.NotFound");
  EXPECT_EQ(d.message, "The instance ID 'i-1' does not exist");
  EXPECT_EQ(d.request_id, "ec2-req");
}

TEST(XmlError, S3Shape) {
  auto d = parse_xml_error(
      R"(<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>b</BucketName><RequestId>s3-req</RequestId></Error>)");
  EXPECT_EQ(d.code, "NoSuchBucket");
  EXPECT_EQ(d.request_id, "s3-req");
}

TEST(XmlError, MotoShape) {
  auto d = parse_xml_error(
      R"(<ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>bad sig</Message><Type>Sender</Type></Error></Errors></ErrorResponse>)");
  EXPECT_EQ(d.code, "SignatureDoesNotMatch");
  EXPECT_EQ(d.message, "bad sig");
}

TEST(XmlError, NotAnErrorDocument) {
  EXPECT_EQ(parse_xml_error("<html><body>500</body></html>").code, "");
  EXPECT_EQ(parse_xml_error("not xml at all").code, "");
  EXPECT_EQ(parse_xml_error("").code, "");
}

TEST(JsonError, TypeAndLowerCaseMessage) {
  auto d = parse_json_error(
      R"({"__type":"ResourceNotFoundException","message":"Secrets Manager can't find the specified secret."})",
      "");
  EXPECT_EQ(d.code, "ResourceNotFoundException");
  EXPECT_EQ(d.message, "Secrets Manager can't find the specified secret.");
}

TEST(JsonError, NamespacedTypeAndUpperCaseMessage) {
  auto d = parse_json_error(
      R"({"__type":"com.amazonaws.ssm#ParameterNotFound","Message":"Parameter /x not found."})",
      "");
  EXPECT_EQ(d.code, "ParameterNotFound");
  EXPECT_EQ(d.message, "Parameter /x not found.");
}

TEST(JsonError, HeaderWinsAndIsNormalized) {
  auto d = parse_json_error(R"({"message":"Rate exceeded"})",
                            "ThrottlingException:http://internal.amazon.com/coral/x/");
  EXPECT_EQ(d.code, "ThrottlingException");
  EXPECT_EQ(d.message, "Rate exceeded");
}

TEST(JsonError, Garbage) {
  EXPECT_EQ(parse_json_error("<html/>", "").code, "");
}

TEST(AwsError, MessageFormat) {
  AwsError e("CloudFormation", "ValidationError", "Stack [x] does not exist", 400, "r1");
  EXPECT_STREQ(e.what(), "CloudFormation ValidationError: Stack [x] does not exist");
  EXPECT_EQ(e.service(), "CloudFormation");
  EXPECT_EQ(e.code(), "ValidationError");
  EXPECT_EQ(e.http_status(), 400);
  EXPECT_EQ(e.request_id(), "r1");
  const Failure& f = e;  // caught at the CLI boundary as a Failure
  EXPECT_NE(std::string(f.what()).find("ValidationError"), std::string::npos);
}

TEST(AwsError, AuthErrorsCarryAHint) {
  AwsError e("STS", "InvalidClientTokenId", "The security token is invalid.", 403);
  std::string what = e.what();
  EXPECT_EQ(what.rfind("STS InvalidClientTokenId: The security token is invalid.\n  hint: ", 0), 0u)
      << what;
  EXPECT_TRUE(e.is_auth_error());
}

TEST(AwsError, Classification) {
  for (const char* code : {"Throttling", "ThrottlingException", "RequestLimitExceeded",
                           "TooManyRequestsException", "ProvisionedThroughputExceededException",
                           "SlowDown", "RequestThrottledException", "EC2ThrottledException"}) {
    AwsError e("X", code, "", 400);
    EXPECT_TRUE(e.is_throttling()) << code;
    EXPECT_TRUE(e.is_retryable()) << code;
  }
  EXPECT_TRUE(AwsError("X", "RequestTimeout", "", 400).is_retryable());
  for (long status : {500L, 502L, 503L, 504L}) {
    EXPECT_TRUE(AwsError("X", "InternalFailure", "", status).is_retryable()) << status;
  }
  EXPECT_FALSE(AwsError("X", "ValidationError", "", 400).is_retryable());
  EXPECT_FALSE(AwsError("X", "AccessDenied", "", 403).is_retryable());
  EXPECT_FALSE(AwsError("X", "SignatureDoesNotMatch", "", 403).is_retryable());
  AwsError ni("X", "NotImplemented", "", 500);
  EXPECT_TRUE(ni.is_not_implemented());
  EXPECT_FALSE(ni.is_retryable());
  EXPECT_TRUE(AwsError("X", "InvalidAction", "", 400).is_not_implemented());
  EXPECT_TRUE(AwsError("X", "Whatever", "", 501).is_not_implemented());
}

TEST(ErrorFromResponse, UsesTheProtocolParserAndFallsBack) {
  Endpoint aws_ep{"https://secretsmanager.us-east-1.amazonaws.com", "us-east-1", false, "default"};
  const ServiceInfo& sm = service_info(Service::secrets_manager);
  // JSON service answering in XML (moto's signature check does this).
  AwsError e = error_from_response(
      sm, aws_ep,
      {403,
       {{"x-amzn-requestid", "hdr-id"}},
       "<ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>m</Message>"
       "</Error></Errors></ErrorResponse>"});
  EXPECT_EQ(e.code(), "SignatureDoesNotMatch");
  EXPECT_EQ(e.request_id(), "hdr-id");
  EXPECT_EQ(e.service(), "Secrets Manager");
}

TEST(ErrorFromResponse, BodylessErrorsGetACodeFromTheStatus) {
  Endpoint ep{"https://s3.us-east-1.amazonaws.com", "us-east-1", false, "default"};
  AwsError e = error_from_response(service_info(Service::s3), ep, {404, {}, ""});
  EXPECT_EQ(e.code(), "NotFound");
  EXPECT_EQ(e.http_status(), 404);
  AwsError e2 = error_from_response(service_info(Service::s3), ep, {503, {}, ""});
  EXPECT_EQ(e2.code(), "ServiceUnavailable");
  EXPECT_TRUE(e2.is_retryable());
}

TEST(ErrorFromResponse, Html500FromACustomEndpointIsNotImplemented) {
  const ServiceInfo& cfn = service_info(Service::cloudformation);
  std::string html = "<!doctype html><title>500 Internal Server Error</title>";
  Endpoint custom{"http://127.0.0.1:5000", "us-east-1", true, "AWS_ENDPOINT_URL"};
  AwsError e = error_from_response(cfn, custom, {500, {{"content-type", "text/html"}}, html});
  EXPECT_EQ(e.code(), "NotImplemented");
  EXPECT_TRUE(e.is_not_implemented());
  EXPECT_FALSE(e.is_retryable());
  // From real AWS the same answer is a transient internal failure.
  Endpoint real{"https://cloudformation.us-east-1.amazonaws.com", "us-east-1", false, "default"};
  AwsError r = error_from_response(cfn, real, {500, {}, html});
  EXPECT_EQ(r.code(), "InternalFailure");
  EXPECT_TRUE(r.is_retryable());
}

}  // namespace
}  // namespace snr::aws
