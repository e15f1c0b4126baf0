#pragma once
/// Amazon EC2 (EC2 Query protocol): the describe calls deploy and status need.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aws/client.h"
#include "aws/query.h"
#include "aws/time.h"
#include "aws/types.h"

namespace snr::aws {

/// A Describe* filter, e.g. {"isDefault", {"true"}} or {"tag:Name", {"x"}}.
struct Filter {
  std::string name;
  std::vector<std::string> values;
};

struct Vpc {
  std::string id;
  std::string cidr_block;
  bool is_default = false;
  std::string state;
  Tags tags;
};

struct Subnet {
  std::string id;
  std::string vpc_id;
  std::string availability_zone;
  std::string cidr_block;
  bool default_for_az = false;
  bool map_public_ip_on_launch = false;
  std::int64_t available_ip_address_count = 0;
  std::string state;
  Tags tags;
};

struct Instance {
  std::string id;
  std::string state;  ///< pending / running / stopping / stopped / shutting-down / terminated
  std::string instance_type;
  std::string image_id;
  std::string private_ip;
  std::string public_ip;
  std::string availability_zone;
  std::string subnet_id;
  std::string vpc_id;
  std::optional<Timestamp> launch_time;
  Tags tags;
};

struct VolumeAttachment {
  std::string instance_id;
  std::string device;  ///< e.g. /dev/sdf
  std::string state;   ///< attaching / attached / detaching / detached
};

struct Volume {
  std::string id;
  std::string state;  ///< creating / available / in-use / deleting / ...
  std::string availability_zone;
  std::int64_t size_gib = 0;
  std::vector<VolumeAttachment> attachments;
  Tags tags;
};

struct IpPermission {
  std::string protocol;  ///< "tcp", "udp", "icmp", "-1"
  std::optional<int> from_port;
  std::optional<int> to_port;
  std::vector<std::string> cidr_ipv4;
  std::vector<std::string> cidr_ipv6;
  std::vector<std::string> source_group_ids;
};

struct SecurityGroup {
  std::string id;
  std::string name;
  std::string description;
  std::string vpc_id;
  std::vector<IpPermission> ingress;
  std::vector<IpPermission> egress;
  Tags tags;
};

class Ec2Client {
 public:
  explicit Ec2Client(const AwsContext& context);

  std::vector<Vpc> describe_vpcs(const std::vector<Filter>& filters = {},
                                 const std::vector<std::string>& vpc_ids = {});
  std::vector<Subnet> describe_subnets(const std::vector<Filter>& filters = {},
                                       const std::vector<std::string>& subnet_ids = {});
  /// Instances of all reservations (all pages).
  std::vector<Instance> describe_instances(const std::vector<std::string>& instance_ids = {},
                                           const std::vector<Filter>& filters = {});
  /// The volume, or nullopt when it does not exist (InvalidVolume.NotFound).
  std::optional<Volume> describe_volume(const std::string& volume_id);
  /// DeleteVolume (the volume must be available, i.e. detached).
  void delete_volume(const std::string& volume_id);
  /// AttachVolume; the attachment completes asynchronously.
  VolumeAttachment attach_volume(const std::string& volume_id, const std::string& instance_id,
                                 const std::string& device);
  /// The availability zones of the region that offer `instance_type`
  /// (DescribeInstanceTypeOfferings, location type availability-zone).
  std::vector<std::string> instance_type_zones(const std::string& instance_type);
  /// ModifyInstanceAttribute DisableApiTermination (termination protection).
  void set_termination_protection(const std::string& instance_id, bool enabled);
  /// CreateTags: adds or overwrites `tags` on each of `resource_ids`.
  void create_tags(const std::vector<std::string>& resource_ids, const Tags& tags);
  std::vector<SecurityGroup> describe_security_groups(
      const std::vector<Filter>& filters = {}, const std::vector<std::string>& group_ids = {});

 private:
  QueryClient query_;
};

}  // namespace snr::aws
