// Choices the deployer makes once and then keeps: the AMI of a node stack, the
// zone of the single node (and its data volume), and which changes replace a
// node and so need approval.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "deploy/change_summary.h"
#include "deploy/parameters.h"
#include "util/error.h"

namespace snr::deploy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

aws::Stack stack_with(std::vector<aws::StackParameter> params) {
  aws::Stack s;
  s.name = "stacks-single-node-signer";
  s.status = "UPDATE_COMPLETE";
  s.parameters = std::move(params);
  return s;
}

TEST(PinnedAmi, ANewStackTakesTheLatestAmiOnce) {
  int lookups = 0;
  auto latest = [&] {
    ++lookups;
    return std::string("ami-0new");
  };
  ResolvedImage first = choose_image(std::nullopt, false, latest);
  EXPECT_EQ(first.id, "ami-0new");
  EXPECT_EQ(lookups, 1);
}

TEST(PinnedAmi, ARunningStackKeepsItsAmiUntilAskedToMove) {
  int lookups = 0;
  auto latest = [&] {
    ++lookups;
    return std::string("ami-0new");
  };
  auto running = stack_with({{"ImageId", "ami-0old"}});
  EXPECT_EQ(choose_image(running, false, latest).id, "ami-0old");
  EXPECT_EQ(lookups, 0);
  ResolvedImage moved = choose_image(running, true, latest);
  EXPECT_EQ(moved.id, "ami-0new");
  EXPECT_THAT(moved.why, HasSubstr("--update-ami"));
}

TEST(PinnedAmi, AStackOfTheSsmTypedTemplateKeepsTheAmiItResolved) {
  // Deployed before the pin: the value is the SSM path, the resolved AMI is
  // what the instances run.
  aws::StackParameter p{"ImageId",
                        "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"};
  p.resolved_value = "ami-0running";
  auto latest = [] { return std::string("ami-0new"); };
  EXPECT_EQ(choose_image(stack_with({p}), false, latest).id, "ami-0running");
}

DefaultVpc three_zones() {
  return {"vpc-1",
          "172.31.0.0/16",
          {"subnet-a", "subnet-b", "subnet-c"},
          {"us-east-1a", "us-east-1b", "us-east-1c"}};
}

TEST(Placement, FirstZoneThatOffersTheInstanceTypeGoesFirst) {
  Placement p =
      choose_placement(three_zones(), {"us-east-1b", "us-east-1c"}, std::nullopt, "m7i.large");
  EXPECT_EQ(p.zone, "us-east-1b");
  EXPECT_THAT(p.subnet_ids, ElementsAre("subnet-b", "subnet-a", "subnet-c"));
  Placement all = choose_placement(three_zones(), {"us-east-1a", "us-east-1b", "us-east-1c"},
                                   std::nullopt, "m5.large");
  EXPECT_EQ(all.zone, "us-east-1a");  // unchanged from before: the first zone
  EXPECT_THAT(all.subnet_ids, ElementsAre("subnet-a", "subnet-b", "subnet-c"));
}

TEST(Placement, ARunningNodeStaysInItsZone) {
  Placement p = choose_placement(three_zones(), {"us-east-1a", "us-east-1c"},
                                 std::string("us-east-1c"), "m5.large");
  EXPECT_EQ(p.zone, "us-east-1c");
  EXPECT_EQ(p.subnet_ids.front(), "subnet-c");
}

TEST(Placement, ATypeNotOfferedWhereItMustRunIsRefusedNamingTheVariable) {
  try {
    choose_placement(three_zones(), {}, std::nullopt, "p5.48xlarge");
    FAIL() << "expected a UserError";
  } catch (const UserError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].subject, "STACKS_INSTANCE_TYPE");
    EXPECT_THAT(e.diagnostics()[0].message, HasSubstr("p5.48xlarge"));
  }
  try {
    choose_placement(three_zones(), {"us-east-1a"}, std::string("us-east-1c"), "m7i.large");
    FAIL() << "expected a UserError";
  } catch (const UserError& e) {
    EXPECT_EQ(e.diagnostics()[0].subject, "STACKS_INSTANCE_TYPE");
    EXPECT_THAT(e.diagnostics()[0].message, HasSubstr("us-east-1c"));
  }
}

aws::ResourceChange resource_change(std::string action, std::string id, std::string type,
                                    std::string replacement) {
  aws::ResourceChange c;
  c.action = std::move(action);
  c.logical_id = std::move(id);
  c.resource_type = std::move(type);
  c.replacement = std::move(replacement);
  return c;
}

TEST(NodeReplacement, ReplacedOrRemovedNodesAndAnyGroupChangeAreNamed) {
  aws::ChangeSet cs;
  cs.changes.push_back(resource_change("Modify", "NodeRole", "AWS::IAM::Role", "False"));
  cs.changes.push_back(
      resource_change("Modify", "NodeLaunchTemplate", "AWS::EC2::LaunchTemplate", "False"));
  EXPECT_THAT(node_replacements(cs), IsEmpty());
  cs.changes.push_back(resource_change("Modify", "NodeInstance", "AWS::EC2::Instance", "True"));
  cs.changes.push_back(resource_change("Modify", "DataVolume", "AWS::EC2::Volume", "Conditional"));
  cs.changes.push_back(
      resource_change("Modify", "NodeGroup", "AWS::AutoScaling::AutoScalingGroup", "False"));
  auto r = node_replacements(cs);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_THAT(r[0], HasSubstr("NodeInstance"));
  EXPECT_THAT(r[1], HasSubstr("DataVolume"));
  EXPECT_THAT(r[2], HasSubstr("NodeGroup"));
}

}  // namespace
}  // namespace snr::deploy
