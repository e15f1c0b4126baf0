#include "deploy/destroyer.h"

#include <algorithm>
#include <ostream>
#include <set>

#include "aws/cloudformation.h"
#include "aws/ec2.h"
#include "aws/error.h"
#include "aws/s3.h"
#include "aws/secrets_manager.h"
#include "contract/names.h"
#include "deploy/deployer.h"
#include "deploy/snapshots.h"
#include "deploy/stack_events.h"
#include "deploy/target.h"
#include "infra/names.h"
#include "infra/node_parts.h"
#include "infra/synth.h"
#include "util/error.h"

namespace snr::deploy {
namespace {

std::vector<std::string> common_exports() {
  namespace e = infra::exports;
  return {std::string(e::kAssetBucket), std::string(e::kAccessLogBucket),
          std::string(e::kAlarmTopicKey), std::string(e::kNodeBasePolicy)};
}

/// Deletes the secrets deploy and the agent created for `stack`.
void delete_secrets(const aws::AwsContext& ctx, const std::string& stack, bool delete_keys,
                    std::ostream& err) {
  aws::SecretsManagerClient sm(ctx);
  for (const auto& s : sm.list_secrets(contract::secret_prefix(stack))) {
    if (s.deleted_date) continue;
    const bool identity = contract::is_identity_secret(s.name);
    if (identity && !delete_keys) {
      err << "  kept secret " << s.name
          << " (the node's key: a new deployment reuses it; --delete-keys schedules it for "
             "deletion)\n";
      continue;
    }
    aws::DeleteSecretOptions o;
    if (identity) {
      o.recovery_window_days = 30;
    } else {
      o.force_without_recovery = true;  // recreated from the .env or regenerated on the next deploy
    }
    sm.delete_secret(s.name, o);
    err << "  deleted secret " << s.name << (identity ? " (recoverable for 30 days)" : "") << "\n";
  }
}

/// Volumes the stack declared that are still there after it was deleted (an
/// emulator that does not delete them, or a retained one): nothing is left.
void delete_leftover_volumes(const aws::AwsContext& ctx,
                             const std::vector<aws::StackResourceSummary>& resources,
                             std::ostream& err) {
  aws::Ec2Client ec2(ctx);
  for (const auto& r : resources) {
    if (r.resource_type != "AWS::EC2::Volume" || r.physical_id.empty()) continue;
    auto v = ec2.describe_volume(r.physical_id);
    if (!v || v->state != "available") continue;
    ec2.delete_volume(r.physical_id);
    err << "  deleted volume " << r.physical_id << " (left after the stack)\n";
  }
}

/// Removes the stack's signer lease, if this stack holds it.
void release_lease(const aws::AwsContext& ctx, const config::Config& c, const std::string& stack,
                   std::ostream& err) {
  std::string key = contract::signer_lease_key(c, stack);
  std::string bucket = key.empty() ? "" : asset_bucket(ctx);
  if (bucket.empty()) return;
  aws::S3Client s3(ctx);
  auto lease = s3.get_object(bucket, key);
  if (!lease) return;
  auto j = nlohmann::json::parse(lease->body, nullptr, false);
  if (!j.is_object() || j.value("stack_name", "") != stack) return;
  s3.delete_objects(bucket, {{key, ""}});
  err << "  released the signer lease s3://" << bucket << "/" << key << "\n";
}

}  // namespace

std::size_t empty_bucket(const aws::AwsContext& ctx, const std::string& bucket) {
  aws::S3Client s3(ctx);
  std::vector<aws::ObjectIdentifier> all;
  for (const auto& v : s3.list_object_versions(bucket))
    all.push_back({v.key, v.version_id});
  if (all.empty()) {
    for (const auto& o : s3.list_objects_v2(bucket))
      all.push_back({o.key, ""});
  }
  if (all.empty()) return 0;
  auto r = s3.delete_objects(bucket, all);
  if (!r.errors.empty()) {
    throw Failure("cannot empty bucket " + bucket + ": " + r.errors.front().key + ": " +
                  r.errors.front().code + " " + r.errors.front().message);
  }
  return all.size();
}

std::vector<std::string> importing_stacks(const aws::AwsContext& ctx, const std::string& exporter,
                                          const std::vector<std::string>& export_names) {
  aws::CloudFormationClient cfn(ctx);
  std::set<std::string> importers;
  try {
    for (const auto& name : export_names) {
      try {
        for (const auto& s : cfn.list_imports(name))
          importers.insert(s);
      } catch (const aws::AwsError& e) {
        // "Export 'X' is not imported by any stack." is how AWS says none.
        if (e.code() == "ValidationError" && e.message().find("not imported") != std::string::npos)
          continue;
        throw;
      }
    }
  } catch (const aws::AwsError& e) {
    if (!e.is_not_implemented()) throw;
    importers.clear();  // no ListImports (an emulator): read the other stacks' templates
    for (const auto& s : cfn.describe_stacks()) {
      if (s.name == exporter || s.status == "DELETE_COMPLETE") continue;
      std::string body = cfn.get_template(s.name);
      for (const auto& name : export_names) {
        if (body.find("\"" + name + "\"") != std::string::npos &&
            body.find("Fn::ImportValue") != std::string::npos) {
          importers.insert(s.name);
        }
      }
    }
  }
  return {importers.begin(), importers.end()};
}

int destroy(const config::Config& c, const aws::AwsContext& ctx, const DestroyOptions& o,
            std::ostream& out, std::ostream& err) {
  // Reverse dependency order: node stacks first, the common stack last.
  std::vector<std::string> ids;
  for (const auto& id : infra::all_stack_ids()) {
    if (std::find(o.stack_ids.begin(), o.stack_ids.end(), id) != o.stack_ids.end())
      ids.push_back(id);
  }
  for (const auto& id : o.stack_ids) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
      throw UserError("STACK_ID", "\"" + id +
                                      "\" is not a stack id; allowed: stacks-common, "
                                      "stacks-single-node, stacks-ha-nodes");
    }
  }
  std::reverse(ids.begin(), ids.end());
  std::set<std::string> names;
  for (const auto& id : ids)
    names.insert(infra::stack_name(id, c));

  aws::CloudFormationClient cfn(ctx);
  const std::string common = infra::stack_name(infra::kCommonStackId, c);
  if (names.count(common) && cfn.describe_stack(common)) {
    std::vector<std::string> blocking;
    for (const auto& s : importing_stacks(ctx, common, common_exports())) {
      if (!names.count(s)) blocking.push_back(s);
    }
    if (!blocking.empty()) {
      std::string list;
      for (const auto& b : blocking)
        list += (list.empty() ? "" : ", ") + b;
      err << "error: cannot delete " << common << ": " << list
          << " import(s) its exports; destroy those first (their stack ids are stacks-single-node "
             "/ "
             "stacks-ha-nodes, per role)\n";
      return 1;
    }
  }

  int snapshots_deleted = 0;
  std::vector<std::string> snapshot_stacks;  // node stacks whose snapshots are kept
  auto snapshots_of = [&](const std::string& id, const std::string& name) {
    if (id == infra::kCommonStackId) return;
    if (o.delete_snapshots)
      snapshots_deleted += delete_stack_snapshots(ctx, name, err);
    else
      snapshot_stacks.push_back(name);
  };
  CloudFormationStackApi api(cfn);
  WatchOptions watch;
  watch.deleting = true;
  watch.poll = o.poll;
  watch.sleep = o.sleep;
  watch.interrupted = o.interrupted;
  for (const auto& id : ids) {
    const std::string name = infra::stack_name(id, c);
    err << "\n" << id << " → " << name << "\n";
    auto stack = cfn.describe_stack(name);
    if (!stack) {
      err << "  not deployed\n";
      delete_secrets(ctx, name, o.delete_keys, err);
      snapshots_of(id, name);
      continue;
    }
    auto resources = cfn.list_stack_resources(name);
    watch.total_resources = static_cast<int>(resources.size());
    std::vector<aws::StackEvent> failures;  // the last attempt that reported any
    for (int attempt = 0;; ++attempt) {
      for (const auto& r : resources) {
        if (r.resource_type == "AWS::S3::Bucket" && !r.physical_id.empty()) {
          try {
            std::size_t n = empty_bucket(ctx, r.physical_id);
            if (n) err << "  emptied bucket " << r.physical_id << " (" << n << " objects)\n";
          } catch (const aws::AwsError& e) {
            if (e.code() != "NoSuchBucket") throw;
          }
        } else if (r.resource_type == "AWS::EC2::Instance" && !r.physical_id.empty() &&
                   attempt == 0) {
          try {
            aws::Ec2Client(ctx).set_termination_protection(r.physical_id, false);
          } catch (const aws::AwsError& e) {
            if (e.code().rfind("InvalidInstanceID", 0) != 0) throw;
          }
        }
      }
      if (id != infra::kCommonStackId) release_lease(ctx, c, name, err);
      if (attempt == 0) {
        try {
          cfn.update_termination_protection(name, false);  // deploy turns it on
        } catch (const aws::AwsError& e) {
          if (!e.is_not_implemented()) throw;
        }
      }
      std::string last = newest_event_id(api, name);
      cfn.delete_stack(name);
      WatchResult w = watch_stack(api, name, last, err, watch);
      if (w.interrupted) {
        err << "\nStopped waiting; the deletion of " << name
            << " goes on in CloudFormation. Run `snr status` to see it.\n";
        return kExitInterrupted;
      }
      if (w.final_status == "DELETE_COMPLETE") break;
      if (!w.failures.empty()) failures = w.failures;
      // A log delivery may land in a bucket after it was emptied: empty and retry once more.
      if (attempt < 2) {
        err << "  " << w.final_status << ": emptying the buckets again and retrying\n";
        continue;
      }
      err << "\n" << name << " was not deleted: " << w.final_status << "\n";
      for (const auto& line : describe_failures(failures))
        err << line << "\n";
      std::string failed;
      for (const auto& f : failures) {
        if (f.resource_type != "AWS::CloudFormation::Stack" &&
            failed.find(" " + f.logical_id) == std::string::npos)
          failed += " " + f.logical_id;
      }
      err << "Fix the cause above and run snr destroy again";
      if (!failed.empty()) {
        err << ", or delete the stack without what blocks it and remove that by hand afterwards:\n"
               "  aws cloudformation delete-stack --stack-name "
            << name << " --retain-resources" << failed;
      }
      err << "\n";
      return 1;
    }
    err << "  deleted\n";
    delete_leftover_volumes(ctx, resources, err);
    delete_secrets(ctx, name, o.delete_keys, err);
    snapshots_of(id, name);
  }
  out << "destroyed:";
  for (const auto& id : ids)
    out << " " << id;
  out << "\n";
  if (o.delete_snapshots) {
    out << "snapshots: deleted " << snapshots_deleted << " (--delete-snapshots)\n";
  } else {
    std::size_t kept = 0;
    for (const auto& n : snapshot_stacks) {
      try {
        kept += list_snapshots(ctx, n).size();
      } catch (const aws::AwsError& e) {
        err << "  snapshots of " << n << ": " << e.what() << "\n";
      }
    }
    if (!snapshot_stacks.empty()) {
      out << "snapshots: kept " << kept
          << " (snr snapshot list shows them; snr destroy --delete-snapshots deletes them)\n";
    }
  }
  return 0;
}

}  // namespace snr::deploy
