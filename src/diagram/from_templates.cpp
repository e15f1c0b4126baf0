#include "diagram/from_templates.h"

#include <map>
#include <set>

#include <fmt/format.h>

#include "infra/names.h"

namespace snr::diagram {
namespace {

using Json = cfn::Json;

/// The logical id a {"Ref": X} or {"Fn::GetAtt": [X, ...]} names; "" otherwise.
std::string target_of(const Json& v) {
  if (!v.is_object()) return {};
  if (v.contains("Ref") && v["Ref"].is_string()) return v["Ref"];
  if (v.contains("Fn::GetAtt") && v["Fn::GetAtt"].is_array() && !v["Fn::GetAtt"].empty() &&
      v["Fn::GetAtt"][0].is_string())
    return v["Fn::GetAtt"][0];
  return {};
}

std::string text(const Json& v) {
  if (v.is_string()) return v;
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  return {};
}

std::string ports(const Json& rule) {
  std::string from = text(rule.value("FromPort", Json()));
  std::string to = text(rule.value("ToPort", Json()));
  std::string proto = text(rule.value("IpProtocol", Json("tcp")));
  if (from.empty()) return proto;
  return proto + " :" + (from == to || to.empty() ? from : from + "-" + to);
}

/// Every IAM action a template's roles and managed policies allow.
void collect_actions(const Json& resources, std::set<std::string>& actions) {
  auto statements = [&](const Json& doc) {
    if (!doc.is_object() || !doc.contains("Statement")) return;
    for (const auto& s : doc["Statement"]) {
      if (s.value("Effect", "") != "Allow" || !s.contains("Action")) continue;
      const Json& a = s["Action"];
      if (a.is_string()) actions.insert(a.get<std::string>());
      if (a.is_array())
        for (const auto& x : a)
          if (x.is_string()) actions.insert(x.get<std::string>());
    }
  };
  for (const auto& [id, r] : resources.items()) {
    const std::string type = r.value("Type", "");
    const Json props = r.value("Properties", Json::object());
    if (type == "AWS::IAM::Role")
      for (const auto& p : props.value("Policies", Json::array()))
        statements(p.value("PolicyDocument", Json()));
    if (type == "AWS::IAM::ManagedPolicy") statements(props.value("PolicyDocument", Json()));
  }
}

bool any_action(const std::set<std::string>& actions, const std::string& prefix) {
  for (const auto& a : actions)
    if (a.rfind(prefix, 0) == 0) return true;
  return false;
}

struct StackParts {
  std::string prefix;  ///< "single" / "ha": node ids stay unique across stacks
  std::string cluster;
};

void add_node_stack(Graph& g, const config::Config& c, const infra::StackArtifact& a,
                    const std::set<std::string>& common_actions,
                    const std::map<std::string, std::string>& common_nodes) {
  const Json& res = a.json.at("Resources");
  const std::string p = a.id == infra::kHaStackId ? "ha" : "single";
  /// A graph id unique across the stacks: the stack's prefix and the logical id.
  auto key = [&p](std::string_view logical_id) { return fmt::format("{}_{}", p, logical_id); };
  const std::string stack_cluster = p + "_stack";
  g.add_cluster({stack_cluster, "stack " + a.name, "vpc"});

  auto of_type = [&](const std::string& type) {
    std::vector<std::pair<std::string, const Json*>> out;
    for (const auto& [id, r] : res.items())
      if (r.value("Type", "") == type) out.emplace_back(id, &r);
    return out;
  };
  auto props = [](const Json* r) { return r->value("Properties", Json::object()); };

  // Launch templates: instance type, security groups, block devices.
  std::map<std::string, Json> launch_data;
  for (const auto& [id, r] : of_type("AWS::EC2::LaunchTemplate"))
    launch_data[id] = props(r).value("LaunchTemplateData", Json::object());

  // The compute: an instance or an Auto Scaling group, each a cluster of the processes.
  std::map<std::string, std::vector<std::string>> sg_members;  // SG logical id → node ids
  std::string node_proc, agent_proc, compute_cluster;
  auto add_processes = [&](const std::string& cluster, const Json& lt) {
    node_proc = p + "_stacks_node";
    agent_proc = p + "_agent";
    compute_cluster = cluster;
    g.add_node(
        {node_proc,
         "stacks-node\n" + std::string(to_string(c.network)) + " " + std::string(to_string(c.role)),
         Kind::process, cluster});
    g.add_node({agent_proc, "snr agent\n/health, metrics", Kind::process, cluster});
    g.add_edge({agent_proc, node_proc, "samples RPC"});
    if (c.needs_signer_wiring()) {
      g.add_node({p + "_signer", "stacks-signer", Kind::process, cluster});
      g.add_edge({node_proc, p + "_signer", "block proposals (events)"});
    }
    for (const auto& sg : lt.value("SecurityGroupIds", Json::array()))
      sg_members[target_of(sg)].push_back(node_proc);
    // The data volume(s) a launch template gives each instance (not the root volume).
    for (const auto& m : lt.value("BlockDeviceMappings", Json::array())) {
      const std::string dev = m.value("DeviceName", "");
      if (dev == "/dev/xvda" || !m.contains("Ebs")) continue;
      const Json& e = m["Ebs"];
      const std::string id = p + "_data_volume";
      g.add_node({id,
                  "EBS data volume (per instance)\n" + text(e.value("VolumeSize", Json())) +
                      " GiB " + text(e.value("VolumeType", Json())) + ", " + dev,
                  Kind::storage, stack_cluster});
      g.add_edge({node_proc, id, "chainstate"});
    }
  };
  for (const auto& [id, r] : of_type("AWS::EC2::Instance")) {
    const std::string lt_id = target_of(
        props(r).value("LaunchTemplate", Json::object()).value("LaunchTemplateId", Json()));
    const Json lt = launch_data.count(lt_id) ? launch_data[lt_id] : Json::object();
    g.add_cluster({key(id),
                   fmt::format("EC2 instance {}\n{}", id, text(lt.value("InstanceType", Json()))),
                   stack_cluster});
    add_processes(key(id), lt);
  }
  for (const auto& [id, r] : of_type("AWS::AutoScaling::AutoScalingGroup")) {
    const Json pr = props(r);
    const std::string lt_id =
        target_of(pr.value("LaunchTemplate", Json::object()).value("LaunchTemplateId", Json()));
    const Json lt = launch_data.count(lt_id) ? launch_data[lt_id] : Json::object();
    g.add_cluster({key(id),
                   fmt::format("Auto Scaling group {}\n{}–{} × {}, synced gate on launch", id,
                               text(pr.value("MinSize", Json())), text(pr.value("MaxSize", Json())),
                               text(lt.value("InstanceType", Json()))),
                   stack_cluster});
    add_processes(key(id), lt);
  }
  if (node_proc.empty()) return;

  // Data volumes created by the template (single node), attached to the instance.
  for (const auto& [id, r] : of_type("AWS::EC2::Volume")) {
    const Json pr = props(r);
    g.add_node({key(id),
                fmt::format("EBS {}\n{} GiB {}", id, text(pr.value("Size", Json())),
                            text(pr.value("VolumeType", Json()))),
                Kind::storage, stack_cluster});
    g.add_edge({node_proc, key(id), "chainstate"});
  }

  // Load balancer → target group → the group's instances.
  std::map<std::string, std::string> lb_nodes;
  for (const auto& [id, r] : of_type("AWS::ElasticLoadBalancingV2::LoadBalancer")) {
    const Json pr = props(r);
    const std::string nid = key(id);
    lb_nodes[id] = nid;
    g.add_node({nid,
                fmt::format("Application Load Balancer\n{}", pr.value("Scheme", std::string())),
                Kind::network, stack_cluster});
    for (const auto& sg : pr.value("SecurityGroups", Json::array()))
      sg_members[target_of(sg)].push_back(nid);
    for (const auto& attr : pr.value("LoadBalancerAttributes", Json::array()))
      if (attr.value("Key", "") == "access_logs.s3.enabled" && attr.value("Value", "") == "true" &&
          common_nodes.count("AccessLogBucket"))
        g.add_edge({nid, common_nodes.at("AccessLogBucket"), "access logs", true});
  }
  for (const auto& [id, r] : of_type("AWS::ElasticLoadBalancingV2::Listener")) {
    const Json pr = props(r);
    const std::string lb = target_of(pr.value("LoadBalancerArn", Json()));
    for (const auto& action : pr.value("DefaultActions", Json::array())) {
      const std::string tg = target_of(action.value("TargetGroupArn", Json()));
      if (!res.contains(tg) || !lb_nodes.count(lb)) continue;
      const Json t = res[tg].value("Properties", Json::object());
      g.add_edge({lb_nodes[lb], node_proc,
                  "listener :" + text(pr.value("Port", Json())) +
                      " → RPC :" + text(t.value("Port", Json())) +
                      "\nhealth :" + text(t.value("HealthCheckPort", Json())) +
                      t.value("HealthCheckPath", std::string())});
    }
  }

  // Security-group paths: every ingress rule, from its source to the group's members.
  auto add_rule = [&](const std::string& sg, const Json& rule) {
    std::vector<std::string> sources;
    const std::string cidr = rule.value("CidrIp", "");
    const std::string src_sg = target_of(rule.value("SourceSecurityGroupId", Json()));
    if (cidr == "0.0.0.0/0") {
      g.add_node({"internet", "Internet\n(Stacks P2P peers)", Kind::external, ""});
      g.add_edge({"internet", "igw", ""});
      sources.push_back("igw");
    } else if (!cidr.empty()) {
      g.add_node({"vpc_clients", "RPC clients in the VPC\n" + cidr, Kind::external, "vpc"});
      sources.push_back("vpc_clients");
    } else if (!src_sg.empty() && sg_members.count(src_sg)) {
      sources = sg_members[src_sg];
    }
    for (const auto& from : sources)
      for (const auto& to : sg_members[sg]) {
        bool connected = false;
        for (const auto& e : g.edges)
          if (e.from == from && e.to == to) connected = true;
        if (connected) continue;
        g.add_edge({from, to, ports(rule) + " (SG " + sg + ")"});
      }
  };
  for (const auto& [id, r] : of_type("AWS::EC2::SecurityGroup"))
    for (const auto& rule : props(r).value("SecurityGroupIngress", Json::array()))
      add_rule(id, rule);
  for (const auto& [id, r] : of_type("AWS::EC2::SecurityGroupIngress")) {
    const Json pr = props(r);
    add_rule(target_of(pr.value("GroupId", Json())), pr);
  }

  // Regional services the node uses, by its IAM statements.
  std::set<std::string> actions = common_actions;
  collect_actions(res, actions);
  for (const auto& [id, r] : of_type("AWS::SSM::Parameter")) {
    g.add_node({key(id), "SSM parameter\nsettings document", Kind::service, "regional"});
    if (any_action(actions, "ssm:GetParameter"))
      g.add_edge({agent_proc, key(id), "ssm:GetParameter", true});
  }
  if (any_action(actions, "secretsmanager:")) {
    g.add_node(
        {"secrets", "Secrets Manager\nkeys, Bitcoin RPC password", Kind::security, "regional"});
    g.add_edge({agent_proc, "secrets", "secretsmanager:GetSecretValue", true});
  }
  if (common_nodes.count("AssetBucket") && any_action(actions, "s3:"))
    g.add_edge({agent_proc, common_nodes.at("AssetBucket"),
                c.needs_signer_wiring() ? "snr binary, signer lease" : "snr binary", true});

  const std::string cw = p + "_cloudwatch";
  g.add_cluster({cw, "CloudWatch", "regional"});
  if (any_action(actions, "cloudwatch:PutMetricData")) {
    g.add_node({p + "_metrics", "metrics\nStacks/Node, CWAgent", Kind::monitoring, cw});
    g.add_edge({agent_proc, p + "_metrics", "PutMetricData", true});
  }
  for (const auto& [id, r] : of_type("AWS::Logs::LogGroup")) {
    g.add_node({key(id), "log group", Kind::monitoring, cw});
    if (any_action(actions, "logs:PutLogEvents")) g.add_edge({agent_proc, key(id), "logs", true});
  }
  const auto alarms = of_type("AWS::CloudWatch::Alarm");
  if (!alarms.empty()) {
    g.add_node({p + "_alarms", std::to_string(alarms.size()) + " alarms", Kind::monitoring, cw});
    if (g.node(p + "_metrics")) g.add_edge({p + "_metrics", p + "_alarms", "watched by"});
  }
  for (const auto& [id, r] : of_type("AWS::CloudWatch::Dashboard")) {
    g.add_node({key(id), "dashboard", Kind::monitoring, cw});
  }
  for (const auto& [id, r] : of_type("AWS::SNS::Topic")) {
    g.add_node({key(id), "SNS alarm topic", Kind::service, "regional"});
    if (!alarms.empty()) g.add_edge({p + "_alarms", key(id), "notify"});
  }
}

}  // namespace

Graph graph_from_templates(const config::Config& c, const infra::Synthesis& s) {
  Graph g;
  std::string names;
  for (const auto& a : s.stacks)
    names += (names.empty() ? "" : ", ") + a.name;
  g.title = "snr " + std::string(to_string(c.network)) + " " + std::string(to_string(c.role)) +
            " in " + c.region + ": " + names;
  g.add_cluster({"aws", "AWS account " + c.account_id + ", " + c.region, ""});
  g.add_cluster({"vpc", "default VPC (VpcId and SubnetIds parameters)", "aws"});
  g.add_cluster({"regional", "regional services", "aws"});
  g.add_node({"igw", "Internet gateway\n(the default VPC's)", Kind::network, "vpc"});

  // The common stack: buckets (and the base policy the node roles import).
  std::set<std::string> common_actions;
  std::map<std::string, std::string> common_nodes;
  for (const auto& a : s.stacks) {
    if (a.id != infra::kCommonStackId) continue;
    const Json& res = a.json.at("Resources");
    collect_actions(res, common_actions);
    for (const auto& [id, r] : res.items()) {
      if (r.value("Type", "") != "AWS::S3::Bucket") continue;
      const std::string nid = "common_" + id;
      common_nodes[id] = nid;
      g.add_node({nid,
                  id == "AssetBucket" ? "S3 asset bucket\n(stacks-common)"
                                      : "S3 " + id + "\n(stacks-common)",
                  Kind::storage, "regional"});
    }
    for (const auto& [id, r] : res.items()) {
      if (r.value("Type", "") != "AWS::S3::Bucket") continue;
      const Json pr = r.value("Properties", Json::object());
      if (pr.contains("LoggingConfiguration") && common_nodes.count("AccessLogBucket") &&
          id != "AccessLogBucket")
        g.add_edge({common_nodes[id], common_nodes["AccessLogBucket"], "server access logs", true});
    }
  }
  for (const auto& a : s.stacks)
    if (a.id == infra::kSingleNodeStackId || a.id == infra::kHaStackId)
      add_node_stack(g, c, a, common_actions, common_nodes);
  return g;
}

}  // namespace snr::diagram
