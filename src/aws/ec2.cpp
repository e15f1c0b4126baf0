#include "aws/ec2.h"

#include "aws/xml.h"

namespace snr::aws {

namespace {

void add_filters(Params& p, const std::vector<Filter>& filters) {
  for (std::size_t i = 0; i < filters.size(); ++i) {
    std::string prefix = "Filter." + std::to_string(i + 1) + ".";
    p.emplace_back(prefix + "Name", filters[i].name);
    add_list(p, prefix + "Value", filters[i].values, /*ec2_style=*/true);
  }
}

Tags ec2_tags(pugi::xml_node tag_set) {
  return xml::tags(tag_set, "key", "value");
}

std::optional<int> port(pugi::xml_node n, const char* name) {
  if (!n.child(name)) return std::nullopt;
  return static_cast<int>(xml::integer(n, name));
}

std::vector<IpPermission> permissions_from(pugi::xml_node list) {
  std::vector<IpPermission> out;
  for (pugi::xml_node i : xml::items(list)) {
    IpPermission p;
    p.protocol = xml::text(i, "ipProtocol");
    p.from_port = port(i, "fromPort");
    p.to_port = port(i, "toPort");
    for (pugi::xml_node r : xml::items(i.child("ipRanges")))
      p.cidr_ipv4.push_back(xml::text(r, "cidrIp"));
    for (pugi::xml_node r : xml::items(i.child("ipv6Ranges"))) {
      p.cidr_ipv6.push_back(xml::text(r, "cidrIpv6"));
    }
    for (pugi::xml_node g : xml::items(i.child("groups"))) {
      p.source_group_ids.push_back(xml::text(g, "groupId"));
    }
    out.push_back(std::move(p));
  }
  return out;
}

constexpr PageTokens kEc2Tokens{"NextToken", "nextToken"};

}  // namespace

Ec2Client::Ec2Client(const AwsContext& context) : query_(context, Service::ec2) {}

std::vector<Vpc> Ec2Client::describe_vpcs(const std::vector<Filter>& filters,
                                          const std::vector<std::string>& vpc_ids) {
  Params p;
  add_filters(p, filters);
  add_list(p, "VpcId", vpc_ids, true);
  std::vector<Vpc> out;
  query_.paginate(
      "DescribeVpcs", p,
      [&](pugi::xml_node r) {
        for (pugi::xml_node i : xml::items(r.child("vpcSet"))) {
          out.push_back({xml::text(i, "vpcId"), xml::text(i, "cidrBlock"),
                         xml::boolean(i, "isDefault"), xml::text(i, "state"),
                         ec2_tags(i.child("tagSet"))});
        }
        return true;
      },
      kEc2Tokens);
  return out;
}

std::vector<Subnet> Ec2Client::describe_subnets(const std::vector<Filter>& filters,
                                                const std::vector<std::string>& subnet_ids) {
  Params p;
  add_filters(p, filters);
  add_list(p, "SubnetId", subnet_ids, true);
  std::vector<Subnet> out;
  query_.paginate(
      "DescribeSubnets", p,
      [&](pugi::xml_node r) {
        for (pugi::xml_node i : xml::items(r.child("subnetSet"))) {
          Subnet s;
          s.id = xml::text(i, "subnetId");
          s.vpc_id = xml::text(i, "vpcId");
          s.availability_zone = xml::text(i, "availabilityZone");
          s.cidr_block = xml::text(i, "cidrBlock");
          s.default_for_az = xml::boolean(i, "defaultForAz");
          s.map_public_ip_on_launch = xml::boolean(i, "mapPublicIpOnLaunch");
          s.available_ip_address_count = xml::integer(i, "availableIpAddressCount");
          s.state = xml::text(i, "state");
          s.tags = ec2_tags(i.child("tagSet"));
          out.push_back(std::move(s));
        }
        return true;
      },
      kEc2Tokens);
  return out;
}

std::vector<std::string> Ec2Client::instance_type_zones(const std::string& instance_type) {
  Params p{{"LocationType", "availability-zone"}};
  add_filters(p, {{"instance-type", {instance_type}}});
  std::vector<std::string> out;
  query_.paginate(
      "DescribeInstanceTypeOfferings", p,
      [&](pugi::xml_node r) {
        for (pugi::xml_node i : xml::items(r.child("instanceTypeOfferingSet")))
          out.push_back(xml::text(i, "location"));
        return true;
      },
      kEc2Tokens);
  return out;
}

std::vector<Instance> Ec2Client::describe_instances(const std::vector<std::string>& instance_ids,
                                                    const std::vector<Filter>& filters) {
  Params p;
  add_filters(p, filters);
  add_list(p, "InstanceId", instance_ids, true);
  std::vector<Instance> out;
  query_.paginate(
      "DescribeInstances", p,
      [&](pugi::xml_node r) {
        for (pugi::xml_node res : xml::items(r.child("reservationSet"))) {
          for (pugi::xml_node i : xml::items(res.child("instancesSet"))) {
            Instance in;
            in.id = xml::text(i, "instanceId");
            in.state = xml::text(i.child("instanceState"), "name");
            in.instance_type = xml::text(i, "instanceType");
            in.image_id = xml::text(i, "imageId");
            in.private_ip = xml::text(i, "privateIpAddress");
            in.public_ip = xml::text(i, "ipAddress");
            in.availability_zone = xml::text(i.child("placement"), "availabilityZone");
            in.subnet_id = xml::text(i, "subnetId");
            in.vpc_id = xml::text(i, "vpcId");
            in.launch_time = xml::timestamp(i, "launchTime");
            in.tags = ec2_tags(i.child("tagSet"));
            out.push_back(std::move(in));
          }
        }
        return true;
      },
      kEc2Tokens);
  return out;
}

std::optional<Volume> Ec2Client::describe_volume(const std::string& volume_id) {
  Params p;
  add_list(p, "VolumeId", {volume_id}, true);
  std::optional<Volume> out;
  try {
    QueryResponse resp = query_.call("DescribeVolumes", p);
    for (pugi::xml_node v : xml::items(resp.result.child("volumeSet"))) {
      Volume vol;
      vol.id = xml::text(v, "volumeId");
      vol.state = xml::text(v, "status");
      vol.availability_zone = xml::text(v, "availabilityZone");
      vol.size_gib = xml::integer(v, "size");
      for (pugi::xml_node a : xml::items(v.child("attachmentSet"))) {
        vol.attachments.push_back(
            {xml::text(a, "instanceId"), xml::text(a, "device"), xml::text(a, "status")});
      }
      vol.tags = ec2_tags(v.child("tagSet"));
      if (vol.id == volume_id) out = std::move(vol);
    }
  } catch (const AwsError& e) {
    if (e.code() == "InvalidVolume.NotFound") return std::nullopt;
    throw;
  }
  return out;
}

VolumeAttachment Ec2Client::attach_volume(const std::string& volume_id,
                                          const std::string& instance_id,
                                          const std::string& device) {
  QueryResponse resp = query_.call(
      "AttachVolume", {{"VolumeId", volume_id}, {"InstanceId", instance_id}, {"Device", device}});
  return {xml::text(resp.result, "instanceId"), xml::text(resp.result, "device"),
          xml::text(resp.result, "status")};
}

void Ec2Client::delete_volume(const std::string& volume_id) {
  query_.call("DeleteVolume", {{"VolumeId", volume_id}});
}

void Ec2Client::set_termination_protection(const std::string& instance_id, bool enabled) {
  query_.call(
      "ModifyInstanceAttribute",
      {{"InstanceId", instance_id}, {"DisableApiTermination.Value", enabled ? "true" : "false"}});
}

void Ec2Client::create_tags(const std::vector<std::string>& resource_ids, const Tags& tags) {
  Params p;
  for (std::size_t i = 0; i < resource_ids.size(); ++i)
    p.emplace_back("ResourceId." + std::to_string(i + 1), resource_ids[i]);
  for (std::size_t i = 0; i < tags.size(); ++i) {
    p.emplace_back("Tag." + std::to_string(i + 1) + ".Key", tags[i].key);
    p.emplace_back("Tag." + std::to_string(i + 1) + ".Value", tags[i].value);
  }
  query_.call("CreateTags", p);
}

std::vector<SecurityGroup> Ec2Client::describe_security_groups(
    const std::vector<Filter>& filters, const std::vector<std::string>& group_ids) {
  Params p;
  add_filters(p, filters);
  add_list(p, "GroupId", group_ids, true);
  std::vector<SecurityGroup> out;
  query_.paginate(
      "DescribeSecurityGroups", p,
      [&](pugi::xml_node r) {
        for (pugi::xml_node i : xml::items(r.child("securityGroupInfo"))) {
          SecurityGroup g;
          g.id = xml::text(i, "groupId");
          g.name = xml::text(i, "groupName");
          g.description = xml::text(i, "groupDescription");
          g.vpc_id = xml::text(i, "vpcId");
          g.ingress = permissions_from(i.child("ipPermissions"));
          g.egress = permissions_from(i.child("ipPermissionsEgress"));
          g.tags = ec2_tags(i.child("tagSet"));
          out.push_back(std::move(g));
        }
        return true;
      },
      kEc2Tokens);
  return out;
}

}  // namespace snr::aws
