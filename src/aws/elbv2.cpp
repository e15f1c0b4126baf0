#include "aws/elbv2.h"

#include "aws/xml.h"

namespace snr::aws {

Elbv2Client::Elbv2Client(const AwsContext& context) : query_(context, Service::elbv2) {}

namespace {

constexpr PageTokens kMarkers{"Marker", "NextMarker"};

}  // namespace

std::vector<LoadBalancer> Elbv2Client::describe_load_balancers(
    const std::vector<std::string>& names, const std::vector<std::string>& arns) {
  Params p;
  add_list(p, "Names", names);
  add_list(p, "LoadBalancerArns", arns);
  std::vector<LoadBalancer> out;
  query_.paginate(
      "DescribeLoadBalancers", p,
      [&](pugi::xml_node r) {
        for (pugi::xml_node m : xml::items(r.child("LoadBalancers"))) {
          LoadBalancer lb;
          lb.arn = xml::text(m, "LoadBalancerArn");
          lb.name = xml::text(m, "LoadBalancerName");
          lb.dns_name = xml::text(m, "DNSName");
          lb.scheme = xml::text(m, "Scheme");
          lb.type = xml::text(m, "Type");
          lb.state = xml::text(m.child("State"), "Code");
          lb.vpc_id = xml::text(m, "VpcId");
          for (pugi::xml_node az : xml::items(m.child("AvailabilityZones"))) {
            lb.availability_zones.push_back(xml::text(az, "ZoneName"));
          }
          out.push_back(std::move(lb));
        }
        return true;
      },
      kMarkers);
  return out;
}

std::vector<TargetGroup> Elbv2Client::describe_target_groups(const std::string& load_balancer_arn,
                                                             const std::vector<std::string>& names,
                                                             const std::vector<std::string>& arns) {
  Params p;
  if (!load_balancer_arn.empty()) p.emplace_back("LoadBalancerArn", load_balancer_arn);
  add_list(p, "Names", names);
  add_list(p, "TargetGroupArns", arns);
  std::vector<TargetGroup> out;
  query_.paginate(
      "DescribeTargetGroups", p,
      [&](pugi::xml_node r) {
        for (pugi::xml_node m : xml::items(r.child("TargetGroups"))) {
          TargetGroup tg;
          tg.arn = xml::text(m, "TargetGroupArn");
          tg.name = xml::text(m, "TargetGroupName");
          tg.protocol = xml::text(m, "Protocol");
          tg.port = xml::integer(m, "Port");
          tg.vpc_id = xml::text(m, "VpcId");
          tg.target_type = xml::text(m, "TargetType");
          tg.health_check_path = xml::text(m, "HealthCheckPath");
          tg.load_balancer_arns = xml::item_texts(m.child("LoadBalancerArns"));
          out.push_back(std::move(tg));
        }
        return true;
      },
      kMarkers);
  return out;
}

std::vector<TargetHealth> Elbv2Client::describe_target_health(const std::string& target_group_arn) {
  QueryResponse r = query_.call("DescribeTargetHealth", {{"TargetGroupArn", target_group_arn}});
  std::vector<TargetHealth> out;
  for (pugi::xml_node m : xml::items(r.result.child("TargetHealthDescriptions"))) {
    pugi::xml_node target = m.child("Target");
    pugi::xml_node health = m.child("TargetHealth");
    out.push_back({xml::text(target, "Id"), xml::integer(target, "Port"),
                   xml::text(health, "State"), xml::text(health, "Reason"),
                   xml::text(health, "Description")});
  }
  return out;
}

}  // namespace snr::aws
