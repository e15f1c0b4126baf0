#include "agent/signer_lease.h"

#include "aws/ec2.h"
#include "aws/error.h"
#include "aws/s3.h"
#include "util/error.h"

namespace snr::agent {

nlohmann::json LeaseRecord::to_json() const {
  return {{"instance_id", instance_id},
          {"stack_name", stack_name},
          {"public_key", public_key},
          {"address", address},
          {"acquired_at", acquired_at}};
}

LeaseRecord LeaseRecord::from_json(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("instance_id") || !j["instance_id"].is_string()) {
    throw Failure("signer lease: not a lease document (no instance_id)");
  }
  LeaseRecord r;
  r.instance_id = j["instance_id"].get<std::string>();
  r.stack_name = j.value("stack_name", "");
  r.public_key = j.value("public_key", "");
  r.address = j.value("address", "");
  r.acquired_at = j.value("acquired_at", "");
  return r;
}

std::optional<LeaseStore::Current> S3LeaseStore::read() {
  std::optional<aws::S3Client::Content> object;
  try {
    object = s3_.get_object(where_.bucket, where_.key);
  } catch (const aws::AwsError& e) {
    if (e.http_status() != 403 || denied_once_) throw;
    denied_once_ = true;  // maybe missing (no s3:ListBucket): If-None-Match decides
    return std::nullopt;
  }
  if (!object) return std::nullopt;
  nlohmann::json j = nlohmann::json::parse(object->body, nullptr, false);
  if (j.is_discarded()) {
    throw Failure("signer lease s3://" + where_.bucket + "/" + where_.key + " is not JSON");
  }
  return Current{LeaseRecord::from_json(j), object->info.etag};
}

bool S3LeaseStore::create(const LeaseRecord& record) {
  return s3_.put_object_if(where_.bucket, where_.key, record.to_json().dump(), "").has_value();
}

bool S3LeaseStore::replace(const LeaseRecord& record, const std::string& etag) {
  return s3_.put_object_if(where_.bucket, where_.key, record.to_json().dump(), etag).has_value();
}

InstanceGone ec2_instance_gone(aws::Ec2Client& ec2) {
  return [&ec2](const std::string& instance_id) {
    try {
      auto instances = ec2.describe_instances({instance_id});
      for (const auto& i : instances) {
        if (i.id == instance_id) return i.state == "terminated" || i.state == "stopped";
      }
      return true;  // not listed: long gone
    } catch (const aws::AwsError& e) {
      if (e.code() == "InvalidInstanceID.NotFound" || e.code() == "InvalidInstanceID.Malformed") {
        return true;
      }
      throw;
    }
  };
}

LeaseResult acquire_lease(LeaseStore& store, const InstanceGone& gone, const LeaseRecord& self) {
  // Each round reads the lease and makes one conditional write; losing a race
  // means someone else wrote in between, so read again. A few rounds settle it.
  for (int round = 0; round < 5; ++round) {
    auto current = store.read();
    if (!current) {
      if (store.create(self)) return {LeaseOutcome::acquired, self};
      continue;
    }
    if (current->record.instance_id == self.instance_id) {
      return {LeaseOutcome::already_ours, current->record};
    }
    if (!gone(current->record.instance_id)) {
      return {LeaseOutcome::held_by_other, current->record};
    }
    if (store.replace(self, current->etag)) return {LeaseOutcome::acquired, self};
  }
  throw Failure("signer lease: could not settle who holds it after 5 rounds of concurrent writes");
}

LeaseResult take_signer_lease(const std::string& bucket, const std::string& lease_key,
                              const std::string& stack_name, const std::string& instance_id,
                              const std::string& public_key, const std::string& address,
                              const std::string& now_iso8601, aws::S3Client& s3,
                              aws::Ec2Client& ec2) {
  S3LeaseStore store(s3, {bucket, lease_key});
  LeaseRecord self{instance_id, stack_name, public_key, address, now_iso8601};
  LeaseResult r = acquire_lease(store, ec2_instance_gone(ec2), self);
  if (r.outcome == LeaseOutcome::held_by_other) {
    throw Failure("the signer key " + r.holder.address + " is in use by instance " +
                  r.holder.instance_id + " (stack " + r.holder.stack_name +
                  "): never two signers on one key; stop that instance to fail over, then run "
                  "`snr agent signer-lease` (or restart stacks-signer) here");
  }
  return r;
}

}  // namespace snr::agent
