#pragma once
/// The two ways a node tells AWS it is ready: CloudFormation SignalResource
/// (single node: the NodeReady wait condition; HA: the group's creation
/// policy) and the Auto Scaling launch lifecycle hook (HA sync gate).

#include <memory>
#include <string>

namespace snr::aws {
struct AwsContext;
class CloudFormationClient;
class AutoScalingClient;
}  // namespace snr::aws

namespace snr::agent {

/// Each call throws aws::AwsError / aws::TransportError (snr::Failure) on failure.
class Signaler {
 public:
  virtual ~Signaler() = default;
  virtual void signal_resource(const std::string& stack_name, const std::string& logical_id,
                               const std::string& unique_id, bool success) = 0;
  virtual void complete_lifecycle_action(const std::string& group, const std::string& hook,
                                         const std::string& instance_id, bool proceed) = 0;
  virtual void record_heartbeat(const std::string& group, const std::string& hook,
                                const std::string& instance_id) = 0;
};

/// The real thing (CloudFormation + Auto Scaling clients).
class AwsSignaler final : public Signaler {
 public:
  explicit AwsSignaler(const aws::AwsContext& context);
  ~AwsSignaler() override;
  void signal_resource(const std::string& stack_name, const std::string& logical_id,
                       const std::string& unique_id, bool success) override;
  void complete_lifecycle_action(const std::string& group, const std::string& hook,
                                 const std::string& instance_id, bool proceed) override;
  void record_heartbeat(const std::string& group, const std::string& hook,
                        const std::string& instance_id) override;

 private:
  std::unique_ptr<aws::CloudFormationClient> cfn_;
  std::unique_ptr<aws::AutoScalingClient> asg_;
};

}  // namespace snr::agent
