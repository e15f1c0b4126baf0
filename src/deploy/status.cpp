#include "deploy/status.h"

#include <optional>
#include <ostream>

#include "aws/autoscaling.h"
#include "aws/cloudformation.h"
#include "aws/ec2.h"
#include "aws/elbv2.h"
#include "aws/error.h"
#include "aws/s3.h"
#include "aws/secrets_manager.h"
#include "contract/names.h"
#include "deploy/node_progress.h"
#include "deploy/target.h"
#include "infra/names.h"
#include "infra/node_parts.h"
#include "infra/stacks.h"
#include "node/epochs.h"
#include "node/keys.h"
#include "node/keys_bitcoin.h"

namespace snr::deploy {
namespace {

std::string output_of(const aws::Stack& s, const std::string& key) {
  for (const auto& o : s.outputs) {
    if (o.key == key) return o.value;
  }
  return {};
}

std::string physical_id(const std::vector<aws::StackResourceSummary>& rs, const std::string& id) {
  for (const auto& r : rs) {
    if (r.logical_id == id) return r.physical_id;
  }
  return {};
}

std::string tag(const aws::Tags& tags, const std::string& key) {
  for (const auto& t : tags) {
    if (t.key == key) return t.value;
  }
  return {};
}

/// The instance holding the signer lease ("" when none or not a signer).
std::string lease_holder(const config::Config& c, const aws::AwsContext& ctx,
                         const std::string& stack_name) {
  if (!c.needs_signer_wiring()) return {};
  std::string bucket = asset_bucket(ctx);
  std::string key = contract::signer_lease_key(c, stack_name);
  if (bucket.empty() || key.empty()) return {};
  try {
    if (auto lease = aws::S3Client(ctx).get_object(bucket, key)) {
      auto j = nlohmann::json::parse(lease->body, nullptr, false);
      if (j.is_object()) return j.value("instance_id", "");
    }
  } catch (const aws::AwsError&) {
  }
  return {};
}

/// What status knows of one node: its instance (when EC2 answered) and its progress.
struct NodeView {
  std::optional<aws::Instance> instance;
  NodeProgress progress;
};

std::vector<NodeView> node_views(const config::Config& c, const aws::AwsContext& ctx,
                                 const std::vector<std::string>& ids,
                                 const std::string& stack_name, aws::Timestamp now,
                                 std::string* error) {
  std::vector<NodeView> out;
  if (ids.empty()) return out;
  std::vector<aws::Instance> instances;
  try {
    instances = aws::Ec2Client(ctx).describe_instances(ids);
  } catch (const aws::AwsError& e) {
    if (error) *error = e.what();
  }
  const std::string holder = lease_holder(c, ctx, stack_name);
  for (const auto& id : ids) {
    NodeView v;
    for (const auto& i : instances)
      if (i.id == id) v.instance = i;
    v.progress = read_node_progress(ctx, id, now);
    if (v.instance)
      v.progress.version = tag(v.instance->tags, std::string(contract::kStacksVersionTag));
    if (!v.progress.version.empty()) {
      std::optional<std::uint64_t> burn;
      if (v.progress.burn_height) burn = static_cast<std::uint64_t>(*v.progress.burn_height);
      v.progress.version_warning = node::epoch_warning(c.network, v.progress.version, burn);
    }
    if (c.needs_signer_wiring()) v.progress.lease_holder = !holder.empty() && holder == id;
    out.push_back(std::move(v));
  }
  return out;
}

void print_instances(const config::Config& c, const aws::AwsContext& ctx,
                     const std::vector<std::string>& ids, const std::string& stack_name,
                     aws::Timestamp now, std::ostream& out) {
  std::string error;
  auto views = node_views(c, ctx, ids, stack_name, now, &error);
  if (!error.empty()) out << "  instances: " << error << "\n";
  for (const auto& v : views) {
    if (v.instance) {
      const aws::Instance& i = *v.instance;
      out << "  instance " << i.id << ": " << i.state << ", " << i.instance_type << ", "
          << (i.private_ip.empty() ? "no private IP" : i.private_ip) << ", " << i.availability_zone
          << "\n";
    } else {
      out << "  instance " << v.progress.instance_id << ":\n";
    }
    print_progress(v.progress, out);
  }
}

/// The node instances of a stack: the single node's, or the HA group's.
std::vector<std::string> node_ids(const aws::AwsContext& ctx, const aws::Stack& s,
                                  const std::vector<aws::StackResourceSummary>& resources,
                                  const std::string& sid) {
  std::vector<std::string> ids;
  if (sid == infra::kSingleNodeStackId) {
    std::string instance = output_of(s, "nodeinstanceid");
    if (!instance.empty()) ids.push_back(instance);
  } else if (sid == infra::kHaStackId) {
    std::string group = physical_id(resources, infra::ha_ids::kNodeGroup);
    if (group.empty()) return ids;
    try {
      for (const auto& g : aws::AutoScalingClient(ctx).describe_auto_scaling_groups({group}))
        for (const auto& i : g.instances)
          ids.push_back(i.instance_id);
    } catch (const aws::AwsError&) {
    }
  }
  return ids;
}

}  // namespace

SignerIdentity signer_identity(const config::Config& c, const aws::AwsContext& ctx,
                               const std::string& stack_name) {
  SignerIdentity id;
  if (!c.needs_signer_wiring()) return id;
  id.secret = c.signer_secret_arn.empty()
                  ? contract::secret_name(stack_name, contract::kSignerKeySecret)
                  : c.signer_secret_arn;
  try {
    if (auto d = aws::SecretsManagerClient(ctx).describe_secret(id.secret)) {
      id.public_key = tag(d->tags, std::string(contract::kPublicKeyTag));
      id.address = tag(d->tags, std::string(contract::kAddressTag));
    }
  } catch (const aws::AwsError&) {
    // Not readable with these credentials: fall back to the lease below.
  }
  if (!id.address.empty()) return id;
  // The lease records who signs with which key (public facts too).
  std::string bucket = asset_bucket(ctx);
  std::string key = contract::signer_lease_key(c, stack_name);
  if (bucket.empty() || key.empty()) return id;
  try {
    if (auto lease = aws::S3Client(ctx).get_object(bucket, key)) {
      auto j = nlohmann::json::parse(lease->body, nullptr, false);
      if (j.is_object()) {
        id.public_key = j.value("public_key", "");
        id.address = j.value("address", "");
      }
    }
  } catch (const aws::AwsError&) {
  }
  return id;
}

MinerFunding miner_funding(const config::Config& c, const aws::AwsContext& ctx,
                           const std::string& stack_name) {
  MinerFunding m;
  if (!c.is_miner()) return m;
  m.secret = c.miner_secret_arn.empty()
                 ? contract::secret_name(stack_name, contract::kMinerSeedSecret)
                 : c.miner_secret_arn;
  try {
    if (auto d = aws::SecretsManagerClient(ctx).describe_secret(m.secret)) {
      if (auto pub =
              node::PublicKey::parse_hex(tag(d->tags, std::string(contract::kPublicKeyTag)))) {
        m.bitcoin_address = node::bitcoin_address(*pub, c.network, c.miner.segwit);
      }
    }
  } catch (const aws::AwsError&) {
    // Not readable with these credentials: the address is simply not shown.
  }
  return m;
}

nlohmann::json status_json(const config::Config& c, const aws::AwsContext& ctx,
                           const std::vector<std::string>& stack_ids, aws::Timestamp now) {
  aws::CloudFormationClient cfn(ctx);
  nlohmann::json stacks = nlohmann::json::array();
  for (const auto& sid : stack_ids) {
    const std::string name = infra::stack_name(sid, c);
    nlohmann::json j = {{"id", sid}, {"name", name}, {"status", nullptr},
                        {"status_reason", nullptr}, {"outputs", nlohmann::json::object()},
                        {"nodes", nlohmann::json::array()}};
    auto s = cfn.describe_stack(name);
    if (s) {
      j["status"] = s->status;
      if (!s->status_reason.empty()) j["status_reason"] = s->status_reason;
      for (const auto& o : s->outputs)
        j["outputs"][o.key] = o.value;
      auto ids = node_ids(ctx, *s, cfn.list_stack_resources(name), sid);
      for (const auto& v : node_views(c, ctx, ids, name, now, nullptr)) {
        nlohmann::json n = to_json(v.progress);
        n["state"] = v.instance ? nlohmann::json(v.instance->state) : nlohmann::json();
        n["private_ip"] = v.instance && !v.instance->private_ip.empty()
                              ? nlohmann::json(v.instance->private_ip)
                              : nlohmann::json();
        j["nodes"].push_back(std::move(n));
      }
    }
    stacks.push_back(std::move(j));
  }
  return {{"stacks", std::move(stacks)}};
}

void print_status(const config::Config& c, const aws::AwsContext& ctx,
                  const std::vector<std::string>& stack_ids, std::ostream& out,
                  aws::Timestamp now) {
  aws::CloudFormationClient cfn(ctx);
  for (const auto& sid : stack_ids) {
    const std::string name = infra::stack_name(sid, c);
    out << sid << " (" << name << "): ";
    auto s = cfn.describe_stack(name);
    if (!s) {
      out << "not deployed\n";
      continue;
    }
    out << s->status;
    if (!s->status_reason.empty()) out << " — " << s->status_reason;
    out << "\n";
    for (const auto& o : s->outputs)
      out << "  " << o.key << " = " << o.value << "\n";
    auto resources = cfn.list_stack_resources(name);

    if (sid == infra::kSingleNodeStackId) {
      std::string instance = output_of(*s, "nodeinstanceid");
      if (!instance.empty()) print_instances(c, ctx, {instance}, name, now, out);
      if (c.needs_signer_wiring()) {
        SignerIdentity id = signer_identity(c, ctx, name);
        if (id.address.empty()) {
          out << "  signer: key not created yet (the node generates or reads it on first boot; "
                 "secret "
              << id.secret << ")\n";
        } else {
          out << "  signer public key: " << id.public_key << "\n"
              << "  signer address: " << id.address << "  (secret " << id.secret << ")\n";
        }
      }
      if (c.is_miner()) {
        MinerFunding m = miner_funding(c, ctx, name);
        if (m.bitcoin_address.empty()) {
          out << "  miner: key not created yet (secret " << m.secret << ")\n";
        } else {
          out << "  miner Bitcoin address: " << m.bitcoin_address << "  ("
              << (c.miner.segwit ? "P2WPKH, STACKS_MINER_SEGWIT=true"
                                 : "P2PKH, STACKS_MINER_SEGWIT=false")
              << "; send BTC here: stacks-node watches it in wallet " << c.bitcoin.wallet_name
              << ")\n";
        }
      }
    } else if (sid == infra::kHaStackId) {
      std::string group = physical_id(resources, infra::ha_ids::kNodeGroup);
      try {
        if (!group.empty()) {
          for (const auto& g : aws::AutoScalingClient(ctx).describe_auto_scaling_groups({group})) {
            out << "  group " << g.name << ": " << g.instances.size() << " of "
                << g.desired_capacity << " desired\n";
            std::vector<std::string> ids;
            for (const auto& i : g.instances) {
              out << "    " << i.instance_id << ": " << i.lifecycle_state << ", " << i.health_status
                  << "\n";
              ids.push_back(i.instance_id);
            }
            print_instances(c, ctx, ids, name, now, out);
          }
        }
        std::string tg = physical_id(resources, infra::ha_ids::kRpcTargetGroup);
        if (!tg.empty()) {
          for (const auto& h : aws::Elbv2Client(ctx).describe_target_health(tg)) {
            out << "  target " << h.target_id << ":" << h.port << ": " << h.state
                << (h.reason.empty() ? "" : " (" + h.reason + ")") << "\n";
          }
        }
      } catch (const aws::AwsError& e) {
        out << "  group: " << e.what() << "\n";
      }
    }
  }
}

}  // namespace snr::deploy
