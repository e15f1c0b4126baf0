#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cfn/intrinsics.h"
#include "cfn/template.h"

namespace snr::cfn {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(Intrinsics, ProduceCloudFormationJson) {
  EXPECT_EQ(ref("A"), Json::parse(R"({"Ref":"A"})"));
  EXPECT_EQ(get_att("A", "Arn"), Json::parse(R"({"Fn::GetAtt":["A","Arn"]})"));
  EXPECT_EQ(sub("x-${AWS::Region}"), Json::parse(R"({"Fn::Sub":"x-${AWS::Region}"})"));
  EXPECT_EQ(sub("${V}", {{"V", ref("B")}}),
            Json::parse(R"({"Fn::Sub":["${V}",{"V":{"Ref":"B"}}]})"));
  EXPECT_EQ(join(",", Json::array({"a", ref("B")})),
            Json::parse(R"({"Fn::Join":[",",["a",{"Ref":"B"}]]})"));
  EXPECT_EQ(select(0, ref("L")), Json::parse(R"({"Fn::Select":["0",{"Ref":"L"}]})"));
  EXPECT_EQ(split("/", ref("S")), Json::parse(R"({"Fn::Split":["/",{"Ref":"S"}]})"));
  EXPECT_EQ(get_azs(), Json::parse(R"({"Fn::GetAZs":""})"));
  EXPECT_EQ(import_value("E"), Json::parse(R"({"Fn::ImportValue":"E"})"));
  EXPECT_EQ(base64("x"), Json::parse(R"({"Fn::Base64":"x"})"));
  EXPECT_EQ(if_("C", 1, pseudo::no_value()),
            Json::parse(R"({"Fn::If":["C",1,{"Ref":"AWS::NoValue"}]})"));
  EXPECT_EQ(equals(ref("P"), "x"), Json::parse(R"({"Fn::Equals":[{"Ref":"P"},"x"]})"));
  EXPECT_EQ(pseudo::stack_id(), Json::parse(R"({"Ref":"AWS::StackId"})"));
  EXPECT_EQ(tags({{"k", "v"}}), Json::parse(R"([{"Key":"k","Value":"v"}])"));
}

TEST(Intrinsics, RefWithStdStringIsNotStdRef) {
  const std::string id = "Bucket";
  EXPECT_EQ(cfn::ref(id), Json::parse(R"({"Ref":"Bucket"})"));
}

TEST(Intrinsics, EscapeSubKeepsLiteralDollarBraces) {
  EXPECT_EQ(escape_sub("a ${b} $c ${"), "a ${!b} $c ${!");
  EXPECT_EQ(escape_sub("plain"), "plain");
}

TEST(Template, RejectsBadAndDuplicateLogicalIds) {
  Template t("d");
  EXPECT_THROW(t.add_resource("bad-id", "AWS::SNS::Topic"), std::logic_error);
  EXPECT_THROW(t.add_resource("", "AWS::SNS::Topic"), std::logic_error);
  t.add_resource("Topic", "AWS::SNS::Topic");
  EXPECT_THROW(t.add_resource("Topic", "AWS::SNS::Topic"), std::logic_error);
  EXPECT_THROW(t.add_parameter("Topic", {}), std::logic_error);
}

TEST(Template, RendersAttributesAndSuppressions) {
  Template t("desc");
  Parameter p;
  p.type = "String";
  p.default_value = "x";
  p.allowed_pattern = "^x$";
  t.add_parameter("P", p);
  t.add_condition("C", equals(ref("P"), "x"));
  Resource& r = t.add_resource("Q", "AWS::SQS::Queue", {{"QueueName", ref("P")}});
  r.depends("Z").depends("A").depends("Z");
  r.condition = "C";
  r.creation_policy = {{"ResourceSignal", {{"Timeout", "PT5M"}}}};
  r.update_policy = {{"AutoScalingReplacingUpdate", {{"WillReplace", true}}}};
  r.retention(DeletionPolicy::snapshot);
  r.suppress("AwsSolutions-X1", "a reason that is long", {"Resource::*"});
  t.add_resource("A", "AWS::SNS::Topic");
  t.add_resource("Z", "AWS::SNS::Topic");
  t.add_output("out", {ref("Q"), "the queue", "ExportedQueue", "C"});

  Json j = t.to_json();
  EXPECT_EQ(j["AWSTemplateFormatVersion"], "2010-09-09");
  EXPECT_EQ(j["Parameters"]["P"]["AllowedPattern"], "^x$");
  const Json& q = j["Resources"]["Q"];
  EXPECT_EQ(q["DependsOn"], Json::array({"A", "Z"}));
  EXPECT_EQ(q["Condition"], "C");
  EXPECT_EQ(q["DeletionPolicy"], "Snapshot");
  EXPECT_EQ(q["UpdateReplacePolicy"], "Snapshot");
  EXPECT_EQ(q["CreationPolicy"]["ResourceSignal"]["Timeout"], "PT5M");
  EXPECT_EQ(q["Metadata"]["cdk_nag"]["rules_to_suppress"][0],
            Json::parse(R"({"id":"AwsSolutions-X1","reason":"a reason that is long",
                            "applies_to":["Resource::*"]})"));
  EXPECT_EQ(j["Outputs"]["out"]["Export"]["Name"], "ExportedQueue");
  EXPECT_THAT(t.reference_problems(), IsEmpty());
}

TEST(Template, RenderIsDeterministicAndSorted) {
  auto make = [](bool reverse) {
    Template t("d");
    std::vector<std::string> ids = {"Beta", "Alpha", "Gamma"};
    if (reverse) std::reverse(ids.begin(), ids.end());
    for (const auto& id : ids)
      t.add_resource(id, "AWS::SNS::Topic", {{"Z", 1}, {"A", 2}});
    return t.render();
  };
  EXPECT_EQ(make(false), make(true));
  std::string text = make(false);
  EXPECT_LT(text.find("\"Alpha\""), text.find("\"Beta\""));
  EXPECT_LT(text.find("\"A\": 2"), text.find("\"Z\": 1"));
  EXPECT_EQ(text.back(), '\n');
}

TEST(Template, FindsDanglingReferences) {
  Template t("d");
  t.add_parameter("P", {});
  Resource& r = t.add_resource("R", "AWS::SNS::Topic",
                               {{"A", ref("Missing")},
                                {"B", get_att("Gone", "Arn")},
                                {"C", sub("${P}-${AWS::Region}-${Nope}-${!Literal}-${R.Arn}")},
                                {"D", sub("${Var}", {{"Var", ref("P")}})},
                                {"E", if_("NoCondition", 1, 2)}});
  r.depends("Ghost");
  t.add_output("o", {ref("Unknown"), "", "", ""});
  auto problems = t.reference_problems();
  std::string all;
  for (const auto& p : problems)
    all += p + "\n";
  EXPECT_THAT(all, HasSubstr("Ref to unknown Missing"));
  EXPECT_THAT(all, HasSubstr("GetAtt of unknown resource Gone"));
  EXPECT_THAT(all, HasSubstr("Fn::Sub variable Nope is unknown"));
  EXPECT_THAT(all, HasSubstr("unknown condition NoCondition"));
  EXPECT_THAT(all, HasSubstr("DependsOn unknown Ghost"));
  EXPECT_THAT(all, HasSubstr("Outputs.o: Ref to unknown Unknown"));
  EXPECT_EQ(problems.size(), 6u) << all;
}

}  // namespace
}  // namespace snr::cfn
