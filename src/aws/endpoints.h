#pragma once
/// The services snr talks to and where their endpoints are.

#include <optional>
#include <string>
#include <string_view>

#include "util/env.h"

namespace snr::aws {

enum class Service {
  sts,
  cloudformation,
  ec2,
  s3,
  ssm,
  secrets_manager,
  cloudwatch,
  autoscaling,
  elbv2,
  iam,
  pricing,  ///< the Price List Query API (api.pricing.us-east-1.amazonaws.com)
};

/// How a service encodes requests and errors.
enum class Protocol { query, ec2, json, rest_xml };

struct ServiceInfo {
  Service service;
  std::string_view display_name;     ///< in messages: "CloudFormation", "Secrets Manager"
  std::string_view endpoint_prefix;  ///< host label: "monitoring" for CloudWatch
  std::string_view signing_name;     ///< SigV4 service: "monitoring", "elasticloadbalancing"
  std::string_view env_suffix;       ///< AWS_ENDPOINT_URL_<suffix>
  Protocol protocol;
  std::string_view api_version;  ///< Query/EC2 "Version"
  std::string_view json_target;  ///< JSON X-Amz-Target prefix ("secretsmanager", "AmazonSSM")
};

const ServiceInfo& service_info(Service s);

/// A resolved endpoint.
struct Endpoint {
  std::string url;  ///< "https://cloudformation.eu-west-1.amazonaws.com", no trailing '/'
  std::string signing_region;
  bool custom = false;  ///< from --endpoint-url or AWS_ENDPOINT_URL*; S3 then uses path style
  std::string source;   ///< "--endpoint-url", "AWS_ENDPOINT_URL_S3", "default"
};

/// The partition's DNS suffix: "amazonaws.com", or "amazonaws.com.cn" for cn-*.
std::string_view dns_suffix(std::string_view region);

/// --endpoint-url, AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then the real
/// endpoint of the region's partition (IAM is global: one endpoint per
/// partition, signed for us-east-1 / cn-north-1 / us-gov-west-1).
/// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores the environment variables.
/// Throws snr::UserError for a URL that is not http(s)://host[:port][/path].
Endpoint resolve_endpoint(Service service, const std::string& region, const util::Environment& env,
                          const std::optional<std::string>& endpoint_url_flag = std::nullopt);

}  // namespace snr::aws
