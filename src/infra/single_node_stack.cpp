#include "contract/metrics.h"
#include "contract/names.h"
#include "contract/settings_document.h"
#include "infra/constructs.h"
#include "infra/monitoring.h"
#include "infra/names.h"
#include "infra/node_parts.h"
#include "infra/stacks.h"

namespace snr::infra {

using namespace cfn;
using namespace single_ids;

namespace {

/// CloudFormation's longest creation wait: long enough to restore a mainnet
/// chainstate archive (hundreds of GB) and start the node.
constexpr const char* kReadyTimeout = "PT12H";

void add_single_node_alarms(Template& t, const config::Config& c) {
  namespace m = contract::metrics;
  const std::string ns(m::kNamespace);
  const Dimensions instance = {{std::string(m::kDimInstanceId), cfn::ref(kNodeInstance)}};
  add_node_alarms(t, c, NodeScope::instance, instance);
  add_alarm(t, "NodeBehindPeersAlarm", ids::kAlarmTopic,
            {.description = "The Stacks node is more than " +
                            std::to_string(c.monitoring.health_max_blocks_behind) +
                            " blocks behind its peers",
             .namespace_name = ns,
             .metric = std::string(m::kBlocksBehindPeers),
             .dimensions = instance,
             .statistic = "Minimum",
             .period = 300,
             .evaluation_periods = 3,
             .datapoints = 3,
             .threshold = static_cast<double>(c.monitoring.health_max_blocks_behind),
             .comparison = "GreaterThanThreshold",
             .treat_missing_data = "missing"});
  // A process the agent reports as down (or an agent that stopped reporting).
  auto down = [&](const char* id, const std::string& process, std::string_view metric) {
    add_alarm(t, id, ids::kAlarmTopic,
              {.description = process + " is not running (or the agent stopped reporting)",
               .namespace_name = ns,
               .metric = std::string(metric),
               .dimensions = instance,
               .statistic = "Minimum",
               .period = 60,
               .evaluation_periods = 3,
               .datapoints = 3,
               .threshold = 1,
               .comparison = "LessThanThreshold",
               .treat_missing_data = "breaching"});
  };
  down("NodeProcessDownAlarm", "stacks-node", m::kNodeUp);
  if (c.needs_signer_wiring()) down("SignerProcessDownAlarm", "stacks-signer", m::kSignerUp);
  add_alarm(t, "InstanceStatusCheckAlarm", ids::kAlarmTopic,
            {.description = "EC2 system status check failed: the instance is being recovered",
             .namespace_name = "AWS/EC2",
             .metric = "StatusCheckFailed_System",
             .dimensions = instance,
             .statistic = "Maximum",
             .period = 60,
             .evaluation_periods = 2,
             .datapoints = 2,
             .threshold = 1,
             .comparison = "GreaterThanOrEqualToThreshold",
             .treat_missing_data = "missing",
             .extra_actions =
                 Json::array({sub("arn:${AWS::Partition}:automate:${AWS::Region}:ec2:recover")})});
}

Json single_node_dashboard_body() {
  namespace m = contract::metrics;
  const std::string ns(m::kNamespace);
  auto node = [&](std::string_view metric) {
    return Json::array({ns, std::string(metric), std::string(m::kDimInstanceId), "${Instance}"});
  };
  auto ec2 = [](const char* metric) {
    return Json::array({"AWS/EC2", metric, "InstanceId", "${Instance}"});
  };
  return Json{
      {"widgets",
       Json::array(
           {dashboard_widget(0, 0, "Stacks tip height", Json::array({node(m::kTipHeight)}),
                             "Maximum"),
            dashboard_widget(8, 0, "Burn block height", Json::array({node(m::kBurnBlockHeight)}),
                             "Maximum"),
            dashboard_widget(16, 0, "Lag: blocks behind peers / tip age (s)",
                             Json::array({node(m::kBlocksBehindPeers), node(m::kTipAgeSeconds)}),
                             "Maximum"),
            dashboard_widget(0, 6, "CPU utilization (%)", Json::array({ec2("CPUUtilization")}),
                             "Average"),
            dashboard_widget(
                8, 6, "Data volume used (%)",
                Json::array({Json::array({std::string(m::kCwAgentNamespace),
                                          std::string(m::kDiskUsedPercent), "InstanceId",
                                          "${Instance}", std::string(m::kDimPath),
                                          std::string(contract::kDataMountPoint)})}),
                "Maximum"),
            dashboard_widget(16, 6, "Network (bytes)",
                             Json::array({ec2("NetworkIn"), ec2("NetworkOut")}), "Sum"),
            dashboard_widget(0, 12, "Node up / synced",
                             Json::array({node(m::kNodeUp), node(m::kSynced)}), "Minimum")})}};
}

}  // namespace

Template build_single_node_stack(const config::Config& c) {
  Template t("snr: one Stacks " + std::string(node::to_string(c.role)) + " node (" +
             std::string(node::to_string(c.network)) + ") on EC2 in the default VPC");
  add_node_parameters(t, c);
  {
    Parameter zone;
    zone.type = "AWS::EC2::AvailabilityZone::Name";
    zone.description =
        "Zone of the node and its data volume (the deployer passes the first subnet's)";
    t.add_parameter(std::string(params::kAvailabilityZone), std::move(zone));
  }

  add_node_security_group(t, ids::kNodeSecurityGroup,
                          {.p2p_port = c.ports.p2p,
                           .rpc_port = c.ports.rpc,
                           .health_port = c.ports.health,
                           .load_balancer_group = "",
                           .rpc_public = c.ports.rpc_public});

  add_node_role(t, ids::kNodeRole, ids::kNodeInstanceProfile,
                {.statements = node_statements(c), .wildcards = node_wildcards(c)});

  add_launch_template(t, ids::kNodeLaunchTemplate,
                      {.instance_type = c.instance_type,
                       .profile_id = ids::kNodeInstanceProfile,
                       .security_group_id = ids::kNodeSecurityGroup,
                       .user_data = bootstrap_user_data(kNodeReady, ""),
                       .data_volume = nullptr,
                       .data_snapshot = nullptr,  // its volume is a stack resource, kept
                       .instance_tags_in_metadata = false});

  // The agent attaches the volume outside CloudFormation, which deletes in
  // reverse dependency order: the instance depends on the volume so that it
  // is terminated (detaching the volume) before the volume is deleted. The
  // zone is a parameter, never the instance's GetAtt (that would reverse it).
  Json volume = data_volume_properties(c.data_volume, "Size");
  volume["AvailabilityZone"] = cfn::ref(params::kAvailabilityZone);
  volume["Tags"] = standard_tags();
  // Deleted with the stack (`snr destroy` leaves nothing behind; snapshot it
  // first to keep a chainstate, docs/deploy.md), but snapshotted if an update
  // ever replaces it.
  auto& data_volume = t.add_resource(kDataVolume, "AWS::EC2::Volume", std::move(volume));
  data_volume.deletion_policy = DeletionPolicy::delete_;
  data_volume.update_replace_policy = DeletionPolicy::snapshot;

  Resource& instance =
      t.add_resource(kNodeInstance, "AWS::EC2::Instance",
                     {{"LaunchTemplate",
                       {{"LaunchTemplateId", cfn::ref(ids::kNodeLaunchTemplate)},
                        {"Version", get_att(ids::kNodeLaunchTemplate, "LatestVersionNumber")}}},
                      // The launch template has these too; repeating them on the
                      // instance changes nothing on AWS and lets emulators that
                      // ignore launch templates (moto) create the instance.
                      {"ImageId", cfn::ref(params::kImageId)},
                      {"InstanceType", c.instance_type},
                      {"SubnetId", select(0, cfn::ref(params::kSubnetIds))},
                      {"Monitoring", true},
                      // Never in the way of CloudFormation: creations run without
                      // rollback and snr lifts it before deleting a failed one;
                      // deploy lifts it for a replaced instance, destroy for all.
                      {"DisableApiTermination", true},
                      {"PropagateTagsToVolumeOnCreation", true},
                      {"Tags", [] {
                         Json tg = standard_tags();
                         tg.push_back({{"Key", "Name"}, {"Value", pseudo::stack_name()}});
                         return tg;
                       }()}});
  instance.depends(kDataVolume);

  add_log_group(t, ids::kNodeLogGroup, c.monitoring.log_retention_days);
  add_settings_parameter(
      t, settings_document(c, contract::DeploymentKind::single_node,
                           std::string(kSingleNodeStackId), kNodeReady, kDataVolume));

  // Completes when the agent signals: data volume mounted, chainstate
  // restored, node started. Signals from a replacement instance arrive after
  // this resource exists and are ignored by CloudFormation.
  Resource& ready = t.add_resource(kNodeReady, "AWS::CloudFormation::WaitCondition");
  ready.creation_policy = {{"ResourceSignal", {{"Count", 1}, {"Timeout", kReadyTimeout}}}};
  ready.depends(kNodeInstance).depends(kDataVolume).depends(ids::kSettingsParameter);

  add_alarm_topic(t, ids::kAlarmTopic, ids::kAlarmTopicPolicy, ids::kAlarmEmailSubscription,
                  c.monitoring.alarm_email);
  add_single_node_alarms(t, c);
  add_dashboard(t, ids::kDashboard, single_node_dashboard_body(),
                Json{{"Instance", cfn::ref(kNodeInstance)}});

  t.add_output("nodeinstanceid", {cfn::ref(kNodeInstance), "EC2 instance of the node", "", ""});
  t.add_output("datavolumeid", {cfn::ref(kDataVolume), "EBS data volume of the node", "", ""});
  add_node_outputs(t, NodeScope::instance);
  if (c.needs_signer_wiring()) {
    // Where the signer key is (never the key). Its public key and address are
    // known only after the node's first boot: `snr status` and the deploy's
    // outputs file show them.
    t.add_output("signerkeysecret",
                 {c.signer_secret_arn.empty()
                      ? sub(contract::secret_name("${AWS::StackName}", contract::kSignerKeySecret))
                      : Json(c.signer_secret_arn),
                  "Secrets Manager secret holding the signer key", "", ""});
  }
  return t;
}

}  // namespace snr::infra
