#include "cfn/nag.h"

#include <algorithm>
#include <functional>
#include <map>
#include <regex>
#include <set>

namespace snr::cfn::nag {

namespace {

using Resources = std::map<std::string, Json>;

/// (resource, finding id) pairs a rule reports.
struct Hit {
  std::string resource;
  std::string finding_id;
};
using Check = std::function<std::vector<Hit>(const Resources&)>;

struct RuleImpl {
  Rule rule;
  Check check;
};

const Json& props(const Json& r) {
  static const Json kEmpty = Json::object();
  auto it = r.find("Properties");
  return it == r.end() ? kEmpty : *it;
}

bool is_type(const Json& r, const char* type) {
  return r.value("Type", "") == type;
}

bool is_true(const Json& v) {
  return (v.is_boolean() && v.get<bool>()) || (v.is_string() && v.get<std::string>() == "true");
}

/// The logical id a {"Ref": id} names, or "".
std::string ref_target(const Json& v) {
  if (v.is_object() && v.size() == 1 && v.contains("Ref") && v["Ref"].is_string())
    return v["Ref"].get<std::string>();
  return "";
}

Json as_array(const Json& v) {
  if (v.is_array()) return v;
  if (v.is_null()) return Json::array();
  return Json::array({v});
}

bool cidr_is_open(const Json& rule) {
  for (const char* key : {"CidrIp", "CidrIpv6"}) {
    auto it = rule.find(key);
    if (it != rule.end() && it->is_string() &&
        it->get<std::string>().find("/0") != std::string::npos)
      return true;
  }
  return false;
}

/// Every ingress rule: inline in security groups and standalone ingress resources.
std::vector<std::pair<std::string, Json>> ingress_rules(const Resources& rs) {
  std::vector<std::pair<std::string, Json>> out;
  for (const auto& [id, r] : rs) {
    if (is_type(r, "AWS::EC2::SecurityGroup")) {
      for (const auto& rule : as_array(props(r).value("SecurityGroupIngress", Json())))
        out.emplace_back(id, rule);
    } else if (is_type(r, "AWS::EC2::SecurityGroupIngress")) {
      out.emplace_back(id, props(r));
    }
  }
  return out;
}

long port_of(const Json& v, long fallback) {
  if (v.is_number_integer()) return v.get<long>();
  if (v.is_string()) {
    try {
      return std::stol(v.get<std::string>());
    } catch (...) {
    }
  }
  return fallback;
}

bool all_protocols(const Json& rule) {
  const Json p = rule.value("IpProtocol", Json());
  return (p.is_string() && (p.get<std::string>() == "-1" || p.get<std::string>() == "all")) ||
         (p.is_number() && p.get<long>() == -1);
}

/// The launch template a resource (instance or ASG) uses, or nullptr.
const Json* launch_template_of(const Resources& rs, const Json& r) {
  const Json& p = props(r);
  auto it = p.find("LaunchTemplate");
  if (it == p.end()) return nullptr;
  std::string id = ref_target(it->value("LaunchTemplateId", Json()));
  auto lt = rs.find(id);
  if (lt == rs.end() || !is_type(lt->second, "AWS::EC2::LaunchTemplate")) return nullptr;
  return &lt->second;
}

/// nullopt when there are no mappings; otherwise whether every EBS mapping is encrypted.
std::optional<bool> mappings_encrypted(const Json& mappings) {
  if (!mappings.is_array() || mappings.empty()) return std::nullopt;
  for (const auto& m : mappings) {
    auto ebs = m.find("Ebs");
    if (ebs == m.end()) continue;  // instance store / NoDevice
    if (!is_true(ebs->value("Encrypted", Json()))) return false;
  }
  return true;
}

Json lt_data(const Json& lt) {
  return props(lt).value("LaunchTemplateData", Json::object());
}

// ---- rules -----------------------------------------------------------------

std::vector<Hit> ec23(const Resources& rs) {
  std::set<std::string> ids;
  for (const auto& [id, rule] : ingress_rules(rs))
    if (cidr_is_open(rule)) ids.insert(id);
  std::vector<Hit> out;
  for (const auto& id : ids)
    out.push_back({id, ""});
  return out;
}

std::vector<Hit> ec26(const Resources& rs) {
  std::vector<Hit> out;
  for (const auto& [id, r] : rs) {
    if (is_type(r, "AWS::EC2::Volume")) {
      if (!is_true(props(r).value("Encrypted", Json()))) out.push_back({id, ""});
    } else if (is_type(r, "AWS::EC2::Instance")) {
      auto own = mappings_encrypted(props(r).value("BlockDeviceMappings", Json()));
      std::optional<bool> lt;
      if (const Json* t = launch_template_of(rs, r))
        lt = mappings_encrypted(lt_data(*t).value("BlockDeviceMappings", Json()));
      if ((!own && !lt) || own == false || lt == false) out.push_back({id, ""});
    } else if (is_type(r, "AWS::EC2::LaunchTemplate")) {
      if (mappings_encrypted(lt_data(r).value("BlockDeviceMappings", Json())) == false)
        out.push_back({id, ""});
    } else if (is_type(r, "AWS::AutoScaling::AutoScalingGroup")) {
      if (props(r).contains("LaunchTemplate")) {
        const Json* t = launch_template_of(rs, r);
        if (!t || mappings_encrypted(lt_data(*t).value("BlockDeviceMappings", Json())) != true)
          out.push_back({id, ""});
      }
    }
  }
  return out;
}

std::vector<Hit> ec27(const Resources& rs) {
  std::vector<Hit> out;
  for (const auto& [id, r] : rs) {
    if (!is_type(r, "AWS::EC2::SecurityGroup")) continue;
    const Json d = props(r).value("GroupDescription", Json());
    if (!d.is_string() || d.get<std::string>().size() < 2) out.push_back({id, ""});
  }
  return out;
}

std::vector<Hit> ec28(const Resources& rs) {
  std::vector<Hit> out;
  for (const auto& [id, r] : rs) {
    if (is_type(r, "AWS::EC2::Instance") && !is_true(props(r).value("Monitoring", Json())))
      out.push_back({id, ""});
    if (is_type(r, "AWS::AutoScaling::LaunchConfiguration") &&
        props(r).contains("InstanceMonitoring") && !is_true(props(r)["InstanceMonitoring"]))
      out.push_back({id, ""});
  }
  return out;
}

std::vector<Hit> ec29(const Resources& rs) {
  std::vector<Hit> out;
  for (const auto& [id, r] : rs)
    if (is_type(r, "AWS::EC2::Instance") &&
        !is_true(props(r).value("DisableApiTermination", Json())))
      out.push_back({id, ""});
  return out;
}

bool is_iam_principal(const Json& r) {
  return is_type(r, "AWS::IAM::Role") || is_type(r, "AWS::IAM::User") ||
         is_type(r, "AWS::IAM::Group");
}

std::vector<Hit> iam4(const Resources& rs) {
  std::vector<Hit> out;
  for (const auto& [id, r] : rs) {
    if (!is_iam_principal(r)) continue;
    std::set<std::string> found;
    for (const auto& arn : as_array(props(r).value("ManagedPolicyArns", Json()))) {
      std::string flat = flatten(arn);
      if (flat.find(":iam::aws:") != std::string::npos) found.insert("Policy::" + flat);
    }
    for (const auto& f : found)
      out.push_back({id, f});
  }
  return out;
}

void analyze_policy(const Json& doc, std::set<std::string>& found) {
  for (const auto& st : as_array(doc.value("Statement", Json()))) {
    if (st.value("Effect", "") != "Allow") continue;
    for (const auto& a : as_array(st.value("Action", Json())))
      if (a.is_string() && a.get<std::string>().find('*') != std::string::npos)
        found.insert("Action::" + a.get<std::string>());
    for (const auto& res : as_array(st.value("Resource", Json()))) {
      std::string flat = flatten(res);
      if (flat.find('*') != std::string::npos) found.insert("Resource::" + flat);
    }
  }
}

std::vector<Hit> iam5(const Resources& rs) {
  std::vector<Hit> out;
  for (const auto& [id, r] : rs) {
    std::set<std::string> found;
    if (is_iam_principal(r)) {
      for (const auto& p : as_array(props(r).value("Policies", Json())))
        analyze_policy(p.value("PolicyDocument", Json::object()), found);
    } else if (is_type(r, "AWS::IAM::Policy") || is_type(r, "AWS::IAM::ManagedPolicy")) {
      analyze_policy(props(r).value("PolicyDocument", Json::object()), found);
    }
    for (const auto& f : found)
      out.push_back({id, f});
  }
  return out;
}

std::vector<Hit> buckets_where(const Resources& rs, const std::function<bool(const Json&)>& bad) {
  std::vector<Hit> out;
  for (const auto& [id, r] : rs)
    if (is_type(r, "AWS::S3::Bucket") && bad(r)) out.push_back({id, ""});
  return out;
}

std::vector<Hit> s1(const Resources& rs) {
  return buckets_where(rs, [](const Json& r) {
    const Json lc = props(r).value("LoggingConfiguration", Json());
    return !lc.is_object() ||
           (!lc.contains("DestinationBucketName") && !lc.contains("LogFilePrefix"));
  });
}

std::vector<Hit> s2(const Resources& rs) {
  return buckets_where(rs, [](const Json& r) {
    const Json pab = props(r).value("PublicAccessBlockConfiguration", Json());
    if (!pab.is_object()) return true;
    for (const char* k :
         {"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"})
      if (!is_true(pab.value(k, Json()))) return true;
    return false;
  });
}

std::vector<Hit> s3_sse(const Resources& rs) {
  return buckets_where(rs, [](const Json& r) {
    const Json enc = props(r).value("BucketEncryption", Json());
    return !enc.is_object() || !enc.contains("ServerSideEncryptionConfiguration");
  });
}

bool principal_is_everyone(const Json& p) {
  if (p.is_string()) return p.get<std::string>() == "*";
  if (p.is_object() && p.contains("AWS"))
    for (const auto& a : as_array(p["AWS"]))
      if (a.is_string() && a.get<std::string>() == "*") return true;
  return false;
}

bool denies_insecure(const Json& st, const std::vector<std::string>& actions) {
  if (st.value("Effect", "") != "Deny" || !principal_is_everyone(st.value("Principal", Json())))
    return false;
  const Json c = st.value("Condition", Json::object());
  const Json v = c.value("Bool", Json::object()).value("aws:SecureTransport", Json());
  if (!((v.is_string() && v.get<std::string>() == "false") || (v.is_boolean() && !v.get<bool>())))
    return false;
  for (const auto& a : as_array(st.value("Action", Json())))
    if (a.is_string() &&
        std::find(actions.begin(), actions.end(), a.get<std::string>()) != actions.end())
      return true;
  return false;
}

std::vector<Hit> s10(const Resources& rs) {
  std::vector<Hit> out;
  for (const auto& [id, r] : rs) {
    if (!is_type(r, "AWS::S3::Bucket")) continue;
    bool ok = false;
    for (const auto& [pid, p] : rs) {
      if (!is_type(p, "AWS::S3::BucketPolicy") ||
          ref_target(props(p).value("Bucket", Json())) != id)
        continue;
      for (const auto& st :
           as_array(props(p).value("PolicyDocument", Json::object()).value("Statement", Json()))) {
        if (!denies_insecure(st, {"s3:*", "*"})) continue;
        bool bucket = false, objects = false;
        for (const auto& res : as_array(st.value("Resource", Json()))) {
          std::string flat = flatten(res);
          if (flat == "<" + id + ".Arn>") bucket = true;
          if (flat == "<" + id + ".Arn>/*") objects = true;
        }
        if (bucket && objects) ok = true;
      }
    }
    if (!ok) out.push_back({id, ""});
  }
  return out;
}

std::vector<Hit> as1(const Resources& rs) {
  std::vector<Hit> out;
  for (const auto& [id, r] : rs)
    if (is_type(r, "AWS::AutoScaling::AutoScalingGroup") &&
        port_of(props(r).value("Cooldown", Json()), 1) == 0)
      out.push_back({id, ""});
  return out;
}

std::vector<Hit> as2(const Resources& rs) {
  std::vector<Hit> out;
  for (const auto& [id, r] : rs) {
    if (!is_type(r, "AWS::AutoScaling::AutoScalingGroup")) continue;
    const Json& p = props(r);
    bool has_lb = p.contains("TargetGroupARNs") || p.contains("LoadBalancerNames");
    if (has_lb && p.value("HealthCheckType", "") != "ELB") out.push_back({id, ""});
  }
  return out;
}

std::vector<Hit> as3(const Resources& rs) {
  std::vector<Hit> out;
  const std::vector<std::string> needed = {
      "autoscaling:EC2_INSTANCE_LAUNCH", "autoscaling:EC2_INSTANCE_LAUNCH_ERROR",
      "autoscaling:EC2_INSTANCE_TERMINATE", "autoscaling:EC2_INSTANCE_TERMINATE_ERROR"};
  for (const auto& [id, r] : rs) {
    if (!is_type(r, "AWS::AutoScaling::AutoScalingGroup")) continue;
    std::set<std::string> types;
    for (const auto& nc : as_array(props(r).value("NotificationConfigurations", Json())))
      for (const auto& t : as_array(nc.value("NotificationTypes", Json())))
        if (t.is_string()) types.insert(t.get<std::string>());
    for (const auto& n : needed)
      if (!types.count(n)) {
        out.push_back({id, ""});
        break;
      }
  }
  return out;
}

std::vector<Hit> elb2(const Resources& rs) {
  std::vector<Hit> out;
  for (const auto& [id, r] : rs) {
    if (is_type(r, "AWS::ElasticLoadBalancingV2::LoadBalancer")) {
      bool on = false;
      for (const auto& a : as_array(props(r).value("LoadBalancerAttributes", Json())))
        if (a.value("Key", "") == "access_logs.s3.enabled" && is_true(a.value("Value", Json())))
          on = true;
      if (!on) out.push_back({id, ""});
    } else if (is_type(r, "AWS::ElasticLoadBalancing::LoadBalancer")) {
      if (!is_true(props(r).value("AccessLoggingPolicy", Json::object()).value("Enabled", Json())))
        out.push_back({id, ""});
    }
  }
  return out;
}

std::vector<Hit> sns2(const Resources& rs) {
  std::vector<Hit> out;
  for (const auto& [id, r] : rs)
    if (is_type(r, "AWS::SNS::Topic") && !props(r).contains("KmsMasterKeyId"))
      out.push_back({id, ""});
  return out;
}

std::vector<Hit> sns3(const Resources& rs) {
  std::vector<Hit> out;
  for (const auto& [id, r] : rs) {
    if (!is_type(r, "AWS::SNS::Topic")) continue;
    bool ok = false;
    for (const auto& [pid, p] : rs) {
      if (!is_type(p, "AWS::SNS::TopicPolicy")) continue;
      bool covers = false;
      for (const auto& t : as_array(props(p).value("Topics", Json())))
        if (ref_target(t) == id) covers = true;
      if (!covers) continue;
      for (const auto& st :
           as_array(props(p).value("PolicyDocument", Json::object()).value("Statement", Json())))
        if (denies_insecure(st, {"sns:Publish", "SNS:Publish", "sns:publish"})) ok = true;
    }
    if (!ok) out.push_back({id, ""});
  }
  return out;
}

std::vector<Hit> kms5(const Resources& rs) {
  std::vector<Hit> out;
  for (const auto& [id, r] : rs) {
    if (!is_type(r, "AWS::KMS::Key")) continue;
    const std::string spec = props(r).value("KeySpec", "SYMMETRIC_DEFAULT");
    if (spec == "SYMMETRIC_DEFAULT" && !is_true(props(r).value("EnableKeyRotation", Json())))
      out.push_back({id, ""});
  }
  return out;
}

std::vector<Hit> vpc7(const Resources& rs) {
  std::vector<Hit> out;
  for (const auto& [id, r] : rs) {
    if (!is_type(r, "AWS::EC2::VPC")) continue;
    bool logged = false;
    for (const auto& [fid, f] : rs)
      if (is_type(f, "AWS::EC2::FlowLog") && ref_target(props(f).value("ResourceId", Json())) == id)
        logged = true;
    if (!logged) out.push_back({id, ""});
  }
  return out;
}

// ---- snr rules (not in cdk-nag's AwsSolutions pack) ------------------------

std::vector<Hit> imdsv2(const Resources& rs) {
  std::vector<Hit> out;
  auto requires_v2 = [](const Json& lt) {
    return lt_data(lt).value("MetadataOptions", Json::object()).value("HttpTokens", "") ==
           "required";
  };
  for (const auto& [id, r] : rs) {
    if (is_type(r, "AWS::EC2::LaunchTemplate") && !requires_v2(r)) out.push_back({id, ""});
    if (is_type(r, "AWS::EC2::Instance") || is_type(r, "AWS::AutoScaling::AutoScalingGroup")) {
      const Json* lt = launch_template_of(rs, r);
      if (!lt || !requires_v2(*lt)) out.push_back({id, ""});
    }
  }
  return out;
}

std::vector<Hit> no_admin_ports(const Resources& rs) {
  std::set<std::string> ids;
  for (const auto& [id, rule] : ingress_rules(rs)) {
    if (all_protocols(rule)) {
      ids.insert(id);
      continue;
    }
    long from = port_of(rule.value("FromPort", Json()), 0);
    long to = port_of(rule.value("ToPort", Json()), 65535);
    for (long admin : {22L, 3389L})
      if (from <= admin && admin <= to) ids.insert(id);
  }
  std::vector<Hit> out;
  for (const auto& id : ids)
    out.push_back({id, ""});
  return out;
}

std::vector<Hit> open_ranges(const Resources& rs) {
  std::set<std::string> ids;
  for (const auto& [id, rule] : ingress_rules(rs)) {
    if (!cidr_is_open(rule)) continue;
    long from = port_of(rule.value("FromPort", Json()), 0);
    long to = port_of(rule.value("ToPort", Json()), 65535);
    if (all_protocols(rule) || from != to) ids.insert(id);
  }
  std::vector<Hit> out;
  for (const auto& id : ids)
    out.push_back({id, ""});
  return out;
}

std::vector<Hit> log_retention(const Resources& rs) {
  std::vector<Hit> out;
  for (const auto& [id, r] : rs)
    if (is_type(r, "AWS::Logs::LogGroup") &&
        port_of(props(r).value("RetentionInDays", Json()), 0) < 7)
      out.push_back({id, ""});
  return out;
}

std::vector<Hit> internal_lb(const Resources& rs) {
  std::vector<Hit> out;
  for (const auto& [id, r] : rs)
    if (is_type(r, "AWS::ElasticLoadBalancingV2::LoadBalancer") &&
        props(r).value("Scheme", "internet-facing") != "internal")
      out.push_back({id, ""});
  return out;
}

std::vector<Hit> alarm_actions(const Resources& rs) {
  std::vector<Hit> out;
  for (const auto& [id, r] : rs) {
    if (!is_type(r, "AWS::CloudWatch::Alarm")) continue;
    const Json& p = props(r);
    bool disabled = p.contains("ActionsEnabled") && !is_true(p["ActionsEnabled"]);
    if (disabled || as_array(p.value("AlarmActions", Json())).empty()) out.push_back({id, ""});
  }
  return out;
}

const std::vector<RuleImpl>& impls() {
  static const std::vector<RuleImpl> kRules = [] {
    std::vector<RuleImpl> v = {
        {{"AwsSolutions-AS1", Level::error,
          "The Auto Scaling Group does not have a cooldown period."},
         as1},
        {{"AwsSolutions-AS2", Level::error,
          "The Auto Scaling Group does not have properly configured health checks."},
         as2},
        {{"AwsSolutions-AS3", Level::error,
          "The Auto Scaling Group does not have notifications configured for all scaling events."},
         as3},
        {{"AwsSolutions-EC23", Level::error,
          "The Security Group allows for 0.0.0.0/0 or ::/0 inbound access."},
         ec23},
        {{"AwsSolutions-EC26", Level::error,
          "The resource creates one or more EBS volumes that have encryption disabled."},
         ec26},
        {{"AwsSolutions-EC27", Level::error, "The Security Group does not have a description."},
         ec27},
        {{"AwsSolutions-EC28", Level::error,
          "The EC2 instance/AutoScaling launch configuration does not have detailed monitoring "
          "enabled."},
         ec28},
        {{"AwsSolutions-EC29", Level::error,
          "The EC2 instance is not part of an ASG and has Termination Protection disabled."},
         ec29},
        {{"AwsSolutions-ELB2", Level::error, "The ELB does not have access logs enabled."}, elb2},
        {{"AwsSolutions-IAM4", Level::error,
          "The IAM user, role, or group uses AWS managed policies."},
         iam4},
        {{"AwsSolutions-IAM5", Level::error,
          "The IAM entity contains wildcard permissions and does not have a cdk-nag rule "
          "suppression with evidence for those permission."},
         iam5},
        {{"AwsSolutions-KMS5", Level::error,
          "The KMS Symmetric key does not have automatic key rotation enabled."},
         kms5},
        {{"AwsSolutions-S1", Level::error, "The S3 Bucket has server access logs disabled."}, s1},
        {{"AwsSolutions-S10", Level::error,
          "The S3 Bucket or bucket policy does not require requests to use SSL."},
         s10},
        {{"AwsSolutions-S2", Level::error,
          "The S3 Bucket does not have public access restricted and blocked."},
         s2},
        {{"AwsSolutions-SNS2", Level::error,
          "The SNS Topic does not have server-side encryption enabled."},
         sns2},
        {{"AwsSolutions-SNS3", Level::error,
          "The SNS Topic does not require publishers to use SSL."},
         sns3},
        {{"AwsSolutions-VPC7", Level::error, "The VPC does not have an associated Flow Log."},
         vpc7},
        {{"Snr-CWAlarmAction", Level::error, "The CloudWatch alarm has no enabled alarm action."},
         alarm_actions},
        {{"Snr-EC2IMDSv2", Level::error,
          "The instance or launch template does not require IMDSv2 (HttpTokens: required)."},
         imdsv2},
        {{"Snr-EC2NoAdminPorts", Level::error,
          "A security group rule opens SSH/RDP or all protocols (access is through SSM)."},
         no_admin_ports},
        {{"Snr-EC2OpenRange", Level::error,
          "A security group rule opens a port range or all protocols to the world."},
         open_ranges},
        {{"Snr-ELBInternal", Level::error,
          "The load balancer is internet-facing (the node RPC must stay in the VPC)."},
         internal_lb},
        {{"Snr-LogRetention", Level::error,
          "The log group keeps logs less than 7 days (or forever)."},
         log_retention},
        {{"Snr-S3Encryption", Level::error, "The S3 Bucket has no default server-side encryption."},
         s3_sse},
    };
    std::sort(v.begin(), v.end(),
              [](const RuleImpl& a, const RuleImpl& b) { return a.rule.id < b.rule.id; });
    return v;
  }();
  return kRules;
}

struct Suppression {
  std::string rule_id;
  std::string reason;
  std::vector<Json> applies_to;
  bool used = false;
};

bool applies(const Json& pattern, const std::string& finding_id) {
  if (pattern.is_string()) return pattern.get<std::string>() == finding_id;
  if (pattern.is_object() && pattern.contains("regex") && pattern["regex"].is_string()) {
    std::string re = pattern["regex"].get<std::string>();
    if (re.size() >= 2 && re.front() == '/' && re.rfind('/') > 0)
      re = re.substr(1, re.rfind('/') - 1);
    try {
      return std::regex_search(finding_id, std::regex(re));
    } catch (const std::regex_error&) {
      return false;
    }
  }
  return false;
}

}  // namespace

std::string flatten(const Json& node) {
  if (node.is_null()) return "";
  if (node.is_string()) {
    std::string s = node.get<std::string>(), out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') {
        out += '<';
        ++i;
      } else if (s[i] == '}') {
        out += '>';
      } else {
        out += s[i];
      }
    }
    return out;
  }
  if (node.is_object() && node.size() == 1) {
    const std::string key = node.begin().key();
    const Json& arg = node.begin().value();
    if (key == "Fn::Join" && arg.is_array() && arg.size() == 2) {
      std::string delim = arg[0].is_string() ? arg[0].get<std::string>() : "";
      std::string out;
      bool first = true;
      for (const auto& item : as_array(arg[1])) {
        if (!first) out += delim;
        first = false;
        out += flatten(item);
      }
      return out;
    }
    if (key == "Fn::Sub") return flatten(arg.is_array() && !arg.empty() ? arg[0] : arg);
    if (key == "Fn::GetAtt" && arg.is_array() && arg.size() == 2)
      return "<" + flatten(arg[0]) + "." + flatten(arg[1]) + ">";
    if (key == "Fn::ImportValue") return flatten(arg);
    if (key == "Ref") return "<" + flatten(arg) + ">";
  }
  return node.dump();
}

