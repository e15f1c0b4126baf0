/// Live progress against recorded DescribeStackEvents / DescribeStacks sequences.

#include "deploy/stack_events.h"

#include <deque>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace snr::deploy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

aws::StackEvent event(std::string id, std::string logical, std::string type, std::string status,
                      std::string reason = "") {
  aws::StackEvent e;
  e.event_id = std::move(id);
  e.logical_id = std::move(logical);
  e.resource_type = std::move(type);
  e.resource_status = std::move(status);
  e.resource_status_reason = std::move(reason);
  e.timestamp = aws::Timestamp(std::chrono::seconds(1795000000));
  return e;
}

/// Replays one poll at a time: each poll returns the next batch of events (as
/// CloudFormation does: only the ones newer than `after`, newest first) and
/// the stack status after it.
class Recorded : public StackApi {
 public:
  struct Poll {
    std::vector<aws::StackEvent> events;  ///< oldest first, as they happen
    std::optional<std::string> status;    ///< nullopt: the stack is gone
  };
  explicit Recorded(std::deque<Poll> polls) : polls_(std::move(polls)) {}

  std::vector<aws::StackEvent> events_since(const std::string&, const std::string& after) override {
    afters.push_back(after);
    if (polls_.empty()) return {};
    auto ev = polls_.front().events;
    std::reverse(ev.begin(), ev.end());
    return ev;
  }
  std::optional<aws::Stack> describe_stack(const std::string& name) override {
    Poll p = polls_.empty() ? Poll{{}, last_} : polls_.front();
    if (!polls_.empty()) polls_.pop_front();
    last_ = p.status;
    if (!p.status) return std::nullopt;
    aws::Stack s;
    s.name = name;
    s.status = *p.status;
    return s;
  }
  std::vector<std::string> afters;

 private:
  std::deque<Poll> polls_;
  std::optional<std::string> last_;
};

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    out.push_back(l);
  return out;
}

WatchOptions options(int total, int* sleeps) {
  WatchOptions o;
  o.total_resources = total;
  o.sleep = [sleeps](std::chrono::milliseconds) { ++*sleeps; };
  return o;
}

TEST(WatchStack, UpdateProgressesResourceByResourceWithACount) {
  Recorded api({
      {{event("e1", "stack", "AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS", "User Initiated")},
       "UPDATE_IN_PROGRESS"},
      {{event("e2", "NodeRole", "AWS::IAM::Role", "UPDATE_IN_PROGRESS"),
        event("e3", "NodeRole", "AWS::IAM::Role", "UPDATE_COMPLETE")},
       "UPDATE_IN_PROGRESS"},
      {{event("e4", "Alarm", "AWS::CloudWatch::Alarm", "CREATE_COMPLETE"),
        event("e5", "stack", "AWS::CloudFormation::Stack", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")},
       "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"},
      {{event("e6", "stack", "AWS::CloudFormation::Stack", "UPDATE_COMPLETE")}, "UPDATE_COMPLETE"},
  });
  std::ostringstream out;
  int sleeps = 0;
  WatchResult r = watch_stack(api, "stack", "e0", out, options(2, &sleeps));
  EXPECT_EQ(r.final_status, "UPDATE_COMPLETE");
  EXPECT_TRUE(is_success(r.final_status, false));
  EXPECT_TRUE(r.failures.empty());
  EXPECT_EQ(sleeps, 3);
  // Each poll asks only for what came after the last event seen.
  EXPECT_THAT(api.afters, ElementsAre("e0", "e1", "e3", "e5"));
  auto l = lines(out.str());
  ASSERT_EQ(l.size(), 6u);
  EXPECT_THAT(l[0], HasSubstr("0/2"));
  EXPECT_THAT(l[2], HasSubstr("1/2"));
  EXPECT_THAT(l[2], HasSubstr("UPDATE_COMPLETE"));
  EXPECT_THAT(l[2], HasSubstr("AWS::IAM::Role | NodeRole"));
  EXPECT_THAT(l[3], HasSubstr("2/2"));
}

TEST(WatchStack, FailureCollectsTheFailingResourcesReasons) {
  Recorded api({
      {{event("e1", "NodeInstance", "AWS::EC2::Instance", "CREATE_IN_PROGRESS")},
       "CREATE_IN_PROGRESS"},
      {{event("e2", "NodeInstance", "AWS::EC2::Instance", "CREATE_FAILED",
              "The requested configuration is currently not supported."),
        event("e3", "DataVolume", "AWS::EC2::Volume", "CREATE_FAILED",
              "Resource creation cancelled"),
        event("e4", "stack", "AWS::CloudFormation::Stack", "ROLLBACK_IN_PROGRESS",
              "The following resource(s) failed to create: [NodeInstance].")},
       "ROLLBACK_IN_PROGRESS"},
      {{event("e5", "stack", "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE")},
       "ROLLBACK_COMPLETE"},
  });
  std::ostringstream out;
  int sleeps = 0;
  WatchResult r = watch_stack(api, "stack", "", out, options(5, &sleeps));
  EXPECT_EQ(r.final_status, "ROLLBACK_COMPLETE");
  EXPECT_FALSE(is_success(r.final_status, false));
  ASSERT_EQ(r.failures.size(), 2u);
  auto why = describe_failures(r.failures);
  ASSERT_EQ(why.size(), 1u);  // the cancelled one only repeats the cause
  EXPECT_EQ(why[0],
            "  CREATE_FAILED  NodeInstance (AWS::EC2::Instance): The requested configuration is "
            "currently not supported.");
  EXPECT_THAT(out.str(), HasSubstr("NodeInstance: The requested configuration"));
}

TEST(WatchStack, DeletionEndsWhenTheStackIsGone) {
  Recorded api({
      {{event("e1", "stack", "AWS::CloudFormation::Stack", "DELETE_IN_PROGRESS")},
       "DELETE_IN_PROGRESS"},
      {{event("e2", "Bucket", "AWS::S3::Bucket", "DELETE_COMPLETE")}, std::nullopt},
  });
  std::ostringstream out;
  int sleeps = 0;
  WatchOptions o = options(1, &sleeps);
  o.deleting = true;
  WatchResult r = watch_stack(api, "stack", "", out, o);
  EXPECT_EQ(r.final_status, "DELETE_COMPLETE");
  EXPECT_TRUE(is_success(r.final_status, true));
}

TEST(WatchStack, CtrlCStopsWaitingAndSaysWhereTheStackIs) {
  Recorded api({
      {{}, "UPDATE_IN_PROGRESS"},
      {{}, "UPDATE_IN_PROGRESS"},
      {{}, "UPDATE_IN_PROGRESS"},
  });
  std::ostringstream out;
  int sleeps = 0;
  WatchOptions o = options(1, &sleeps);
  o.interrupted = [&sleeps] { return sleeps >= 1; };
  WatchResult r = watch_stack(api, "stack", "", out, o);
  EXPECT_TRUE(r.interrupted);
  EXPECT_EQ(r.final_status, "UPDATE_IN_PROGRESS");
}

TEST(WatchStack, TerminalStatuses) {
  EXPECT_TRUE(is_terminal("CREATE_COMPLETE"));
  EXPECT_TRUE(is_terminal("UPDATE_ROLLBACK_COMPLETE"));
  EXPECT_FALSE(is_terminal("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"));
  EXPECT_FALSE(is_terminal("CREATE_IN_PROGRESS"));
  EXPECT_FALSE(is_success("UPDATE_ROLLBACK_COMPLETE", false));
  EXPECT_FALSE(is_success("DELETE_FAILED", true));
}

}  // namespace
}  // namespace snr::deploy
