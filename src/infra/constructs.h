#pragma once
/// Small building blocks on top of the template model (as CDK constructs are),
/// so that a stack file reads like its architecture diagram. Each adds one or
/// a few resources under the logical ids it is given.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cfn/template.h"
#include "config/config.h"

namespace snr::infra {

using cfn::Json;
using cfn::Template;

/// Project=snr and snr-stack=<stack name> as a Tags list.
Json standard_tags();
/// One IAM policy statement (Effect Allow unless `effect` says otherwise).
Json statement(const std::string& sid, const std::vector<std::string>& actions, Json resources,
               Json condition = nullptr, const std::string& effect = "Allow");
Json policy_document(Json statements);
/// "arn:${AWS::Partition}:<service>:${AWS::Region}:${AWS::AccountId}:<resource>" as Fn::Sub.
Json arn(const std::string& service, const std::string& resource, bool regional = true);

/// An S3 bucket with SSE-S3, every public access blocked, and a bucket policy
/// that denies plain-HTTP requests (plus `extra_statements`).
struct SecureBucketProps {
  bool versioned = false;
  Json access_log_bucket;  ///< bucket name to send server access logs to; null: none
  std::string access_log_prefix;
  Json lifecycle_rules = Json::array();
  Json extra_statements = Json::array();
  /// Set when the bucket cannot log its own access (the log bucket itself).
  std::string no_access_log_reason;
};
void add_secure_bucket(Template& t, const std::string& bucket_id, const std::string& policy_id,
                       const SecureBucketProps& props);

/// The node's security group: P2P (tcp) from anywhere, RPC from the VPC
/// (single node) or RPC and health only from the load balancer (HA). No SSH.
struct NodeSecurityGroupProps {
  std::uint16_t p2p_port = 0;
  std::uint16_t rpc_port = 0;
  std::uint16_t health_port = 0;
  /// Logical id of the load balancer's security group; empty: RPC from the VPC CIDR.
  std::string load_balancer_group;
  /// STACKS_RPC_PUBLIC: RPC open to the internet too (peers fetch Nakamoto blocks over it).
  bool rpc_public = false;
};
void add_node_security_group(Template& t, const std::string& id,
                             const NodeSecurityGroupProps& props);

/// The node stack's own IAM role and instance profile: the common stack's base
/// policy (Session Manager among it; no AWS-managed policy) and this stack's
/// scoped statements inline.
struct NodeRoleProps {
  Json statements = Json::array();
  /// IAM5 findings this role's statements need, with the reason each.
  std::vector<std::pair<std::string, std::string>> wildcards;
};
void add_node_role(Template& t, const std::string& role_id, const std::string& profile_id,
                   const NodeRoleProps& props);

/// Launch template: IMDSv2 required, encrypted gp3 root volume, detailed
/// monitoring, EBS-optimized; with the data volume mapping when given.
struct LaunchTemplateProps {
  std::string instance_type;
  std::string profile_id;
  std::string security_group_id;
  Json user_data;  ///< already Fn::Base64
  const config::DataVolume* data_volume = nullptr;
  /// The data volume's SnapshotId (e.g. Fn::If on a parameter); null: an empty volume.
  Json data_snapshot;
  bool instance_tags_in_metadata = false;
  /// Tags of the instances beyond the standard ones (each change makes a new template
  /// version, which an Auto Scaling group's replacing update acts on).
  Json instance_tags = Json::array();
};
void add_launch_template(Template& t, const std::string& id, const LaunchTemplateProps& props);

/// The EBS settings of the data volume (Size/VolumeSize spelled by `size_key`).
Json data_volume_properties(const config::DataVolume& v, const std::string& size_key);

/// SNS topic for alarms (encrypted with the common stack's key, TLS-only
/// publishing), with an e-mail subscription when `email` is not empty.
void add_alarm_topic(Template& t, const std::string& topic_id, const std::string& policy_id,
                     const std::string& subscription_id, const std::string& email);

struct AlarmProps {
  std::string description;
  std::string namespace_name;
  std::string metric;
  std::vector<std::pair<std::string, Json>> dimensions;
  std::string statistic = "Maximum";
  int period = 60;
  int evaluation_periods = 1;
  int datapoints = 1;
  double threshold = 0;
  std::string comparison = "GreaterThanThreshold";
  std::string treat_missing_data = "missing";
  Json extra_actions = Json::array();  ///< e.g. the EC2 recover action
};
/// A CloudWatch alarm that notifies `topic_id` on ALARM and OK.
void add_alarm(Template& t, const std::string& id, const std::string& topic_id,
               const AlarmProps& props);

void add_log_group(Template& t, const std::string& id, std::uint32_t retention_days);

/// A dashboard whose body is `body` (JSON, may use ${Var} of `variables` and
/// pseudo parameters), named "<stack>-<region>".
void add_dashboard(Template& t, const std::string& id, const Json& body, Json variables);

}  // namespace snr::infra
