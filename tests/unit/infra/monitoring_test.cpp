#include "infra/monitoring.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "infra_fixtures.h"

namespace snr::infra {
namespace {

using cfn::Json;
using snr::testing::kFollowerEnv;
using snr::testing::valid_config;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

std::vector<std::string> alarm_ids(const Json& t) {
  return snr::testing::ids_of_type(t, "AWS::CloudWatch::Alarm");
}

TEST(NodeAlarms, OneInstanceGetsTheTipAgeAndBothDataVolumeAlarms) {
  cfn::Template t("test");
  add_node_alarms(t, valid_config(kFollowerEnv + "STACKS_HEALTH_MAX_TIP_AGE_MIN=30\n"),
                  NodeScope::instance, {{"InstanceId", cfn::ref("NodeInstance")}});
  Json j = t.to_json();
  EXPECT_THAT(alarm_ids(j), ElementsAre("DataDiskUsage80Alarm", "DataDiskUsage90Alarm",
                                        "NetworkStalledAlarm", "NodeNotAdvancingAlarm"));
  const Json& tip = j["Resources"]["NodeNotAdvancingAlarm"]["Properties"];
  EXPECT_THAT(tip["AlarmDescription"].get<std::string>(),
              StartsWith("The Stacks tip has not advanced for 30 minutes"));
  EXPECT_EQ(tip["Threshold"], 1800.0);
  EXPECT_EQ(tip["Dimensions"],
            Json::parse(R"([{"Name":"InstanceId","Value":{"Ref":"NodeInstance"}}])"));
  const Json& disk = j["Resources"]["DataDiskUsage80Alarm"]["Properties"];
  EXPECT_EQ(disk["AlarmDescription"], "Data volume of the Stacks node is over 80% full");
  EXPECT_EQ(disk["Dimensions"],
            Json::parse(R"([{"Name":"InstanceId","Value":{"Ref":"NodeInstance"}},
                                               {"Name":"path","Value":"/var/lib/stacks"}])"));
}

TEST(NodeAlarms, AGroupIsWatchedThroughItsGroupDimensionInPlural) {
  cfn::Template t("test");
  add_node_alarms(t, valid_config(kFollowerEnv), NodeScope::group,
                  {{"AutoScalingGroupName", cfn::ref("NodeGroup")}});
  Json j = t.to_json();
  EXPECT_THAT(alarm_ids(j), ElementsAre("DataDiskUsage80Alarm", "DataDiskUsage90Alarm",
                                        "NetworkStalledAlarm", "NodesNotAdvancingAlarm"));
  EXPECT_EQ(j["Resources"]["DataDiskUsage90Alarm"]["Properties"]["AlarmDescription"],
            "A node's data volume is over 90% full");
  EXPECT_EQ(j["Resources"]["DataDiskUsage90Alarm"]["Properties"]["Threshold"], 90.0);
  EXPECT_EQ(j["Resources"]["NodesNotAdvancingAlarm"]["Properties"]["Dimensions"][0]["Name"],
            "AutoScalingGroupName");
}

// Issue 13 item 7: when the whole network stalls the agent keeps /health 200 and
// publishes stacks_network_stalled 1; an alarm must tell the operator, on the
// alarm topic only (never a scaling or recovery action), what it means.
Json network_stalled_alarm(NodeScope scope, const Dimensions& dims) {
  cfn::Template t("test");
  add_node_alarms(t, valid_config(kFollowerEnv + "STACKS_HEALTH_MAX_TIP_AGE_MIN=30\n"), scope,
                  dims);
  Json j = t.to_json();
  EXPECT_TRUE(j["Resources"].contains("NetworkStalledAlarm"));
  return j["Resources"].value("NetworkStalledAlarm", Json::object());
}

void expect_network_stalled_shape(const Json& a, const Json& dimensions) {
  const Json& p = a["Properties"];
  EXPECT_EQ(a["Type"], "AWS::CloudWatch::Alarm");
  EXPECT_EQ(p["Namespace"], "Stacks/Node");
  EXPECT_EQ(p["MetricName"], "stacks_network_stalled");
  EXPECT_EQ(p["Dimensions"], dimensions);
  EXPECT_EQ(p["Statistic"], "Maximum");
  EXPECT_EQ(p["Period"], 60);
  EXPECT_EQ(p["EvaluationPeriods"], 3);
  EXPECT_EQ(p["DatapointsToAlarm"], 3);
  EXPECT_EQ(p["Threshold"], 1.0);
  EXPECT_EQ(p["ComparisonOperator"], "GreaterThanOrEqualToThreshold");
  EXPECT_EQ(p["TreatMissingData"], "missing");
  // Notify only: the topic, nothing that recovers, replaces or scales.
  EXPECT_EQ(p["AlarmActions"], Json::array({cfn::ref("AlarmTopic")}));
  EXPECT_EQ(p["OKActions"], Json::array({cfn::ref("AlarmTopic")}));
  const std::string d = p.value("AlarmDescription", "");
  EXPECT_LE(d.size(), 1024u);  // CloudWatch's limit
  EXPECT_THAT(d, HasSubstr("whole Stacks network"));
  EXPECT_THAT(d, HasSubstr("30 minutes"));
  EXPECT_THAT(d, HasSubstr("not replace"));
  EXPECT_THAT(d, HasSubstr("bitcoind"));
  EXPECT_THAT(d, HasSubstr("status"));
}

TEST(NetworkStalledAlarm, OneInstanceAlarmsOnItsOwnJudgement) {
  Json a = network_stalled_alarm(NodeScope::instance, {{"InstanceId", cfn::ref("NodeInstance")}});
  expect_network_stalled_shape(
      a, Json::parse(R"([{"Name":"InstanceId","Value":{"Ref":"NodeInstance"}}])"));
  EXPECT_THAT(a["Properties"]["AlarmDescription"].get<std::string>(),
              HasSubstr("Nothing is wrong with this node"));
}

TEST(NetworkStalledAlarm, AGroupAlarmsOnTheFleetThroughItsGroupDimension) {
  Json a = network_stalled_alarm(NodeScope::group,
                                 {{"AutoScalingGroupName", cfn::ref("NodeGroup")}});
  expect_network_stalled_shape(
      a, Json::parse(R"([{"Name":"AutoScalingGroupName","Value":{"Ref":"NodeGroup"}}])"));
  EXPECT_THAT(a["Properties"]["AlarmDescription"].get<std::string>(),
              HasSubstr("Nothing is wrong with the nodes"));
}

TEST(NetworkStalledAlarm, TheTipAgeAlarmPointsToItInsteadOfSuggestingAReplacement) {
  for (auto [scope, id] : {std::pair{NodeScope::instance, "NodeNotAdvancingAlarm"},
                           std::pair{NodeScope::group, "NodesNotAdvancingAlarm"}}) {
    cfn::Template t("test");
    add_node_alarms(t, valid_config(kFollowerEnv), scope, {{"X", "y"}});
    const std::string d = t.to_json()["Resources"][id]["Properties"]["AlarmDescription"];
    EXPECT_THAT(d, HasSubstr("NetworkStalledAlarm")) << id;
    EXPECT_THAT(d, HasSubstr("do not replace")) << id;
  }
}

TEST(DashboardWidget, IsAnEightBySixTimeSeriesAtItsPlace) {
  Json w = dashboard_widget(16, 6, "CPU", Json::array({Json::array({"AWS/EC2", "CPUUtilization"})}),
                            "Average");
  EXPECT_EQ(w, Json::parse(R"({"type":"metric","x":16,"y":6,"width":8,"height":6,
    "properties":{"title":"CPU","view":"timeSeries","region":"${AWS::Region}","stat":"Average",
                  "period":60,"metrics":[["AWS/EC2","CPUUtilization"]]}})"));
}

TEST(NodeOutputs, RegionSettingsLogGroupAndAlarmTopic) {
  cfn::Template one("test");
  add_node_outputs(one, NodeScope::instance);
  Json j = one.to_json();
  std::vector<std::string> names;
  for (const auto& [name, o] : j["Outputs"].items())
    names.push_back(name);
  EXPECT_THAT(names, ElementsAre("alarmtopicarn", "loggroup", "region", "settingsparameter"));
  EXPECT_EQ(j["Outputs"]["loggroup"]["Description"], "CloudWatch Logs group of the node");
  cfn::Template group("test");
  add_node_outputs(group, NodeScope::group);
  EXPECT_EQ(group.to_json()["Outputs"]["loggroup"]["Description"],
            "CloudWatch Logs group of the nodes");
}

}  // namespace
}  // namespace snr::infra
