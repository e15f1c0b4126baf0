#include "cost/estimate.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "config/advice.h"
#include "config/instance_types.h"
#include "contract/metrics.h"
#include "util/error.h"

namespace snr::cost {
namespace {

using cfn::Json;

std::string num(double v) {
  return format_number(v);
}

/// A property that may be a number or a numeric string ("2" in DesiredCapacity).
double number_of(const Json& j, double fallback = 0) {
  if (j.is_number()) return j.get<double>();
  if (j.is_string()) {
    try {
      return std::stod(j.get<std::string>());
    } catch (const std::exception&) {
      return fallback;
    }
  }
  return fallback;
}

/// An EBS volume as a template declares it.
struct Volume {
  std::string type = "gp2";  ///< CloudFormation's default
  double size_gb = 0;
  double iops = 0;
  double throughput = 0;
};

Volume volume_of(const Json& ebs, const char* size_key) {
  Volume v;
  if (ebs.contains("VolumeType") && ebs["VolumeType"].is_string())
    v.type = ebs["VolumeType"].get<std::string>();
  if (ebs.contains(size_key)) v.size_gb = number_of(ebs[size_key]);
  if (ebs.contains("Iops")) v.iops = number_of(ebs["Iops"]);
  if (ebs.contains("Throughput")) v.throughput = number_of(ebs["Throughput"]);
  return v;
}

struct LaunchTemplate {
  std::string instance_type;
  std::vector<std::pair<std::string, Volume>> volumes;  ///< device name, volume
  bool detailed_monitoring = false;
};

/// io2's IOPS tiers: up to 32,000 at the list price, the next 32,000 at 70 %, the rest at 49 %.
double io2_iops_cost(double iops, double tier1) {
  const double a = std::min(iops, 32000.0);
  const double b = std::clamp(iops - 32000.0, 0.0, 32000.0);
  const double c = std::max(iops - 64000.0, 0.0);
  return a * tier1 + b * tier1 * 0.7 + c * tier1 * 0.49;
}

/// Monthly price of one volume and how it was computed.
std::pair<double, std::string> price_volume(const Volume& v, const RegionPrices& p) {
  std::string how = v.type + " " + num(v.size_gb) + " GB";
  if (v.type == "gp3") {
    const double iops = std::max(v.iops, 3000.0);
    const double mbps = std::max(v.throughput, 125.0);
    double usd = v.size_gb * p.gp3_gb_month;
    how += " × " + num(p.gp3_gb_month) + " USD/GB-month";
    if (iops > 3000) {
      usd += (iops - 3000) * p.gp3_iops_month;
      how += " + " + num(iops - 3000) + " IOPS over 3000 × " + num(p.gp3_iops_month);
    }
    if (mbps > 125) {
      usd += (mbps - 125) * p.gp3_mbps_month;
      how += " + " + num(mbps - 125) + " MB/s over 125 × " + num(p.gp3_mbps_month);
    }
    return {usd, how};
  }
  if (v.type == "io1" || v.type == "io2") {
    const bool io2 = v.type == "io2";
    const double gb = io2 ? p.io2_gb_month : p.io1_gb_month;
    const double per_iops = io2 ? p.io2_iops_month : p.io1_iops_month;
    const double iops_usd = io2 ? io2_iops_cost(v.iops, per_iops) : v.iops * per_iops;
    how += " × " + num(gb) + " USD/GB-month + " + num(v.iops) + " IOPS × " + num(per_iops) +
           (io2 && v.iops > 32000 ? " (tiered above 32000)" : "");
    return {v.size_gb * gb + iops_usd, how};
  }
  // gp2 (and anything older CloudFormation might default to)
  how += " × " + num(p.gp2_gb_month) + " USD/GB-month";
  return {v.size_gb * p.gp2_gb_month, how};
}

/// What the agent publishes to CloudWatch per dimension set (contract/metrics.h's lists,
/// which a test holds to agent/run/metrics.cpp); the restore's few hours are not counted.
std::size_t agent_metric_count(const config::Config& c) {
  namespace m = contract::metrics;
  return std::size(m::kRunLoopMetrics) +
         (c.needs_signer_wiring() ? std::size(m::kSignerMetrics) : 0);
}

/// EC2 detailed monitoring bills the instance's basic metrics at the custom-metric rate
/// (CPUUtilization, DiskRead/WriteOps, DiskRead/WriteBytes, NetworkIn/Out … : 7 per instance).
constexpr double kDetailedMonitoringMetrics = 7;

/// The secrets a configuration has besides any the templates declare: the
/// Bitcoin RPC password deploy stores, and what the agent creates on first boot.
std::vector<std::string> agent_secrets(const config::Config& c) {
  std::vector<std::string> out;
  if (c.needs_signer_wiring()) {
    out.push_back("node-signer auth token (created by the agent)");
    if (c.signer_secret_arn.empty()) out.push_back("signer key (generated on first boot)");
  }
  if (c.is_miner() && c.miner_secret_arn.empty())
    out.push_back("miner seed (generated on first boot)");
  return out;
}

}  // namespace

double archive_gb(const config::Config& c, const Assumptions& a) {
  if (a.archive_gb > 0) return a.archive_gb;
  return c.network == config::Network::mainnet ? 205 : 30;
}

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::vector<StackTemplate> templates_of(const infra::Synthesis& synthesis) {
  std::vector<StackTemplate> out;
  for (const auto& a : synthesis.stacks)
    out.push_back({a.id, a.json});
  return out;
}

RestoreTime restore_time(const config::Config& c, const Assumptions& a) {
  RestoreTime r;
  r.archive_gb = archive_gb(c, a);
  r.extracted_gb = r.archive_gb * kZstdExpansion;
  r.download_mbps = a.download_mbps;
  const config::DataVolume& v = c.data_volume;
  double mib = 0;
  switch (v.type) {
    case config::VolumeType::gp3:
      mib = std::max<double>(v.throughput_mibps, 125);
      break;
    case config::VolumeType::gp2:  // 128 MiB/s up to 170 GiB, 250 MiB/s from 334 GiB
      mib = v.size_gib >= 334 ? 250 : 128;
      break;
    case config::VolumeType::io1:
    case config::VolumeType::io2:  // 256 KiB per I/O, at most 1,000 MiB/s (4,000 io2 BE)
      mib = std::min<double>(v.iops * 0.25, v.type == config::VolumeType::io2 ? 4000 : 1000);
      break;
  }
  r.volume_mbps = mib * config::kMbPerMib;
  if (auto bw = config::ebs_bandwidth(c.instance_type)) r.instance_mbps = bw->baseline_mbps;
  // Rates in archive bytes per second: the writes carry the extracted bytes.
  double rate = r.download_mbps;
  r.limit = "download";
  if (r.volume_mbps / kZstdExpansion < rate) {
    rate = r.volume_mbps / kZstdExpansion;
    r.limit = "volume";
  }
  if (r.instance_mbps > 0 && r.instance_mbps / kZstdExpansion < rate) {
    rate = r.instance_mbps / kZstdExpansion;
    r.limit = "instance";
  }
  r.hours = rate > 0 ? r.archive_gb * 1000 / rate / 3600 : 0;
  return r;
}

double Estimate::total() const {
  double t = 0;
  for (const auto& i : items)
    t += i.monthly_usd;
  return t;
}

Estimate estimate(const config::Config& c, const std::vector<StackTemplate>& stacks,
                  const RegionPrices& p, const Assumptions& a) {
  Estimate e;
  e.region = p.region;
  auto add = [&](std::string service, std::string description, double usd,
                 std::optional<std::string> assumption = std::nullopt) {
    e.items.push_back({std::move(service), std::move(description), usd, std::move(assumption)});
  };

  double nodes = 0;
  std::map<std::string, double> instances_by_type;
  std::vector<std::pair<double, Volume>> volumes;  // count, volume
  std::vector<std::pair<double, std::string>> volume_roles;
  double alarms = 0, dashboards = 0, load_balancers = 0, kms_keys = 0, template_secrets = 0;
  double monitored = 0, ha_groups = 0, node_stacks = 0;

  for (const StackTemplate& s : stacks) {
    if (!s.json.contains("Resources")) continue;
    const Json& resources = s.json["Resources"];
    if (s.id != "stacks-common") node_stacks += 1;
    std::map<std::string, LaunchTemplate> templates;
    for (const auto& [id, r] : resources.items()) {
      if (r.value("Type", "") != "AWS::EC2::LaunchTemplate") continue;
      const Json& d = r["Properties"]["LaunchTemplateData"];
      LaunchTemplate lt;
      lt.instance_type = d.value("InstanceType", "");
      if (d.contains("Monitoring"))
        lt.detailed_monitoring = d["Monitoring"].value("Enabled", false);
      for (const auto& m : d.value("BlockDeviceMappings", Json::array()))
        if (m.contains("Ebs"))
          lt.volumes.emplace_back(m.value("DeviceName", ""), volume_of(m["Ebs"], "VolumeSize"));
      templates[id] = std::move(lt);
    }
    auto launch = [&](const Json& props, double count, const std::string& what) {
      const LaunchTemplate* lt = nullptr;
      if (props.contains("LaunchTemplate")) {
        const Json& ref = props["LaunchTemplate"]["LaunchTemplateId"];
        if (ref.is_object() && ref.contains("Ref")) {
          auto it = templates.find(ref["Ref"].get<std::string>());
          if (it != templates.end()) lt = &it->second;
        }
      }
      std::string type = props.value("InstanceType", lt ? lt->instance_type : "");
      nodes += count;
      instances_by_type[type] += count;
      if (lt) {
        for (const auto& [device, v] : lt->volumes) {
          volumes.emplace_back(count, v);
          volume_roles.emplace_back(
              count, what + (device == "/dev/xvda" ? " root volume" : " data volume"));
        }
      }
      const bool monitoring = props.contains("Monitoring") ? props["Monitoring"].get<bool>()
                                                           : lt && lt->detailed_monitoring;
      if (monitoring) monitored += count;
    };
    for (const auto& [id, r] : resources.items()) {
      const std::string type = r.value("Type", "");
      const Json props = r.value("Properties", Json::object());
      if (type == "AWS::EC2::Instance") {
        launch(props, 1, "node");
      } else if (type == "AWS::AutoScaling::AutoScalingGroup") {
        launch(props, number_of(props.value("DesiredCapacity", Json(1)), 1), "HA node");
        ha_groups += 1;
      } else if (type == "AWS::EC2::Volume") {
        volumes.emplace_back(1, volume_of(props, "Size"));
        volume_roles.emplace_back(1, "node data volume");
      } else if (type == "AWS::ElasticLoadBalancingV2::LoadBalancer") {
        load_balancers += 1;
      } else if (type == "AWS::CloudWatch::Alarm") {
        alarms += 1;
      } else if (type == "AWS::CloudWatch::Dashboard") {
        dashboards += 1;
      } else if (type == "AWS::KMS::Key") {
        kms_keys += 1;
      } else if (type == "AWS::SecretsManager::Secret") {
        template_secrets += 1;
      }
    }
  }

  // EC2
  for (const auto& [type, count] : instances_by_type) {
    auto hourly = p.ec2(type);
    if (!hourly) {
      throw UserError("STACKS_INSTANCE_TYPE",
                      type + " has no price in snr's bundled table for " + p.region +
                          "; priced families: m5 m6i m7i m6a c5 c6i r5 r6i t3 m6g m7g c6g c7g "
                          "r6g t4g (sizes medium to 48xlarge, no metal)");
    }
    add("ec2",
        num(count) + " × " + type + " on-demand Linux, " + num(kHoursPerMonth) + " h × " +
            num(*hourly) + " USD/h",
        count * kHoursPerMonth * *hourly);
  }

  // EBS
  for (std::size_t i = 0; i < volumes.size(); ++i) {
    const auto& [count, v] = volumes[i];
    auto [usd, how] = price_volume(v, p);
    add("ebs", num(count) + " × " + volume_roles[i].second + ": " + how, count * usd);
  }

  // Load balancer
  if (load_balancers > 0) {
    add("elb",
        num(load_balancers) + " × Application Load Balancer, " + num(kHoursPerMonth) + " h × " +
            num(p.alb_hour) + " USD/h",
        load_balancers * kHoursPerMonth * p.alb_hour);
    add("elb",
        "load balancer capacity units: " + num(a.alb_lcu) + " LCU × " + num(kHoursPerMonth) +
            " h × " + num(p.alb_lcu_hour) + " USD/LCU-h",
        load_balancers * a.alb_lcu * kHoursPerMonth * p.alb_lcu_hour,
        num(a.alb_lcu) + " LCU on average (--assume-lcu)");
  }

  // Snapshots
  {
    double data_volumes = 0;
    for (std::size_t i = 0; i < volumes.size(); ++i)
      if (volume_roles[i].second.find("data volume") != std::string::npos)
        data_volumes += volumes[i].first;
    const double full_gb = archive_gb(c, a) * kZstdExpansion;
    // snr snapshot create and snr upgrade keep the newest
    // STACKS_SNAPSHOT_RETAIN; EBS stores the first in full (the used blocks), the rest as changes.
    const bool from_config = a.snapshots_retained < 0;
    const double kept = from_config ? c.snapshots.retain : a.snapshots_retained;
    const double stored = kept > 0 ? full_gb + (kept - 1) * a.snapshot_changed_gb : 0;
    add("snapshots",
        num(data_volumes) + " data volume(s): " + num(stored) + " GB stored × " +
            num(p.snapshot_gb_month) + " USD/GB-month",
        data_volumes * stored * p.snapshot_gb_month,
        num(kept) + " snapshots kept (" +
            (from_config ? std::string("STACKS_SNAPSHOT_RETAIN; ") : std::string()) +
            "--assume-snapshots-retained)" +
            (kept > 0
                 ? ": the first holds the chainstate (" + num(full_gb) + " GB), each other " +
                       num(a.snapshot_changed_gb) + " GB of changes (--assume-snapshot-changed-gb)"
                 : std::string()));
  }

  // CloudWatch
  if (alarms > 0)
    add("cloudwatch", num(alarms) + " alarms × " + num(p.cw_alarm_month) + " USD/month",
        alarms * p.cw_alarm_month);
  if (dashboards > 0)
    add("cloudwatch",
        num(dashboards) + " dashboard(s) × " + num(p.cw_dashboard_month) + " USD/month",
        dashboards * p.cw_dashboard_month);
  {
    // The agent publishes each metric once per dimension set: per instance, and per group in HA.
    const double agent = static_cast<double>(agent_metric_count(c)) * (nodes + ha_groups);
    add("cloudwatch",
        num(agent) + " custom metrics from snr's agent (" + std::to_string(agent_metric_count(c)) +
            " per node" + (ha_groups > 0 ? " and per group" : "") + ") × " +
            num(p.cw_metric_month) + " USD/month",
        agent * p.cw_metric_month);
    add("cloudwatch",
        num(nodes * a.cwagent_metrics) + " CloudWatch agent metrics × " + num(p.cw_metric_month) +
            " USD/month",
        nodes * a.cwagent_metrics * p.cw_metric_month,
        num(a.cwagent_metrics) + " per node (--assume-cwagent-metrics)");
    if (monitored > 0)
      add("cloudwatch",
          num(monitored * kDetailedMonitoringMetrics) + " EC2 detailed-monitoring metrics (" +
              num(kDetailedMonitoringMetrics) + " per instance) × " + num(p.cw_metric_month) +
              " USD/month",
          monitored * kDetailedMonitoringMetrics * p.cw_metric_month);
    add("cloudwatch",
        "logs: " + num(nodes * a.log_gb) + " GB ingested × " + num(p.cw_logs_ingest_gb) + " USD/GB",
        nodes * a.log_gb * p.cw_logs_ingest_gb, num(a.log_gb) + " GB per node (--assume-log-gb)");
  }

  // KMS, Secrets Manager
  if (kms_keys > 0)
    add("kms", num(kms_keys) + " customer managed key(s) × " + num(p.kms_key_month) + " USD/month",
        kms_keys * p.kms_key_month);
  {
    // The agent's secrets are per node; the Bitcoin RPC password one per node stack.
    std::vector<std::string> secrets = agent_secrets(c);
    double count = template_secrets + static_cast<double>(secrets.size()) * nodes;
    if (!c.bitcoin.rpc_password.empty() && c.bitcoin.rpc_password_secret_arn.empty()) {
      secrets.push_back("the Bitcoin RPC password snr deploy stores, one per node stack");
      count += node_stacks;
    }
    if (count > 0) {
      std::string what;
      for (const auto& s : secrets)
        what += (what.empty() ? "" : ", ") + s;
      add("secretsmanager",
          num(count) + " secret(s)" + (what.empty() ? "" : " (" + what + ")") + " × " +
              num(p.secret_month) + " USD/month",
          count * p.secret_month);
    }
  }

  // Data transfer out
  add("data-transfer",
      num(nodes * a.transfer_out_gb) + " GB out to the Internet × " + num(p.transfer_out_gb) +
          " USD/GB",
      nodes * a.transfer_out_gb * p.transfer_out_gb,
      num(a.transfer_out_gb) + " GB per node and month of P2P/RPC traffic (--assume-transfer-gb)");

  if (c.download_chainstate) {
    const RestoreTime r = restore_time(c, a);
    char hours[32];
    std::snprintf(hours, sizeof hours, "%.1f", r.hours);
    std::string limit = r.limit == "download" ? "the download at " + num(r.download_mbps) + " MB/s"
                        : r.limit == "volume" ? "the data volume's " + num(r.volume_mbps) + " MB/s"
                                              : c.instance_type + "'s EBS bandwidth of " +
                                                    num(r.instance_mbps) + " MB/s sustained";
    e.notes.push_back(
        "Chainstate restore [assumed]: about " + std::string(hours) + " h for a " +
        num(r.archive_gb) + " GB archive (--assume-archive-gb) extracting to " +
        num(r.extracted_gb) + " GB (x" + num(kZstdExpansion) + "), limited by " + limit +
        " (download " + num(r.download_mbps) + " MB/s --assume-download-mbps, volume " +
        num(r.volume_mbps) + " MB/s, instance EBS " +
        (r.instance_mbps > 0 ? num(r.instance_mbps) + " MB/s" : std::string("unknown")) + ")");
  }
  return e;
}

}  // namespace snr::cost
