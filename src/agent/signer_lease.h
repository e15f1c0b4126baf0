#pragma once
/// "Never two signers on one key": before stacks-signer starts, the agent takes
/// the key's lease, an S3 object written with conditional requests
/// (If-None-Match / If-Match), so exactly one instance holds it. The lease
/// holds while its instance exists and is not stopped: a replacement or standby
/// instance takes it over only when the holder is terminated or stopped (cold
/// standby: stop the old instance to fail over). There is no expiry clock, so a
/// slow or partitioned holder can never be overtaken while it may still sign.

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace snr::aws {
class S3Client;
class Ec2Client;
}  // namespace snr::aws

namespace snr::agent {

/// What the lease object records (public facts only).
struct LeaseRecord {
  std::string instance_id;
  std::string stack_name;
  std::string public_key;   ///< the signer's compressed public key (hex)
  std::string address;      ///< its Stacks address
  std::string acquired_at;  ///< ISO 8601 UTC

  nlohmann::json to_json() const;
  static LeaseRecord from_json(const nlohmann::json& j);
};

/// Where the lease lives: the common stack's asset bucket, at the key the
/// settings document names (secrets.signer_lease_key: one object per signer
/// key, see contract::signer_lease_key).
struct LeaseLocation {
  std::string bucket;
  std::string key;
};

/// The conditional object store the lease needs (S3 in production).
class LeaseStore {
 public:
  struct Current {
    LeaseRecord record;
    std::string etag;
  };
  virtual ~LeaseStore() = default;
  virtual std::optional<Current> read() = 0;
  /// Creates the lease if there is none; false if one exists.
  virtual bool create(const LeaseRecord& record) = 0;
  /// Replaces the lease if it is still `etag`; false otherwise.
  virtual bool replace(const LeaseRecord& record, const std::string& etag) = 0;
};

/// The lease object in S3.
class S3LeaseStore final : public LeaseStore {
 public:
  S3LeaseStore(aws::S3Client& s3, LeaseLocation where) : s3_(s3), where_(std::move(where)) {}
  /// Without s3:ListBucket, S3 answers a GET of a missing key with 403: the
  /// first 403 counts as "absent" (the conditional create then decides); a
  /// second one, after that create lost, is a real denial and is thrown.
  std::optional<Current> read() override;
  bool create(const LeaseRecord& record) override;
  bool replace(const LeaseRecord& record, const std::string& etag) override;

 private:
  aws::S3Client& s3_;
  LeaseLocation where_;
  bool denied_once_ = false;
};

/// True when the instance can no longer run a signer: terminated, stopped or unknown.
using InstanceGone = std::function<bool(const std::string& instance_id)>;
/// InstanceGone backed by EC2 DescribeInstances.
InstanceGone ec2_instance_gone(aws::Ec2Client& ec2);

enum class LeaseOutcome {
  acquired,       ///< we created it or took it over from a gone instance
  already_ours,   ///< it already named this instance (e.g. after a reboot)
  held_by_other,  ///< another live instance holds it: do not sign
};

struct LeaseResult {
  LeaseOutcome outcome;
  LeaseRecord holder;  ///< the lease as it stands after the attempt
};

/// Takes the lease for `self` if it is free, ours, or held by a gone instance.
LeaseResult acquire_lease(LeaseStore& store, const InstanceGone& gone, const LeaseRecord& self);

/// The lease of a deployment's signer key for `instance_id`, as bootstrap and
/// stacks-signer.service (ExecStartPre) take it: the lease object named by the
/// settings, a record with the key's public facts. Throws snr::Failure naming
/// the holder when another live instance holds it: the signer must not start.
LeaseResult take_signer_lease(const std::string& bucket, const std::string& lease_key,
                              const std::string& stack_name, const std::string& instance_id,
                              const std::string& public_key, const std::string& address,
                              const std::string& now_iso8601, aws::S3Client& s3,
                              aws::Ec2Client& ec2);

}  // namespace snr::agent
