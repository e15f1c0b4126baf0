#include "aws/endpoints.h"

#include <array>

#include "util/error.h"
#include "util/strings.h"

namespace snr::aws {

namespace {

constexpr std::array<ServiceInfo, 11> kServices = {{
    {Service::sts, "STS", "sts", "sts", "STS", Protocol::query, "2011-06-15", ""},
    {Service::cloudformation, "CloudFormation", "cloudformation", "cloudformation",
     "CLOUDFORMATION", Protocol::query, "2010-05-15", ""},
    {Service::ec2, "EC2", "ec2", "ec2", "EC2", Protocol::ec2, "2016-11-15", ""},
    {Service::s3, "S3", "s3", "s3", "S3", Protocol::rest_xml, "2006-03-01", ""},
    {Service::ssm, "SSM", "ssm", "ssm", "SSM", Protocol::json, "", "AmazonSSM"},
    {Service::secrets_manager, "Secrets Manager", "secretsmanager", "secretsmanager",
     "SECRETS_MANAGER", Protocol::json, "", "secretsmanager"},
    {Service::cloudwatch, "CloudWatch", "monitoring", "monitoring", "CLOUDWATCH", Protocol::query,
     "2010-08-01", ""},
    {Service::autoscaling, "Auto Scaling", "autoscaling", "autoscaling", "AUTO_SCALING",
     Protocol::query, "2011-01-01", ""},
    {Service::elbv2, "ELBv2", "elasticloadbalancing", "elasticloadbalancing",
     "ELASTIC_LOAD_BALANCING_V2", Protocol::query, "2015-12-01", ""},
    {Service::iam, "IAM", "iam", "iam", "IAM", Protocol::query, "2010-05-08", ""},
    {Service::pricing, "Price List", "api.pricing", "pricing", "PRICING", Protocol::json, "",
     "AWSPriceListService"},
}};

std::string validated_url(const std::string& url, const std::string& source) {
  std::string_view u = util::trim(url);
  bool http = u.rfind("http://", 0) == 0;
  bool https = u.rfind("https://", 0) == 0;
  std::string_view rest = u.substr(http ? 7 : https ? 8 : 0);
  if ((!http && !https) || rest.empty() || rest.front() == '/' ||
      rest.find_first_of("?# ") != std::string_view::npos) {
    throw UserError(source,
                    "'" + url + "' is not an endpoint URL (expected http(s)://host[:port][/path])");
  }
  while (!u.empty() && u.back() == '/')
    u.remove_suffix(1);
  return std::string(u);
}

}  // namespace

const ServiceInfo& service_info(Service s) {
  for (const auto& info : kServices) {
    if (info.service == s) return info;
  }
  throw Failure("unknown AWS service");
}

std::string_view dns_suffix(std::string_view region) {
  return region.rfind("cn-", 0) == 0 ? "amazonaws.com.cn" : "amazonaws.com";
}

Endpoint resolve_endpoint(Service service, const std::string& region, const util::Environment& env,
                          const std::optional<std::string>& endpoint_url_flag) {
  const ServiceInfo& info = service_info(service);
  Endpoint ep;
  ep.signing_region = region;
  if (endpoint_url_flag && !endpoint_url_flag->empty()) {
    ep.url = validated_url(*endpoint_url_flag, "--endpoint-url");
    ep.custom = true;
    ep.source = "--endpoint-url";
    return ep;
  }
  if (!util::env_flag(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) {
    for (std::string var :
         {"AWS_ENDPOINT_URL_" + std::string(info.env_suffix), std::string("AWS_ENDPOINT_URL")}) {
      if (auto v = util::env_value(env, var)) {
        ep.url = validated_url(*v, var);
        ep.custom = true;
        ep.source = var;
        return ep;
      }
    }
  }
  ep.source = "default";
  std::string suffix(dns_suffix(region));
  if (service == Service::iam) {
    if (region.rfind("cn-", 0) == 0) {
      ep.url = "https://iam.cn-north-1.amazonaws.com.cn";
      ep.signing_region = "cn-north-1";
    } else if (region.rfind("us-gov-", 0) == 0) {
      ep.url = "https://iam.us-gov.amazonaws.com";
      ep.signing_region = "us-gov-west-1";
    } else {
      ep.url = "https://iam.amazonaws.com";
      ep.signing_region = "us-east-1";
    }
    return ep;
  }
  ep.url = "https://" + std::string(info.endpoint_prefix) + "." + region + "." + suffix;
  return ep;
}

}  // namespace snr::aws
