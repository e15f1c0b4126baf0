#include "infra/stacks.h"

#include <fstream>
#include <regex>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cfn/nag.h"
#include "contract/settings_document.h"
#include "infra/names.h"
#include "infra/node_parts.h"
#include "infra_fixtures.h"

namespace snr::infra {
namespace {

using cfn::Json;
using snr::testing::kFollowerEnv;
using snr::testing::kMinerEnv;
using snr::testing::kSignerEnv;
using snr::testing::valid_config;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

Json common(const std::string& env = kFollowerEnv) {
  return build_common_stack(valid_config(env)).to_json();
}
Json single(const std::string& env = kFollowerEnv) {
  return build_single_node_stack(valid_config(env)).to_json();
}
Json ha(const std::string& env = kFollowerEnv) {
  return build_ha_stack(valid_config(env)).to_json();
}

std::vector<std::string> resource_ids(const Json& t) {
  std::vector<std::string> out;
  for (const auto& [id, r] : t["Resources"].items())
    out.push_back(id);
  return out;
}

const Json& props(const Json& t, const std::string& id) {
  return t["Resources"][id]["Properties"];
}

/// Every statement of the node role's inline policy.
std::vector<Json> node_statements(const Json& t) {
  std::vector<Json> out;
  for (const auto& p : props(t, "NodeRole")["Policies"])
    for (const auto& s : p["PolicyDocument"]["Statement"])
      out.push_back(s);
  return out;
}

const Json* statement_with_sid(const std::vector<Json>& sts, const std::string& sid) {
  for (const auto& s : sts)
    if (s.value("Sid", "") == sid) return &s;
  return nullptr;
}

// --- stable logical ids (a rename would replace the resource on update) -----

TEST(LogicalIds, CommonStackIsStable) {
  EXPECT_THAT(resource_ids(common()),
              ElementsAre("AccessLogBucket", "AccessLogBucketPolicy", "AlarmTopicKey",
                          "AssetBucket", "AssetBucketPolicy", "NodeBasePolicy"));
}

TEST(LogicalIds, SingleNodeStackIsStable) {
  EXPECT_THAT(resource_ids(single()),
              ElementsAre("AlarmTopic", "AlarmTopicPolicy", "Dashboard", "DataDiskUsage80Alarm",
                          "DataDiskUsage90Alarm", "DataVolume", "InstanceStatusCheckAlarm",
                          "NetworkStalledAlarm", "NodeBehindPeersAlarm", "NodeInstance", "NodeInstanceProfile",
                          "NodeLaunchTemplate", "NodeLogGroup", "NodeNotAdvancingAlarm",
                          "NodeProcessDownAlarm", "NodeReady", "NodeRole", "NodeSecurityGroup",
                          "SettingsParameter"));
}

TEST(LogicalIds, HaStackIsStable) {
  EXPECT_THAT(
      resource_ids(ha()),
      ElementsAre("AlarmTopic", "AlarmTopicPolicy", "Dashboard", "DataDiskUsage80Alarm",
                  "DataDiskUsage90Alarm", "HealthyNodesBelowDesiredAlarm", "LoadBalancer",
                  "LoadBalancerSecurityGroup", "LoadBalancerToNodeHealth", "LoadBalancerToNodeRpc",
                  "NetworkStalledAlarm", "NoHealthyNodesAlarm", "NodeGroup", "NodeInstanceProfile", "NodeLaunchTemplate",
                  "NodeLogGroup", "NodeRole", "NodeSecurityGroup", "NodesNotAdvancingAlarm",
                  "RpcListener", "RpcTargetGroup", "SettingsParameter"));
}

TEST(LogicalIds, RoleSpecificResourcesOnlyAdd) {
  auto base = resource_ids(single());
  auto signer = resource_ids(single(kSignerEnv));
  for (const auto& id : base)
    EXPECT_NE(std::find(signer.begin(), signer.end(), id), signer.end());
  EXPECT_NE(std::find(signer.begin(), signer.end(), "SignerProcessDownAlarm"), signer.end());
  auto mail = resource_ids(single(kFollowerEnv + "STACKS_ALARM_EMAIL=ops@example.com\n"));
  EXPECT_NE(std::find(mail.begin(), mail.end(), "AlarmEmailSubscription"), mail.end());
}

TEST(Stacks, NoDanglingReferences) {
  for (const auto& env : {kFollowerEnv, kSignerEnv, kMinerEnv}) {
    auto c = valid_config(env);
    EXPECT_THAT(build_common_stack(c).reference_problems(), IsEmpty());
    EXPECT_THAT(build_single_node_stack(c).reference_problems(), IsEmpty());
  }
  EXPECT_THAT(build_ha_stack(valid_config(kFollowerEnv)).reference_problems(), IsEmpty());
}

// --- common stack -----------------------------------------------------------

TEST(CommonStack, BucketsAreEncryptedPrivateTlsOnlyAndLogged) {
  Json t = common();
  for (const char* id : {"AssetBucket", "AccessLogBucket"}) {
    const Json& b = props(t, id);
    EXPECT_EQ(b["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
               ["ServerSideEncryptionByDefault"]["SSEAlgorithm"],
              "AES256");
    for (const char* k :
         {"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"})
      EXPECT_EQ(b["PublicAccessBlockConfiguration"][k], true) << id << " " << k;
    const Json& deny = props(t, std::string(id) + "Policy")["PolicyDocument"]["Statement"][0];
    EXPECT_EQ(deny["Effect"], "Deny");
    EXPECT_EQ(deny["Condition"]["Bool"]["aws:SecureTransport"], "false");
  }
  EXPECT_EQ(props(t, "AssetBucket")["VersioningConfiguration"]["Status"], "Enabled");
  EXPECT_EQ(props(t, "AssetBucket")["LoggingConfiguration"]["DestinationBucketName"],
            cfn::ref("AccessLogBucket"));
  // The load balancer access logs of us-west-2 come from the regional ELB account.
  EXPECT_THAT(props(t, "AccessLogBucketPolicy").dump(), HasSubstr("797873946194"));
}

TEST(CommonStack, DestroyLeavesNothingBehind) {
  Json t = common();
  for (const auto& [id, r] : t["Resources"].items()) {
    EXPECT_NE(r.value("DeletionPolicy", ""), "Retain") << id;
    EXPECT_NE(r.value("UpdateReplacePolicy", ""), "Retain") << id;
  }
  // A KMS key can only be scheduled for deletion: the shortest window.
  EXPECT_EQ(props(t, "AlarmTopicKey")["PendingWindowInDays"], 7);
}

TEST(CommonStack, ExportsWhatNodeStacksImport) {
  Json t = common();
  std::set<std::string> exported;
  for (const auto& [id, o] : t["Outputs"].items())
    exported.insert(o["Export"]["Name"]);
  for (const auto& node : {single(), ha()}) {
    std::string text = node.dump();
    std::regex import(R"re("Fn::ImportValue":"([^"]+)")re");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), import);
         it != std::sregex_iterator(); ++it)
      EXPECT_TRUE(exported.count((*it)[1].str())) << (*it)[1].str();
  }
}

TEST(CommonStack, IsTheSameForEveryRoleAndNetwork) {
  std::string follower = build_common_stack(valid_config(kFollowerEnv)).render();
  EXPECT_EQ(build_common_stack(valid_config(kSignerEnv)).render(), follower);
  EXPECT_EQ(build_common_stack(valid_config(kMinerEnv + "STACKS_NETWORK=testnet\n")).render(),
            follower);
}

TEST(CommonStack, BasePolicyIsScopedByConditions) {
  Json t = common();
  for (const auto& s : props(t, "NodeBasePolicy")["PolicyDocument"]["Statement"]) {
    // Read-only Describe calls, and Session Manager's channels: no resource-level scope.
    if (s["Sid"] == "DescribeInstancesVolumesAndTags" || s["Sid"] == "SessionManager") continue;
    EXPECT_TRUE(s.contains("Condition")) << s.dump();
  }
  EXPECT_THAT(props(t, "NodeBasePolicy").dump(),
              HasSubstr(R"("aws:ResourceTag/snr-stack":"${aws:PrincipalTag/snr-stack}")"));
}

// --- single node --------------------------------------------------------------

TEST(SingleNode, ParametersTheDeployerFills) {
  Json t = single();
  const Json& p = t["Parameters"];
  EXPECT_EQ(p["VpcId"]["Type"], "AWS::EC2::VPC::Id");
  EXPECT_FALSE(p.contains("VpcCidr"));  // a literal in the rules (kDefaultVpcCidr)
  EXPECT_EQ(p["SubnetIds"]["Type"], "List<AWS::EC2::Subnet::Id>");
  EXPECT_EQ(p["ImageId"]["Type"], "AWS::EC2::Image::Id");  // pinned by the deployer
  EXPECT_EQ(p["AvailabilityZone"]["Type"], "AWS::EC2::AvailabilityZone::Name");
  EXPECT_FALSE(p["StacksVersion"].contains("Default"));  // "latest": the deployer resolves it
  EXPECT_TRUE(p.contains("SnrAssetKey"));
  EXPECT_TRUE(p.contains("SnrAssetSha256"));
  Json arm = single(kFollowerEnv +
                    "STACKS_CPU_TYPE=ARM_64\nSTACKS_INSTANCE_TYPE=m7g.large\n"
                    "STACKS_VERSION=4.0.2\n");
  EXPECT_EQ(arm["Parameters"]["StacksVersion"]["Default"], "4.0.2");
  EXPECT_EQ(props(arm, "NodeLaunchTemplate")["LaunchTemplateData"]["InstanceType"], "m7g.large");
}

TEST(SingleNode, InstanceRequiresImdsV2AndIsProtected) {
  Json t = single();
  const Json& vm = props(t, "NodeInstance");
  EXPECT_EQ(vm["LaunchTemplate"]["LaunchTemplateId"], cfn::ref("NodeLaunchTemplate"));
  EXPECT_EQ(vm["LaunchTemplate"]["Version"],
            cfn::get_att("NodeLaunchTemplate", "LatestVersionNumber"));
  EXPECT_EQ(vm["SubnetId"], cfn::select(0, cfn::ref("SubnetIds")));
  EXPECT_EQ(vm["Monitoring"], true);
  EXPECT_EQ(vm["DisableApiTermination"], true);
  const Json& lt = props(t, "NodeLaunchTemplate")["LaunchTemplateData"];
  EXPECT_EQ(lt["MetadataOptions"]["HttpTokens"], "required");
  EXPECT_EQ(lt["EbsOptimized"], true);
  const Json& root = lt["BlockDeviceMappings"][0]["Ebs"];
  EXPECT_EQ(root["VolumeType"], "gp3");
  EXPECT_EQ(root["Encrypted"], true);
  EXPECT_EQ(lt["BlockDeviceMappings"].size(), 1u);  // the data volume is separate
}

TEST(SingleNode, InstanceRepeatsImageAndTypeOfItsLaunchTemplate) {
  // Harmless on AWS; emulators that ignore launch templates (moto) need them.
  Json t = single();
  EXPECT_EQ(props(t, "NodeInstance")["ImageId"], cfn::ref("ImageId"));
  EXPECT_EQ(props(t, "NodeInstance")["InstanceType"], "m5.large");
  EXPECT_EQ(props(t, "NodeLaunchTemplate")["LaunchTemplateData"]["ImageId"], cfn::ref("ImageId"));
}

TEST(SingleNode, DataVolumeFollowsTheConfigInTheInstancesZone) {
  Json t = single(kFollowerEnv +
                  "STACKS_DATA_VOL_SIZE=3000\nSTACKS_DATA_VOL_IOPS=16000\n"
                  "STACKS_DATA_VOL_THROUGHPUT=1000\n");
  const Json& v = props(t, "DataVolume");
  EXPECT_EQ(v["Size"], 3000);
  EXPECT_EQ(v["VolumeType"], "gp3");
  EXPECT_EQ(v["Iops"], 16000);
  EXPECT_EQ(v["Throughput"], 1000);
  EXPECT_EQ(v["Encrypted"], true);
  EXPECT_EQ(v["AvailabilityZone"], cfn::ref("AvailabilityZone"));
  EXPECT_EQ(t["Resources"]["DataVolume"]["DeletionPolicy"], "Delete");  // destroy deletes it
  EXPECT_EQ(t["Resources"]["DataVolume"]["UpdateReplacePolicy"], "Snapshot");
  Json gp2 = single(kFollowerEnv + "STACKS_DATA_VOL_TYPE=gp2\n");
  EXPECT_FALSE(props(gp2, "DataVolume").contains("Iops"));
  EXPECT_FALSE(props(gp2, "DataVolume").contains("Throughput"));
}

TEST(SingleNode, SecurityGroupOpensP2pPubliclyAndRpcToTheVpcOnly) {
  Json t = single(kFollowerEnv + "STACKS_P2P_PORT=30444\nSTACKS_RPC_PORT=30443\n");
  const Json& in = props(t, "NodeSecurityGroup")["SecurityGroupIngress"];
  ASSERT_EQ(in.size(), 2u);
  EXPECT_EQ(in[0]["IpProtocol"], "tcp");  // stacks-node's P2P is TCP only
  EXPECT_EQ(in[0]["FromPort"], 30444);
  EXPECT_EQ(in[0]["ToPort"], 30444);
  EXPECT_EQ(in[0]["CidrIp"], "0.0.0.0/0");
  EXPECT_EQ(in[1]["FromPort"], 30443);
  EXPECT_EQ(in[1]["CidrIp"], "172.31.0.0/16");
  EXPECT_THAT(t.dump(), Not(HasSubstr("\"FromPort\":22,")));
}

TEST(SingleNode, WaitsForTheNodeSignal) {
  Json t = single();
  const Json& ready = t["Resources"]["NodeReady"];
  EXPECT_EQ(ready["Type"], "AWS::CloudFormation::WaitCondition");
  EXPECT_EQ(ready["CreationPolicy"]["ResourceSignal"]["Count"], 1);
  EXPECT_EQ(ready["CreationPolicy"]["ResourceSignal"]["Timeout"], "PT12H");
  EXPECT_THAT(ready["DependsOn"], ElementsAre("DataVolume", "NodeInstance", "SettingsParameter"));
}

TEST(SingleNode, AlarmsNotifyTheTopicAndRecoverTheInstance) {
  Json t = single(kFollowerEnv + "STACKS_ALARM_EMAIL=ops@example.com\n");
  auto alarms = snr::testing::ids_of_type(t, "AWS::CloudWatch::Alarm");
  EXPECT_EQ(alarms.size(), 7u);
  for (const auto& id : alarms)
    EXPECT_EQ(props(t, id)["AlarmActions"][0], cfn::ref("AlarmTopic")) << id;
  EXPECT_THAT(props(t, "InstanceStatusCheckAlarm")["AlarmActions"][1].dump(),
              HasSubstr(":ec2:recover"));
  // Issue 13 item 7: the network-stall alarm only notifies, on the instance's metric.
  EXPECT_EQ(props(t, "NetworkStalledAlarm")["AlarmActions"], Json::array({cfn::ref("AlarmTopic")}));
  EXPECT_EQ(props(t, "NetworkStalledAlarm")["MetricName"], "stacks_network_stalled");
  EXPECT_EQ(props(t, "NetworkStalledAlarm")["Dimensions"][0]["Name"], "InstanceId");
  EXPECT_EQ(props(t, "DataDiskUsage80Alarm")["Threshold"], 80.0);
  EXPECT_EQ(props(t, "DataDiskUsage90Alarm")["Threshold"], 90.0);
  EXPECT_EQ(props(t, "DataDiskUsage90Alarm")["Dimensions"][1]["Value"], "/var/lib/stacks");
  EXPECT_EQ(props(t, "NodeProcessDownAlarm")["MetricName"], "stacks_node_up");
  EXPECT_EQ(props(t, "NodeProcessDownAlarm")["Namespace"], "Stacks/Node");
  EXPECT_EQ(props(t, "AlarmEmailSubscription")["Endpoint"], "ops@example.com");
  EXPECT_TRUE(props(t, "AlarmTopic").contains("KmsMasterKeyId"));
  EXPECT_EQ(props(t, "NodeLogGroup")["RetentionInDays"], 30);
  std::string dashboard = props(t, "Dashboard")["DashboardBody"]["Fn::Sub"][0];
  for (const char* m : {"stacks_tip_height", "burn_block_height", "stacks_blocks_behind_peers",
                        "CPUUtilization", "disk_used_percent", "NetworkIn"})
    EXPECT_THAT(dashboard, HasSubstr(m));
}

TEST(SingleNode, OutputsTheBlueprintKeys) {
  Json t = single();
  EXPECT_EQ(t["Outputs"]["nodeinstanceid"]["Value"], cfn::ref("NodeInstance"));
  EXPECT_EQ(t["Outputs"]["region"]["Value"], cfn::ref("AWS::Region"));
}

TEST(SingleNode, RoleIsScopedToThisStack) {
  Json t = single();
  auto sts = node_statements(t);
  for (const auto& s : sts) {
    EXPECT_THAT(cfn::nag::flatten(s["Resource"].is_array() ? s["Resource"][0] : s["Resource"]),
                Not(HasSubstr("*")))
        << s.dump();
    EXPECT_EQ(s["Effect"], "Allow");
  }
  ASSERT_NE(statement_with_sid(sts, "SignalThisStack"), nullptr);
  EXPECT_EQ((*statement_with_sid(sts, "SignalThisStack"))["Resource"], cfn::ref("AWS::StackId"));
  EXPECT_EQ((*statement_with_sid(sts, "ReadSettings"))["Resource"]["Fn::Sub"],
            "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/snr/"
            "${AWS::StackName}/settings");
  EXPECT_EQ((*statement_with_sid(sts, "WriteNodeLogs"))["Resource"],
            cfn::get_att("NodeLogGroup", "Arn"));
  EXPECT_EQ(statement_with_sid(sts, "KeepGeneratedKeys"), nullptr);  // follower: no keys
  const Json& managed = props(t, "NodeRole")["ManagedPolicyArns"];
  // No AWS-managed policy (AmazonSSMManagedInstanceCore read every parameter of the account).
  ASSERT_EQ(managed.size(), 1u);
  EXPECT_EQ(managed[0], cfn::import_value("StacksNodesCommon-NodeBasePolicyArn"));
  EXPECT_THAT(t.dump(), Not(HasSubstr("AmazonSSMManagedInstanceCore")));
  EXPECT_THAT(t.dump(), Not(HasSubstr("SecretsManagerReadWrite")));
}

TEST(SingleNode, SignerCreatesKeysOnlyUnderItsPrefixAndReadsGivenSecrets) {
  const std::string arn = "arn:aws:secretsmanager:us-west-2:123456789012:secret:signer-key-AbCdEf";
  Json t = single(kSignerEnv + "STACKS_SIGNER_SECRET_ARN=" + arn + "\n");
  auto sts = node_statements(t);
  const Json* keep = statement_with_sid(sts, "KeepGeneratedKeys");
  ASSERT_NE(keep, nullptr);
  EXPECT_EQ(keep->at("Resource")["Fn::Sub"],
            "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:snr/"
            "${AWS::StackName}/*");
  EXPECT_THAT(keep->at("Action").dump(), Not(HasSubstr("PutSecretValue")));
  const Json* read = statement_with_sid(sts, "ReadConfiguredSecrets");
  ASSERT_NE(read, nullptr);
  EXPECT_THAT(read->at("Resource").dump(), HasSubstr(arn));
}

TEST(SingleNode, SignerHoldsOnlyItsKeysLeaseObject) {
  const std::string arn = "arn:aws:secretsmanager:us-west-2:123456789012:secret:shared-key-AbCdEf";
  auto given = valid_config(kSignerEnv + "STACKS_SIGNER_SECRET_ARN=" + arn + "\n");
  // The key layout itself: tests/unit/contract/names_test.cpp.
  for (const auto& c : {given, valid_config(kMinerEnv)}) {
    Json t = build_single_node_stack(c).to_json();
    auto sts = node_statements(t);
    const Json* lease = statement_with_sid(sts, "HoldSignerLease");
    ASSERT_NE(lease, nullptr);
    EXPECT_EQ(lease->at("Action"), Json::array({"s3:GetObject", "s3:PutObject"}));
    std::string resource = lease->at("Resource")["Fn::Sub"][0];
    EXPECT_THAT(resource,
                HasSubstr(contract::signer_lease_key(c, stack_name(kSingleNodeStackId, c))));
    EXPECT_THAT(resource, Not(HasSubstr("*")));
  }
  auto follower = node_statements(single());
  EXPECT_EQ(statement_with_sid(follower, "HoldSignerLease"), nullptr);
}

TEST(SingleNode, SignerOutputsWhereItsKeyIsNeverTheKey) {
  Json t = single(kSignerEnv);
  EXPECT_EQ(t["Outputs"]["signerkeysecret"]["Value"], cfn::sub("snr/${AWS::StackName}/signer-key"));
  const std::string arn = "arn:aws:secretsmanager:us-west-2:123456789012:secret:k-AbCdEf";
  EXPECT_EQ(single(kSignerEnv + "STACKS_SIGNER_SECRET_ARN=" + arn +
                   "\n")["Outputs"]["signerkeysecret"]["Value"],
            arn);
  EXPECT_FALSE(single()["Outputs"].contains("signerkeysecret"));
}

TEST(SingleNode, NoSecretValueAnywhere) {
  const std::string password = "pw-never-in-a-template-7Qx";
  for (const auto& env : {kFollowerEnv, kSignerEnv, kMinerEnv}) {
    auto c = valid_config(env + "BITCOIN_RPC_PASSWORD=" + password + "\n");
    ASSERT_FALSE(c.bitcoin.rpc_password.empty());
    EXPECT_THAT(build_single_node_stack(c).render(), Not(HasSubstr(password)));
    EXPECT_THAT(build_common_stack(c).render(), Not(HasSubstr(password)));
    if (!c.needs_signer_wiring()) {
      EXPECT_THAT(build_ha_stack(c).render(), Not(HasSubstr(password)));
    }
    // The node reads it from the secret the deployer stores.
    EXPECT_TRUE(build_single_node_stack(c).parameters().count("BitcoinRpcPasswordSecretArn"));
  }
}

// --- HA ---------------------------------------------------------------------

TEST(Ha, RefusesSignerAndMiner) {
  EXPECT_THROW(build_ha_stack(valid_config(kSignerEnv)), UserError);
  EXPECT_THROW(build_ha_stack(valid_config(kMinerEnv)), UserError);
}

TEST(Ha, GroupIsGatedBySyncAndReplacedSafely) {
  Json t = ha(kFollowerEnv +
              "STACKS_HA_NUMBER_OF_NODES=3\nSTACKS_HA_ALB_HEALTHCHECK_GRACE_PERIOD_MIN=15\n"
              "STACKS_HA_NODES_HEARTBEAT_DELAY_MIN=90\n");
  const Json& g = t["Resources"]["NodeGroup"];
  const Json& p = g["Properties"];
  EXPECT_EQ(p["HealthCheckType"], "ELB");
  EXPECT_EQ(p["HealthCheckGracePeriod"], 900);
  EXPECT_EQ(p["DesiredCapacity"], "3");
  EXPECT_EQ(p["MinSize"], "3");
  EXPECT_EQ(p["VPCZoneIdentifier"], cfn::ref("SubnetIds"));
  EXPECT_EQ(p["TargetGroupARNs"][0], cfn::ref("RpcTargetGroup"));
  EXPECT_FALSE(p.contains("AutoScalingGroupName"));  // a replacing update needs a new name
  const Json& hook = p["LifecycleHookSpecificationList"][0];
  EXPECT_EQ(hook["LifecycleTransition"], "autoscaling:EC2_INSTANCE_LAUNCHING");
  EXPECT_EQ(hook["HeartbeatTimeout"], 5400);
  EXPECT_EQ(hook["DefaultResult"], "ABANDON");
  EXPECT_EQ(hook["LifecycleHookName"], "snr-sync-gate");
  // New nodes must all be synced and in service before the update completes,
  // and the old group keeps serving until then.
  EXPECT_EQ(g["UpdatePolicy"]["AutoScalingReplacingUpdate"]["WillReplace"], true);
  EXPECT_FALSE(g["UpdatePolicy"].contains("AutoScalingRollingUpdate"));
  EXPECT_EQ(g["CreationPolicy"]["ResourceSignal"]["Count"], 3);
  EXPECT_EQ(g["CreationPolicy"]["ResourceSignal"]["Timeout"], "PT12H");
  EXPECT_EQ(g["CreationPolicy"]["AutoScalingCreationPolicy"]["MinSuccessfulInstancesPercent"], 100);
  EXPECT_EQ(p["NotificationConfigurations"][0]["NotificationTypes"].size(), 4u);
}

// snr upgrade stacks-ha-nodes: a new StacksVersion changes the launch template (the nodes'
// snr:configured-version tag), so the group's AutoScalingReplacingUpdate runs blue/green; the
// single node's instance never references the version (an in-place upgrade keeps it).
TEST(Ha, AVersionChangeIsABlueGreenReplacement) {
  Json t = ha();
  const Json& specs = props(t, "NodeLaunchTemplate")["LaunchTemplateData"]["TagSpecifications"];
  Json instance_tags;
  for (const auto& spec : specs)
    if (spec["ResourceType"] == "instance") instance_tags = spec["Tags"];
  EXPECT_THAT(instance_tags.dump(),
              HasSubstr(Json{{"Key", "snr:configured-version"}, {"Value", cfn::ref("StacksVersion")}}
                            .dump()));
  EXPECT_EQ(props(t, "NodeGroup")["LaunchTemplate"]["Version"],
            (Json{{"Fn::GetAtt", {"NodeLaunchTemplate", "LatestVersionNumber"}}}));

  Json s = single();
  EXPECT_THAT(props(s, "NodeInstance").dump(), Not(HasSubstr("StacksVersion")));
}

TEST(Ha, NetworkStalledAlarmWatchesTheFleetAndNeverActsOnIt) {
  // Issue 13 item 7: a stall of the whole network is alarmed on, on the group's
  // dimension the agent publishes, and feeds no health check or scaling.
  Json t = ha();
  const Json& a = props(t, "NetworkStalledAlarm");
  EXPECT_EQ(a["MetricName"], "stacks_network_stalled");
  EXPECT_EQ(a["Namespace"], "Stacks/Node");
  EXPECT_EQ(a["Statistic"], "Maximum");
  EXPECT_EQ(a["Dimensions"],
            Json::parse(R"([{"Name":"AutoScalingGroupName","Value":{"Ref":"NodeGroup"}}])"));
  EXPECT_EQ(a["AlarmActions"], Json::array({cfn::ref("AlarmTopic")}));
  std::string settings = props(t, "SettingsParameter")["Value"].dump();
  EXPECT_THAT(settings, HasSubstr(R"(\"AutoScalingGroupName\")"));
  for (const auto& [id, r] : t["Resources"].items()) {
    EXPECT_THAT(r.value("Type", ""), Not(HasSubstr("ScalingPolicy"))) << id;
    // No Ref/GetAtt/DependsOn names it (descriptions may mention it in prose).
    EXPECT_THAT(r.dump(), Not(HasSubstr("\"NetworkStalledAlarm\""))) << id;
  }
  EXPECT_EQ(props(t, "NodeGroup")["HealthCheckType"], "ELB");  // the agent's /health only
}

TEST(Ha, HeartbeatTimeoutStaysWithinAutoScalingLimits) {
  auto c = valid_config(kFollowerEnv);
  c.ha.heartbeat_delay_min = 500;  // more than Auto Scaling allows
  Json t = build_ha_stack(c).to_json();
  EXPECT_EQ(props(t, "NodeGroup")["LifecycleHookSpecificationList"][0]["HeartbeatTimeout"], 7200);
  c.download_chainstate = false;
  EXPECT_THAT(props(build_ha_stack(c).to_json(), "SettingsParameter")["Value"].dump(),
              HasSubstr(R"(\"chainstate\":{\"archive_url\":\"\"})"));
}

TEST(Ha, TargetGroupChecksTheSyncAwareHealthEndpoint) {
  Json t = ha(kFollowerEnv + "STACKS_HEALTH_PORT=21000\n");
  const Json& tg = props(t, "RpcTargetGroup");
  EXPECT_EQ(tg["Port"], 20443);
  EXPECT_EQ(tg["HealthCheckPort"], "21000");
  EXPECT_EQ(tg["HealthCheckPath"], "/health");
  EXPECT_EQ(tg["Matcher"]["HttpCode"], "200");
  const Json& in = props(t, "NodeSecurityGroup")["SecurityGroupIngress"];
  ASSERT_EQ(in.size(), 3u);  // P2P (tcp), RPC and health from the load balancer
  EXPECT_EQ(in[2]["FromPort"], 21000);
  EXPECT_EQ(in[2]["SourceSecurityGroupId"], cfn::get_att("LoadBalancerSecurityGroup", "GroupId"));
  EXPECT_EQ(props(t, "LoadBalancerToNodeHealth")["FromPort"], 21000);
}

TEST(Ha, LoadBalancerIsInternalAndLogged) {
  Json t = ha();
  const Json& lb = props(t, "LoadBalancer");
  EXPECT_EQ(lb["Scheme"], "internal");
  EXPECT_EQ(lb["Subnets"], cfn::ref("SubnetIds"));
  EXPECT_THAT(lb["LoadBalancerAttributes"].dump(),
              HasSubstr(R"({"Key":"access_logs.s3.enabled","Value":"true"})"));
  EXPECT_EQ(props(t, "RpcListener")["Port"], 20443);
  EXPECT_EQ(t["Outputs"]["ALBURL"]["Value"], cfn::get_att("LoadBalancer", "DNSName"));
  EXPECT_EQ(t["Outputs"]["alburl"]["Value"], cfn::get_att("LoadBalancer", "DNSName"));
}

TEST(Ha, PlainRpcListenerWithoutACertificateAndItsHttpUrl) {
  Json t = ha();
  EXPECT_EQ(props(t, "RpcListener")["Protocol"], "HTTP");
  EXPECT_FALSE(props(t, "RpcListener").contains("Certificates"));
  EXPECT_EQ(t["Outputs"]["RpcUrl"]["Value"].dump(),
            R"({"Fn::Join":["",["http://",{"Fn::GetAtt":["LoadBalancer","DNSName"]},":20443"]]})");
}

TEST(Ha, CertificateMakesTheOnlyRpcListenerHttpsWithTls13) {
  const std::string arn =
      "arn:aws:acm:us-west-2:123456789012:certificate/0f8e2d1c-1234-4abc-9def-001122334455";
  Json t = ha(kFollowerEnv + "STACKS_HA_ALB_CERTIFICATE_ARN=" + arn + "\n");
  auto listeners = snr::testing::ids_of_type(t, "AWS::ElasticLoadBalancingV2::Listener");
  ASSERT_THAT(listeners, ElementsAre("RpcListener"));  // no plaintext listener beside it
  const Json& l = props(t, "RpcListener");
  EXPECT_EQ(l["Protocol"], "HTTPS");
  EXPECT_EQ(l["Port"], 20443);
  EXPECT_EQ(l["SslPolicy"], "ELBSecurityPolicy-TLS13-1-2-2021-06");
  EXPECT_EQ(l["Certificates"], Json::array({{{"CertificateArn", arn}}}));
  EXPECT_EQ(props(t, "LoadBalancer")["Scheme"], "internal");
  EXPECT_THAT(t["Outputs"]["RpcUrl"]["Value"].dump(), HasSubstr(R"(["",["https://",)"));
  EXPECT_EQ(t["Outputs"]["ALBURL"]["Value"], cfn::get_att("LoadBalancer", "DNSName"));
  auto report = cfn::nag::check(t, "stacks-ha-nodes-follower");
  EXPECT_TRUE(report.ok());
}

TEST(Ha, LaunchTemplateHasEncryptedDataVolumeAndImdsV2) {
  Json t = ha();
  const Json& lt = props(t, "NodeLaunchTemplate")["LaunchTemplateData"];
  EXPECT_EQ(lt["MetadataOptions"]["HttpTokens"], "required");
  EXPECT_EQ(lt["MetadataOptions"]["InstanceMetadataTags"], "enabled");
  EXPECT_EQ(lt["EbsOptimized"], true);
  ASSERT_EQ(lt["BlockDeviceMappings"].size(), 2u);
  const Json& data = lt["BlockDeviceMappings"][1];
  EXPECT_EQ(data["DeviceName"], "/dev/sdf");
  EXPECT_EQ(data["Ebs"]["Encrypted"], true);
  EXPECT_EQ(data["Ebs"]["VolumeType"], "gp3");
  EXPECT_EQ(data["Ebs"]["Iops"], 12000);
  // New nodes start from the pinned snapshot when there is one (docs/snapshots.md).
  EXPECT_EQ(data["Ebs"]["SnapshotId"],
            cfn::if_("HasDataSnapshot", cfn::ref("DataSnapshotId"), cfn::pseudo::no_value()));
  EXPECT_EQ(t["Parameters"]["DataSnapshotId"]["Default"], "");
  EXPECT_EQ(t["Conditions"]["HasDataSnapshot"],
            cfn::not_(cfn::equals(cfn::ref("DataSnapshotId"), "")));
  EXPECT_FALSE(single()["Parameters"].contains("DataSnapshotId"));
  for (const auto& s : node_statements(t))
    EXPECT_THAT(cfn::nag::flatten(s["Resource"].is_array() ? s["Resource"][0] : s["Resource"]),
                Not(HasSubstr("*")));
}

// --- nag over the real stacks ---------------------------------------------------

TEST(StacksNag, CleanWithAtMostSixSuppressionsPerDeployment) {
  for (const auto& env : {kFollowerEnv, kSignerEnv, kMinerEnv}) {
    auto c = valid_config(env);
    std::vector<Json> stacks = {build_common_stack(c).to_json(),
                                build_single_node_stack(c).to_json()};
    if (!c.needs_signer_wiring()) stacks.push_back(build_ha_stack(c).to_json());
    std::size_t suppressed = 0;
    for (const auto& t : stacks) {
      auto r = cfn::nag::check(t, "stack");
      for (const auto& f : r.findings)
        EXPECT_TRUE(f.suppressed) << f.rule_id << " " << f.resource << " " << f.finding_id;
      EXPECT_THAT(r.suppression_errors, IsEmpty());
      EXPECT_THAT(r.suppression_warnings, IsEmpty());
      suppressed += r.suppressed();
    }
    EXPECT_LE(suppressed, 6u) << env;
  }
}

// --- user-data and settings document --------------------------------------------

/// Replaces ${Name} with values[Name] and ${!X} with ${X}.
std::string substitute(std::string text, const std::map<std::string, std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "${") == 0) {
      std::size_t end = text.find('}', i);
      std::string name = text.substr(i + 2, end - i - 2);
      if (!name.empty() && name[0] == '!') {
        out += "${" + name.substr(1) + "}";
      } else {
        auto it = values.find(name);
        EXPECT_NE(it, values.end()) << "unexpected variable ${" << name << "}";
        if (it != values.end()) out += it->second;
      }
      i = end;
    } else {
      out += text[i];
    }
  }
  return out;
}

TEST(UserData, IsShellcheckCleanForBothKinds) {
  snr::testing::TempDir dir;
  int n = 0;
  for (const auto& t : {single(), ha()}) {
    const Json& sub =
        props(t, "NodeLaunchTemplate")["LaunchTemplateData"]["UserData"]["Fn::Base64"]["Fn::Sub"];
    std::map<std::string, std::string> values = {{"AWS::Region", "us-west-2"},
                                                 {"AWS::StackName", "stacks-x"}};
    for (const auto& [k, v] : sub[1].items())
      values[k] = v.is_string() ? v.get<std::string>() : "/snr/stacks-x/settings";
    std::string script = substitute(sub[0], values);
    EXPECT_THAT(script, HasSubstr("agent bootstrap --settings \"$settings_file\""));
    EXPECT_THAT(script, HasSubstr("sha256sum --check"));
    auto path = dir.path() / ("user-data-" + std::to_string(n++) + ".sh");
    std::ofstream(path) << script;
    auto r = snr::testing::run("shellcheck --severity=style " + path.string());
    EXPECT_EQ(r.exit_code, 0) << r.output;
  }
}

TEST(SettingsDocument, ParsesAfterSubstitutionAndFitsAStandardParameter) {
  for (const auto& [t, kind] :
       {std::pair{single(kSignerEnv), contract::DeploymentKind::single_node},
        std::pair{ha(), contract::DeploymentKind::ha}}) {
    const Json& sub = props(t, "SettingsParameter")["Value"]["Fn::Sub"];
    std::map<std::string, std::string> values = {
        {"AWS::Region", "ap-southeast-3"},
        {"AWS::StackName", std::string(120, 's')},
        {"StacksVersion", "4.0.2.1-rc10"},
        {"SnrAssetKey", "snr/" + std::string(64, 'a') + "/snr-linux-x86_64"},
        {"SnrAssetSha256", std::string(64, 'a')},
        {"AssetBucket", std::string(63, 'b')},
        {"DataVolume", "vol-0123456789abcdef0"},
        {"NodeLogGroup", "/snr/" + std::string(120, 's')},
        {"BitcoinRpcPasswordSecretArn",
         "arn:aws:secretsmanager:ap-southeast-3:123456789012:secret:snr/x/bitcoin-AbCdEf"}};
    std::string text = substitute(sub[0], values);
    EXPECT_LT(text.size(), 4096u);  // SSM standard tier
    auto s = contract::settings_document_from_json(Json::parse(text));
    EXPECT_EQ(s.kind, kind);
    EXPECT_EQ(s.stacks_version, "4.0.2.1-rc10");
    EXPECT_EQ(s.snr_binary.sha256, std::string(64, 'a'));
    EXPECT_EQ(s.health.port, 20445);
    EXPECT_EQ(s.health.path, "/health");
    EXPECT_EQ(s.metrics.namespace_name, "Stacks/Node");
    EXPECT_EQ(s.data_volume.mount_point, "/var/lib/stacks");
    EXPECT_EQ(s.chainstate_archive_url, s.config.chainstate_archive_url);
    EXPECT_FALSE(s.chainstate_archive_url.empty());
    if (kind == contract::DeploymentKind::single_node) {
      EXPECT_EQ(s.data_volume.volume_id, "vol-0123456789abcdef0");
      EXPECT_EQ(s.signal.logical_id, "NodeReady");
      EXPECT_TRUE(s.secrets.may_create);
      EXPECT_EQ(s.config.role, node::Role::signer);
      EXPECT_EQ(s.signal.heartbeat_timeout_seconds, 0u);
    } else {
      EXPECT_EQ(s.signal.logical_id, "NodeGroup");
      EXPECT_EQ(s.signal.lifecycle_hook, "snr-sync-gate");
      // The hook's own timeout, written once for the agent to pace its heartbeats.
      EXPECT_EQ(s.signal.heartbeat_timeout_seconds,
                props(t, "NodeGroup")["LifecycleHookSpecificationList"][0]["HeartbeatTimeout"]);
      EXPECT_EQ(s.metrics.dimension_sets.size(), 2u);
      EXPECT_FALSE(s.secrets.may_create);
    }
  }
}

TEST(SettingsDocument, UserTextWithDollarBracesIsKeptLiteral) {
  auto c = valid_config(kFollowerEnv);
  c.bootstrap_nodes = {"02abc@${evil}.example:20444"};
  Json t = build_single_node_stack(c).to_json();
  std::string text = props(t, "SettingsParameter")["Value"]["Fn::Sub"][0];
  EXPECT_THAT(text, HasSubstr("${!evil}"));
  EXPECT_THAT(build_single_node_stack(c).reference_problems(), IsEmpty());
}

}  // namespace
}  // namespace snr::infra
