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

std::vector<std::string> alarm_ids(const Json& t) {
  return snr::testing::ids_of_type(t, "AWS::CloudWatch::Alarm");
}

TEST(NodeAlarms, OneInstanceGetsTheTipAgeAndBothDataVolumeAlarms) {
  cfn::Template t("test");
  add_node_alarms(t, valid_config(kFollowerEnv + "STACKS_HEALTH_MAX_TIP_AGE_MIN=30\n"),
                  NodeScope::instance, {{"InstanceId", cfn::ref("NodeInstance")}});
  Json j = t.to_json();
  EXPECT_THAT(alarm_ids(j),
              ElementsAre("DataDiskUsage80Alarm", "DataDiskUsage90Alarm", "NodeNotAdvancingAlarm"));
  const Json& tip = j["Resources"]["NodeNotAdvancingAlarm"]["Properties"];
  EXPECT_EQ(tip["AlarmDescription"], "The Stacks tip has not advanced for 30 minutes");
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
                                        "NodesNotAdvancingAlarm"));
  EXPECT_EQ(j["Resources"]["DataDiskUsage90Alarm"]["Properties"]["AlarmDescription"],
            "A node's data volume is over 90% full");
  EXPECT_EQ(j["Resources"]["DataDiskUsage90Alarm"]["Properties"]["Threshold"], 90.0);
  EXPECT_EQ(j["Resources"]["NodesNotAdvancingAlarm"]["Properties"]["Dimensions"][0]["Name"],
            "AutoScalingGroupName");
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
