#include "aws/endpoints.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace snr::aws {
namespace {

TEST(Endpoints, ServiceSpecificVariablesUseTheSdkNames) {
  const std::pair<Service, const char*> names[] = {
      {Service::cloudformation, "AWS_ENDPOINT_URL_CLOUDFORMATION"},
      {Service::s3, "AWS_ENDPOINT_URL_S3"},
      {Service::secrets_manager, "AWS_ENDPOINT_URL_SECRETS_MANAGER"},
      {Service::autoscaling, "AWS_ENDPOINT_URL_AUTO_SCALING"},
      {Service::elbv2, "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2"},
      {Service::cloudwatch, "AWS_ENDPOINT_URL_CLOUDWATCH"},
      {Service::ssm, "AWS_ENDPOINT_URL_SSM"},
      {Service::sts, "AWS_ENDPOINT_URL_STS"},
      {Service::ec2, "AWS_ENDPOINT_URL_EC2"},
      {Service::iam, "AWS_ENDPOINT_URL_IAM"},
  };
  for (const auto& [service, var] : names) {
    util::Environment env{{var, "http://127.0.0.1:4566/"},
                          {"AWS_ENDPOINT_URL", "http://127.0.0.1:9999"}};
    Endpoint ep = resolve_endpoint(service, "eu-west-1", env);
    EXPECT_EQ(ep.url, "http://127.0.0.1:4566") << var;  // specific beats generic, '/' trimmed
    EXPECT_EQ(ep.source, var);
    EXPECT_TRUE(ep.custom);
    EXPECT_EQ(ep.signing_region, "eu-west-1");
  }
}

TEST(Endpoints, GenericVariableThenDefault) {
  util::Environment env{{"AWS_ENDPOINT_URL", "http://localhost:5000"}};
  EXPECT_EQ(resolve_endpoint(Service::ssm, "us-east-1", env).url, "http://localhost:5000");
  Endpoint ep = resolve_endpoint(Service::ssm, "us-east-1", {});
  EXPECT_EQ(ep.url, "https://ssm.us-east-1.amazonaws.com");
  EXPECT_FALSE(ep.custom);
}

TEST(Endpoints, FlagBeatsEnvironment) {
  util::Environment env{{"AWS_ENDPOINT_URL_STS", "http://a:1"}};
  Endpoint ep = resolve_endpoint(Service::sts, "us-east-1", env, std::string("http://b:2"));
  EXPECT_EQ(ep.url, "http://b:2");
  EXPECT_EQ(ep.source, "--endpoint-url");
}

TEST(Endpoints, IgnoreConfiguredEndpointUrls) {
  util::Environment env{{"AWS_ENDPOINT_URL", "http://a:1"},
                        {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}};
  EXPECT_FALSE(resolve_endpoint(Service::sts, "us-east-1", env).custom);
}

TEST(Endpoints, RegionalHostNamesUseEndpointPrefixes) {
  EXPECT_EQ(resolve_endpoint(Service::cloudwatch, "eu-west-1", {}).url,
            "https://monitoring.eu-west-1.amazonaws.com");
  EXPECT_EQ(resolve_endpoint(Service::elbv2, "eu-west-1", {}).url,
            "https://elasticloadbalancing.eu-west-1.amazonaws.com");
  EXPECT_EQ(resolve_endpoint(Service::secrets_manager, "eu-west-1", {}).url,
            "https://secretsmanager.eu-west-1.amazonaws.com");
  EXPECT_EQ(resolve_endpoint(Service::sts, "eu-west-1", {}).url,
            "https://sts.eu-west-1.amazonaws.com");
  EXPECT_EQ(service_info(Service::cloudwatch).signing_name, "monitoring");
  EXPECT_EQ(service_info(Service::elbv2).signing_name, "elasticloadbalancing");
}

TEST(Endpoints, Partitions) {
  EXPECT_EQ(resolve_endpoint(Service::cloudformation, "cn-north-1", {}).url,
            "https://cloudformation.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(resolve_endpoint(Service::ec2, "us-gov-west-1", {}).url,
            "https://ec2.us-gov-west-1.amazonaws.com");
}

TEST(Endpoints, IamIsGlobalPerPartition) {
  Endpoint aws = resolve_endpoint(Service::iam, "eu-west-1", {});
  EXPECT_EQ(aws.url, "https://iam.amazonaws.com");
  EXPECT_EQ(aws.signing_region, "us-east-1");
  Endpoint cn = resolve_endpoint(Service::iam, "cn-northwest-1", {});
  EXPECT_EQ(cn.url, "https://iam.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(cn.signing_region, "cn-north-1");
  Endpoint gov = resolve_endpoint(Service::iam, "us-gov-east-1", {});
  EXPECT_EQ(gov.url, "https://iam.us-gov.amazonaws.com");
  EXPECT_EQ(gov.signing_region, "us-gov-west-1");
}

TEST(Endpoints, BadUrlNamesTheVariable) {
  for (const char* bad : {"localhost:4566", "ftp://x", "http://", "http://a b", "http:///x"}) {
    util::Environment env{{"AWS_ENDPOINT_URL_S3", bad}};
    try {
      resolve_endpoint(Service::s3, "us-east-1", env);
      FAIL() << bad;
    } catch (const UserError& e) {
      EXPECT_EQ(e.diagnostics()[0].subject, "AWS_ENDPOINT_URL_S3") << bad;
    }
  }
}

}  // namespace
}  // namespace snr::aws