std::size_t Report::unsuppressed_errors() const {
  return static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(),
                    [](const Finding& f) { return !f.suppressed && f.level == Level::error; }));
}

std::size_t Report::unsuppressed_warnings() const {
  return static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(),
                    [](const Finding& f) { return !f.suppressed && f.level == Level::warning; }));
}

std::size_t Report::suppressed() const {
  return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(),
                                                [](const Finding& f) { return f.suppressed; }));
}

const std::vector<Rule>& rules() {
  static const std::vector<Rule> kRules = [] {
    std::vector<Rule> v;
    for (const auto& r : impls())
      v.push_back(r.rule);
    return v;
  }();
  return kRules;
}

Report check(const Json& template_json, const std::string& stack) {
  Report report;
  report.stack = stack;
  Resources rs;
  if (template_json.contains("Resources") && template_json["Resources"].is_object())
    for (const auto& [id, r] : template_json["Resources"].items())
      rs.emplace(id, r);

  std::map<std::string, std::vector<Suppression>> suppressions;
  for (const auto& [id, r] : rs) {
    const Json list = r.value("Metadata", Json::object())
                          .value("cdk_nag", Json::object())
                          .value("rules_to_suppress", Json::array());
    for (const auto& s : as_array(list)) {
      Suppression sup;
      sup.rule_id = s.value("id", "");
      sup.reason = s.value("reason", "");
      for (const auto& a : as_array(s.value("applies_to", Json())))
        sup.applies_to.push_back(a);
      if (sup.reason.size() < 10)
        report.suppression_errors.push_back(stack + "/" + id + ": suppression of " + sup.rule_id +
                                            " needs a reason of at least 10 characters");
      suppressions[id].push_back(std::move(sup));
    }
  }

  for (const auto& impl : impls()) {
    for (const auto& hit : impl.check(rs)) {
      Finding f{
          impl.rule.id, hit.resource, hit.finding_id, impl.rule.level, impl.rule.info, false, ""};
      for (auto& s : suppressions[hit.resource]) {
        if (s.rule_id != f.rule_id) continue;
        bool match = s.applies_to.empty();
        for (const auto& a : s.applies_to)
          if (applies(a, hit.finding_id)) match = true;
        if (match) {
          f.suppressed = true;
          f.reason = s.reason;
          s.used = true;
          break;
        }
      }
      report.findings.push_back(std::move(f));
    }
  }
  for (const auto& [id, list] : suppressions)
    for (const auto& s : list)
      if (!s.used)
        report.suppression_warnings.push_back(stack + "/" + id + ": suppression of " + s.rule_id +
                                              " matches no finding");
  return report;
}

}  // namespace snr::cfn::nag
