#pragma once
/// Elastic Load Balancing v2 (Query protocol): load balancers, target
/// groups and target health.

#include <cstdint>
#include <string>
#include <vector>

#include "aws/client.h"
#include "aws/query.h"

namespace snr::aws {

struct LoadBalancer {
  std::string arn;
  std::string name;
  std::string dns_name;
  std::string scheme;  ///< internet-facing / internal
  std::string type;    ///< application / network / gateway
  std::string state;   ///< active / provisioning / failed
  std::string vpc_id;
  std::vector<std::string> availability_zones;
};

struct TargetGroup {
  std::string arn;
  std::string name;
  std::string protocol;
  std::int64_t port = 0;
  std::string vpc_id;
  std::string target_type;
  std::string health_check_path;
  std::vector<std::string> load_balancer_arns;
};

struct TargetHealth {
  std::string target_id;
  std::int64_t port = 0;
  std::string state;  ///< initial / healthy / unhealthy / unused / draining / unavailable
  std::string reason;
  std::string description;
};

class Elbv2Client {
 public:
  explicit Elbv2Client(const AwsContext& context);

  /// By name or ARN, or all when both are empty (all pages).
  std::vector<LoadBalancer> describe_load_balancers(const std::vector<std::string>& names = {},
                                                    const std::vector<std::string>& arns = {});
  /// Of one load balancer, by name or ARN, or all (all pages).
  std::vector<TargetGroup> describe_target_groups(const std::string& load_balancer_arn = "",
                                                  const std::vector<std::string>& names = {},
                                                  const std::vector<std::string>& arns = {});
  std::vector<TargetHealth> describe_target_health(const std::string& target_group_arn);

 private:
  QueryClient query_;
};

}  // namespace snr::aws
