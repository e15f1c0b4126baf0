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

void add_tag_specification(Params& p, int index, const std::string& resource_type,
                           const Tags& tags) {
  if (tags.empty()) return;
  std::string prefix = "TagSpecification." + std::to_string(index) + ".";
  p.emplace_back(prefix + "ResourceType", resource_type);
  int n = 1;
  for (const auto& [key, value] : tags) {
    std::string t = prefix + "Tag." + std::to_string(n++) + ".";
    p.emplace_back(t + "Key", key);
    p.emplace_back(t + "Value", value);
  }
}

Snapshot snapshot_from(pugi::xml_node s) {
  Snapshot out;
  out.id = xml::text(s, "snapshotId");
  out.volume_id = xml::text(s, "volumeId");
  out.state = xml::text(s, "status");
  out.progress = xml::text(s, "progress");
  out.volume_size_gib = xml::integer(s, "volumeSize");
  out.description = xml::text(s, "description");
  out.owner_id = xml::text(s, "ownerId");
  out.start_time = xml::timestamp(s, "startTime");
  out.tags = ec2_tags(s.child("tagSet"));
  return out;
}

Volume volume_from(pugi::xml_node v) {
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
  return vol;
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
      Volume vol = volume_from(v);
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

Snapshot Ec2Client::create_snapshot(const std::string& volume_id, const std::string& description,
                                    const Tags& tags) {
  Params p{{"VolumeId", volume_id}};
  if (!description.empty()) p.emplace_back("Description", description);
  add_tag_specification(p, 1, "snapshot", tags);
  QueryResponse resp = query_.call("CreateSnapshot", p);
  return snapshot_from(resp.result);
}

std::vector<Snapshot> Ec2Client::describe_snapshots(const std::vector<Filter>& filters,
                                                    const std::vector<std::string>& snapshot_ids) {
  Params p;
  add_filters(p, filters);
  add_list(p, "Owner", {"self"}, true);
  add_list(p, "SnapshotId", snapshot_ids, true);
  std::vector<Snapshot> out;
  query_.paginate(
      "DescribeSnapshots", p,
      [&](pugi::xml_node r) {
        for (pugi::xml_node i : xml::items(r.child("snapshotSet"))) out.push_back(snapshot_from(i));
        return true;
      },
      kEc2Tokens);
  return out;
}

bool Ec2Client::delete_snapshot(const std::string& snapshot_id) {
  try {
    query_.call("DeleteSnapshot", {{"SnapshotId", snapshot_id}});
    return true;
  } catch (const AwsError& e) {
    if (e.code() == "InvalidSnapshot.NotFound") return false;
    throw;
  }
}

Volume Ec2Client::create_volume(const CreateVolumeRequest& r) {
  Params p{{"AvailabilityZone", r.availability_zone}};
  if (!r.snapshot_id.empty()) p.emplace_back("SnapshotId", r.snapshot_id);
  if (r.size_gib > 0) p.emplace_back("Size", std::to_string(r.size_gib));
  if (!r.volume_type.empty()) p.emplace_back("VolumeType", r.volume_type);
  if (r.iops > 0) p.emplace_back("Iops", std::to_string(r.iops));
  if (r.throughput_mibps > 0) p.emplace_back("Throughput", std::to_string(r.throughput_mibps));
  if (r.encrypted) p.emplace_back("Encrypted", "true");
  add_tag_specification(p, 1, "volume", r.tags);
  QueryResponse resp = query_.call("CreateVolume", p);
  return volume_from(resp.result);
}

std::vector<Volume> Ec2Client::describe_volumes(const std::vector<Filter>& filters) {
  Params p;
  add_filters(p, filters);
  std::vector<Volume> out;
  query_.paginate(
      "DescribeVolumes", p,
      [&](pugi::xml_node r) {
        for (pugi::xml_node v : xml::items(r.child("volumeSet"))) out.push_back(volume_from(v));
        return true;
      },
      kEc2Tokens);
  return out;
}

void Ec2Client::create_tags(const std::vector<std::string>& resource_ids, const Tags& tags) {
  Params p;
  add_list(p, "ResourceId", resource_ids, true);
  int n = 1;
  for (const auto& [key, value] : tags) {
    std::string t = "Tag." + std::to_string(n++) + ".";
    p.emplace_back(t + "Key", key);
    p.emplace_back(t + "Value", value);
  }
  query_.call("CreateTags", p);
}

void Ec2Client::set_delete_on_termination(const std::string& instance_id,
                                          const std::string& device, bool enabled) {
  query_.call("ModifyInstanceAttribute",
              {{"InstanceId", instance_id},
               {"BlockDeviceMapping.1.DeviceName", device},
               {"BlockDeviceMapping.1.Ebs.DeleteOnTermination", enabled ? "true" : "false"}});
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
