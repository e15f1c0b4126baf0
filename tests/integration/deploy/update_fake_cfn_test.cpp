// Updates, which moto cannot execute: the real snr binary deploys stacks-common
// to a small local fake of the CloudFormation calls involved (recorded,
// real-shaped Query/XML answers), while every other service (STS) is moto,
// through the SDK-standard AWS_ENDPOINT_URL_CLOUDFORMATION variable.
// Covered: change set → summary → execute → live progress → outputs; a failed
// update shows the failing resource and exits 1; broadening changes without a
// terminal are refused (exit 2) and the change set is deleted, not executed.

#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include "aws/context.h"
#include "deploy/deployer.h"
#include "support/config_fixtures.h"
#include "support/moto_server.h"
#include "support/run_snr.h"
#include "support/temp_dir.h"

namespace snr::deploy {
namespace {

using snr::testing::RunResult;
using snr::testing::TempDir;
using ::testing::HasSubstr;

const auto* const kMoto = snr::testing::add_shared_moto();
const char* kStack = "stacks-nodes-common";
const char* kStackId =
    "arn:aws:cloudformation:us-west-2:123456789012:stack/stacks-nodes-common/1b2c3d4e";

std::map<std::string, std::string> form(const std::string& body) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos <= body.size()) {
    std::size_t amp = body.find('&', pos);
    std::string pair = body.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    std::size_t eq = pair.find('=');
    auto decode = [](std::string s) {
      for (auto& c : s) {
        if (c == '+') c = ' ';
      }
      return httplib::detail::decode_url(s, false);
    };
    if (eq != std::string::npos) out[decode(pair.substr(0, eq))] = decode(pair.substr(eq + 1));
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return out;
}

std::string response(const std::string& action, const std::string& result) {
  return "<" + action + "Response xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><" +
         action + "Result>" + result + "</" + action + "Result><ResponseMetadata><RequestId>" +
         "4af14eca-0000-4000-8000-000000000000</RequestId></ResponseMetadata></" + action +
         "Response>";
}

struct Event {
  std::string id, logical, type, status, reason;
};

/// The fake. `script` is what happens after ExecuteChangeSet: each poll of
/// DescribeStacks moves one step on; each step reveals its events.
class FakeCloudFormation {
 public:
  struct Step {
    std::vector<Event> events;
    std::string status;
  };

  FakeCloudFormation() {
    // A content reader: the library refuses form bodies over 8 KiB otherwise,
    // and CreateChangeSet carries the whole template.
    server_.Post("/", [this](const httplib::Request&, httplib::Response& res,
                             const httplib::ContentReader& reader) {
      std::string body;
      reader([&](const char* data, std::size_t n) {
        body.append(data, n);
        return true;
      });
      std::lock_guard<std::mutex> lock(mu_);
      auto p = form(body);
      const std::string action = p["Action"];
      actions.push_back(action);
      requests.push_back(p);
      if (on_action) on_action(action);
      res.set_content(handle(action, p), "text/xml");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FakeCloudFormation() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int count(const std::string& action) const {
    return static_cast<int>(std::count(actions.begin(), actions.end(), action));
  }

  std::string template_body;             ///< what GetTemplate answers (the deployed template)
  std::vector<std::string> changes_xml;  ///< DescribeChangeSet's <Changes> members
  std::vector<Step> script;              ///< after ExecuteChangeSet
  std::vector<Step> delete_script;       ///< after DeleteStack
  std::vector<Step> continue_script;     ///< after ContinueUpdateRollback
  std::string initial_status = "CREATE_COMPLETE";  ///< before any operation
  std::vector<std::string> actions;
  /// Every request's parameters, in order (with "Action").
  std::vector<std::map<std::string, std::string>> requests;
  std::vector<std::string> resources;  ///< logical ids ListStackResources reports
  /// Called with each request's action before it is answered.
  std::function<void(const std::string&)> on_action;

 private:
  std::string stack_xml() {
    std::string status = executed_ && !running_->empty()
                             ? (*running_)[std::min(step_, running_->size() - 1)].status
                             : initial_status;
    return "<Stacks><member><StackId>" + std::string(kStackId) + "</StackId><StackName>" + kStack +
           "</StackName><StackStatus>" + status +
           "</StackStatus><CreationTime>2026-11-20T10:00:00.000Z</CreationTime><Outputs><member>"
           "<OutputKey>AssetBucketName</OutputKey><OutputValue>stacks-nodes-common-assetbucket-"
           "abc</OutputValue></member></Outputs></member></Stacks>";
  }

  std::string events_xml(const std::string& after) {
    // Newest first; only those after `after` are new to the caller.
    std::vector<Event> seen = {
        {"e-before", kStack, "AWS::CloudFormation::Stack", "CREATE_COMPLETE", ""}};
    seen.insert(seen.end(), done_.begin(), done_.end());
    if (executed_ && !running_->empty()) {
      for (std::size_t i = 0; i <= std::min(step_, running_->size() - 1); ++i) {
        for (const auto& e : (*running_)[i].events)
          seen.push_back(e);
      }
    }
    std::string xml = "<StackEvents>";
    for (auto it = seen.rbegin(); it != seen.rend(); ++it) {
      if (it->id == after) break;
      xml += "<member><EventId>" + it->id + "</EventId><StackId>" + kStackId +
             "</StackId><StackName>" + kStack + "</StackName><LogicalResourceId>" + it->logical +
             "</LogicalResourceId><ResourceType>" + it->type + "</ResourceType><ResourceStatus>" +
             it->status + "</ResourceStatus><ResourceStatusReason>" + it->reason +
             "</ResourceStatusReason><Timestamp>2026-11-24T12:00:00.000Z</Timestamp></member>";
    }
    return xml + "</StackEvents>";
  }

  std::string handle(const std::string& action, std::map<std::string, std::string>& p) {
    if (action == "DescribeStacks") {
      std::string body = response(action, stack_xml());
      if (executed_ && step_ + 1 < running_->size()) ++step_;
      return body;
    }
    // The client pages until it meets the event it knows, so list them all.
    if (action == "DescribeStackEvents") return response(action, events_xml(""));
    if (action == "CreateChangeSet") {
      return response(action, "<Id>arn:aws:cloudformation:us-west-2:123456789012:changeSet/" +
                                  p["ChangeSetName"] + "/9</Id><StackId>" + kStackId +
                                  "</StackId>");
    }
    if (action == "DescribeChangeSet") {
      std::string changes = "<Changes>";
      for (const auto& c : changes_xml)
        changes += "<member><Type>Resource</Type>" + c + "</member>";
      return response(action, "<ChangeSetName>snr</ChangeSetName><StackId>" +
                                  std::string(kStackId) + "</StackId><StackName>" + kStack +
                                  "</StackName><Status>CREATE_COMPLETE</Status><ExecutionStatus>"
                                  "AVAILABLE</ExecutionStatus>" +
                                  changes + "</Changes>");
    }
    if (action == "GetTemplate") {
      std::string escaped;
      for (char c : template_body) {
        if (c == '<')
          escaped += "&lt;";
        else if (c == '&')
          escaped += "&amp;";
        else if (c == '>')
          escaped += "&gt;";
        else
          escaped += c;
      }
      return response(action, "<TemplateBody>" + escaped + "</TemplateBody>");
    }
    if (action == "ExecuteChangeSet" || action == "DeleteStack" ||
        action == "ContinueUpdateRollback") {
      // The new operation's events follow the old one's.
      if (executed_ && !running_->empty()) {
        for (std::size_t i = 0; i <= std::min(step_, running_->size() - 1); ++i)
          for (const auto& e : (*running_)[i].events)
            done_.push_back(e);
      }
      running_ = action == "ExecuteChangeSet" ? &script
                 : action == "DeleteStack"    ? &delete_script
                                              : &continue_script;
      executed_ = true;
      step_ = 0;
      return response(action, "");
    }
    if (action == "DeleteChangeSet") return response(action, "");
    if (action == "ListStackResources") {
      std::string xml = "<StackResourceSummaries>";
      for (const auto& r : resources) {
        xml += "<member><LogicalResourceId>" + r + "</LogicalResourceId><PhysicalResourceId>p-" +
               r +
               "</PhysicalResourceId><ResourceType>X</ResourceType><ResourceStatus>UPDATE_COMPLETE"
               "</ResourceStatus><LastUpdatedTimestamp>2026-11-24T12:00:00.000Z"
               "</LastUpdatedTimestamp></member>";
      }
      return response(action, xml + "</StackResourceSummaries>");
    }
    return response(action, "");
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  bool executed_ = false;
  std::size_t step_ = 0;
  std::vector<Step>* running_ = &script;
  std::vector<Event> done_;  ///< events of operations that ended
};

class UpdateThroughFake : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = {{"AWS_ACCOUNT_ID", "123456789012"},
            {"AWS_REGION", "us-west-2"},
            {"AWS_ACCESS_KEY_ID", "testing"},
            {"AWS_SECRET_ACCESS_KEY", "testing"},
            {"AWS_CONFIG_FILE", "/dev/null"},
            {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
            {"AWS_EC2_METADATA_DISABLED", "true"},
            {"AWS_ENDPOINT_URL", snr::testing::shared_moto().url()},
            {"AWS_ENDPOINT_URL_CLOUDFORMATION", fake_.url()},
            {"XDG_RUNTIME_DIR", (dir_ / "run").string()}};
    std::filesystem::create_directories(dir_ / "run");
    env_file_ = dir_.write(".env", "AWS_ACCOUNT_ID=123456789012\nAWS_REGION=us-west-2\n");
    // The template snr deploys is the one `snr synth` writes.
    RunResult synth = run({"synth", "stacks-common", "--env", env_file_.string(), "--out", "out"});
    ASSERT_EQ(synth.code, 0) << synth.err;
    template_ = snr::testing::read_file(dir_ / "out/stacks-common.template.json");
    fake_.template_body = template_;
    auto t = nlohmann::json::parse(template_);
    for (const auto& [id, r] : t["Resources"].items())
      fake_.resources.push_back(id);
    fake_.changes_xml = {
        "<ResourceChange><Action>Modify</Action><LogicalResourceId>AssetBucket</LogicalResourceId>"
        "<PhysicalResourceId>stacks-nodes-common-assetbucket-abc</PhysicalResourceId>"
        "<ResourceType>AWS::S3::Bucket</ResourceType><Replacement>False</Replacement><Scope>"
        "<member>Properties</member></Scope><Details><member><Evaluation>Static</Evaluation>"
        "<ChangeSource>DirectModification</ChangeSource><Target><Attribute>Properties</Attribute>"
        "<Name>LifecycleConfiguration</Name><RequiresRecreation>Never</RequiresRecreation>"
        "</Target></member></Details></ResourceChange>"};
  }

  RunResult run(std::vector<std::string> args) {
    return snr::testing::run_snr(args, env_, dir_.path());
  }

  TempDir dir_;
  FakeCloudFormation fake_;
  std::map<std::string, std::string> env_;
  std::filesystem::path env_file_;
  std::string template_;
};

TEST_F(UpdateThroughFake, ExecutesTheChangeSetAndFollowsItToTheEnd) {
  fake_.script = {
      {{{"e1", kStack, "AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS", "User Initiated"}},
       "UPDATE_IN_PROGRESS"},
      {{{"e2", "AssetBucket", "AWS::S3::Bucket", "UPDATE_IN_PROGRESS", ""},
        {"e3", "AssetBucket", "AWS::S3::Bucket", "UPDATE_COMPLETE", ""}},
       "UPDATE_IN_PROGRESS"},
      {{{"e4", kStack, "AWS::CloudFormation::Stack", "UPDATE_COMPLETE", ""}}, "UPDATE_COMPLETE"},
  };
  RunResult r = run(
      {"deploy", "stacks-common", "--env", env_file_.string(), "--outputs-file", "outputs.json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out,
              HasSubstr("~ AssetBucket (AWS::S3::Bucket) [Properties: LifecycleConfiguration]"));
  EXPECT_THAT(r.err, HasSubstr("UPDATE_COMPLETE          | AWS::S3::Bucket | AssetBucket"));
  EXPECT_THAT(r.err, HasSubstr("1/6"));
  EXPECT_THAT(r.err, ::testing::Not(HasSubstr("Estimated cost")));  // the stack exists
  EXPECT_EQ(fake_.count("ExecuteChangeSet"), 1);
  EXPECT_EQ(fake_.count("DeleteChangeSet"), 0);
  auto outputs = nlohmann::json::parse(snr::testing::read_file(dir_ / "outputs.json"));
  EXPECT_EQ(outputs["stacks-common"]["AssetBucketName"], "stacks-nodes-common-assetbucket-abc");
}

TEST_F(UpdateThroughFake, AFailedUpdateShowsTheFailingResourceAndExits1) {
  fake_.script = {
      {{{"e1", kStack, "AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS", "User Initiated"}},
       "UPDATE_IN_PROGRESS"},
      {{{"e2", "AssetBucket", "AWS::S3::Bucket", "UPDATE_FAILED",
         "Resource handler returned message: \"Lifecycle rule is invalid\" (HandlerErrorCode: "
         "InvalidRequest)"},
        {"e3", kStack, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_IN_PROGRESS",
         "The following resource(s) failed to update: [AssetBucket]."}},
       "UPDATE_ROLLBACK_IN_PROGRESS"},
      {{{"e4", kStack, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_COMPLETE", ""}},
       "UPDATE_ROLLBACK_COMPLETE"},
  };
  RunResult r = run({"deploy", "stacks-common", "--env", env_file_.string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("stacks-nodes-common failed: UPDATE_ROLLBACK_COMPLETE"));
  EXPECT_THAT(r.err, HasSubstr("UPDATE_FAILED  AssetBucket (AWS::S3::Bucket): Resource handler "
                               "returned message: \"Lifecycle rule is invalid\""));
}

TEST_F(UpdateThroughFake, BroadeningWithoutATerminalIsRefusedAndNothingExecutes) {
  // The deployed template lacks the node base policy's statements: deploying
  // ours would add them, which widens access.
  auto old = nlohmann::json::parse(template_);
  old["Resources"].erase("NodeBasePolicy");
  fake_.template_body = old.dump();
  fake_.script = {{{}, "UPDATE_COMPLETE"}};
  RunResult r = run({"deploy", "stacks-common", "--env", env_file_.string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.out, HasSubstr("security changes that widen access"));
  EXPECT_THAT(r.out, HasSubstr("cloudwatch:PutMetricData"));
  EXPECT_THAT(r.err, HasSubstr("--require-approval never"));
  EXPECT_EQ(fake_.count("ExecuteChangeSet"), 0);
  EXPECT_EQ(fake_.count("DeleteChangeSet"), 1);

  // With --require-approval never it goes ahead.
  RunResult yes =
      run({"deploy", "stacks-common", "--env", env_file_.string(), "--require-approval", "never"});
  EXPECT_EQ(yes.code, 0) << yes.err;
  EXPECT_EQ(fake_.count("ExecuteChangeSet"), 1);
}

TEST_F(UpdateThroughFake, AccountMismatchIsRefusedBeforeAnyChange) {
  env_["AWS_ACCOUNT_ID"] = "210987654321";
  RunResult r = run({"deploy", "stacks-common", "--env", env_file_.string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("belong to account 123456789012"));
  EXPECT_EQ(fake_.count("CreateChangeSet"), 0);
}

/// The index of the first request of `action` ("-1" when none).
int first(const FakeCloudFormation& f, const std::string& action) {
  for (std::size_t i = 0; i < f.actions.size(); ++i)
    if (f.actions[i] == action) return static_cast<int>(i);
  return -1;
}

TEST_F(UpdateThroughFake, ASuccessfulDeployTurnsOnStackTerminationProtection) {
  fake_.script = {
      {{{"e1", kStack, "AWS::CloudFormation::Stack", "UPDATE_COMPLETE", ""}}, "UPDATE_COMPLETE"}};
  RunResult r = run({"deploy", "stacks-common", "--env", env_file_.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  int i = first(fake_, "UpdateTerminationProtection");
  ASSERT_GE(i, 0) << r.err;
  EXPECT_GT(i, first(fake_, "ExecuteChangeSet"));
  EXPECT_EQ(fake_.requests[i]["EnableTerminationProtection"], "true");
}

// A failed creation that could not roll back: protection is lifted, the
// stack deleted; when that fails too, snr stops and says what to do (it
// never asks CloudFormation to create a stack that still exists).
TEST_F(UpdateThroughFake, RollbackFailedIsDeletedUnprotectedAndADeleteFailureStopsClearly) {
  fake_.initial_status = "ROLLBACK_FAILED";
  fake_.delete_script = {
      {{{"d1", kStack, "AWS::CloudFormation::Stack", "DELETE_IN_PROGRESS", "User Initiated"}},
       "DELETE_IN_PROGRESS"},
      {{{"d2", "AssetBucket", "AWS::S3::Bucket", "DELETE_FAILED",
         "The bucket you tried to delete is not empty"},
        {"d3", kStack, "AWS::CloudFormation::Stack", "DELETE_FAILED",
         "The following resource(s) failed to delete: [AssetBucket]."}},
       "DELETE_FAILED"}};
  RunResult r = run({"deploy", "stacks-common", "--env", env_file_.string()});
  EXPECT_EQ(r.code, 1) << r.err;
  int lift = first(fake_, "UpdateTerminationProtection");
  ASSERT_GE(lift, 0) << r.err;
  EXPECT_EQ(fake_.requests[lift]["EnableTerminationProtection"], "false");
  EXPECT_LT(lift, first(fake_, "DeleteStack"));
  EXPECT_EQ(fake_.count("CreateChangeSet"), 0);
  EXPECT_THAT(r.err, HasSubstr("DELETE_FAILED  AssetBucket (AWS::S3::Bucket): The bucket you "
                               "tried to delete is not empty"));
  EXPECT_THAT(r.err, HasSubstr("snr destroy stacks-common"));
}

// A creation runs without rollback (a rollback cannot terminate the
// protected instance: ROLLBACK_FAILED). When it fails, snr shows why, lifts
// protection and deletes what it made.
TEST_F(UpdateThroughFake, AFailedCreationIsDeletedWithoutProtection) {
  fake_.initial_status = "REVIEW_IN_PROGRESS";  // a stack to create
  fake_.script = {
      {{{"e1", kStack, "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated"}},
       "CREATE_IN_PROGRESS"},
      {{{"e2", "AssetBucket", "AWS::S3::Bucket", "CREATE_FAILED", "Bucket name taken"},
        {"e3", kStack, "AWS::CloudFormation::Stack", "CREATE_FAILED", ""}},
       "CREATE_FAILED"}};
  fake_.delete_script = {
      {{{"d1", kStack, "AWS::CloudFormation::Stack", "DELETE_COMPLETE", ""}}, "DELETE_COMPLETE"}};
  RunResult r =
      run({"deploy", "stacks-common", "--env", env_file_.string(), "--require-approval", "never"});
  EXPECT_EQ(r.code, 1) << r.err;
  int exec = first(fake_, "ExecuteChangeSet");
  ASSERT_GE(exec, 0) << r.err;
  EXPECT_EQ(fake_.requests[exec]["DisableRollback"], "true");
  EXPECT_THAT(r.err, HasSubstr("CREATE_FAILED  AssetBucket (AWS::S3::Bucket): Bucket name taken"));
  int lift = first(fake_, "UpdateTerminationProtection");
  ASSERT_GE(lift, 0) << r.err;
  EXPECT_GT(lift, exec);
  EXPECT_LT(lift, first(fake_, "DeleteStack"));
  EXPECT_EQ(fake_.count("DeleteStack"), 1);
}

TEST_F(UpdateThroughFake, AnUpdateKeepsItsRollback) {
  fake_.script = {
      {{{"e1", kStack, "AWS::CloudFormation::Stack", "UPDATE_COMPLETE", ""}}, "UPDATE_COMPLETE"}};
  RunResult r = run({"deploy", "stacks-common", "--env", env_file_.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(fake_.requests[first(fake_, "ExecuteChangeSet")].count("DisableRollback"), 0u);
}

TEST_F(UpdateThroughFake, DeleteFailedIsNotUpdatedButSentToDestroy) {
  fake_.initial_status = "DELETE_FAILED";
  RunResult r = run({"deploy", "stacks-common", "--env", env_file_.string()});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(fake_.count("CreateChangeSet"), 0);
  EXPECT_THAT(r.err, HasSubstr("DELETE_FAILED"));
  EXPECT_THAT(r.err, HasSubstr("snr destroy stacks-common"));
}

TEST_F(UpdateThroughFake, UpdateRollbackFailedIsContinuedThenUpdated) {
  fake_.initial_status = "UPDATE_ROLLBACK_FAILED";
  fake_.continue_script = {
      {{{"c1", kStack, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_IN_PROGRESS", ""}},
       "UPDATE_ROLLBACK_IN_PROGRESS"},
      {{{"c2", kStack, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_COMPLETE", ""}},
       "UPDATE_ROLLBACK_COMPLETE"}};
  fake_.script = {
      {{{"e1", kStack, "AWS::CloudFormation::Stack", "UPDATE_COMPLETE", ""}}, "UPDATE_COMPLETE"}};
  RunResult r = run({"deploy", "stacks-common", "--env", env_file_.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("UPDATE_ROLLBACK_FAILED"));
  ASSERT_GE(first(fake_, "ContinueUpdateRollback"), 0);
  EXPECT_LT(first(fake_, "ContinueUpdateRollback"), first(fake_, "CreateChangeSet"));
  EXPECT_EQ(fake_.count("ExecuteChangeSet"), 1);
}

TEST_F(UpdateThroughFake, UpdateRollbackFailedAgainNamesTheResourcesToSkip) {
  fake_.initial_status = "UPDATE_ROLLBACK_FAILED";
  fake_.continue_script = {
      {{{"c1", kStack, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_IN_PROGRESS", ""},
        {"c2", "AssetBucket", "AWS::S3::Bucket", "UPDATE_FAILED", "Access Denied"},
        {"c3", kStack, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_FAILED", ""}},
       "UPDATE_ROLLBACK_FAILED"}};
  RunResult r = run({"deploy", "stacks-common", "--env", env_file_.string()});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(fake_.count("CreateChangeSet"), 0);
  EXPECT_THAT(r.err, HasSubstr("UPDATE_FAILED  AssetBucket (AWS::S3::Bucket): Access Denied"));
  EXPECT_THAT(r.err, HasSubstr("--resources-to-skip AssetBucket"));
}

// Replacing a node (a new AMI, a new instance type) stops a signer: it asks,
// like widening access does.
TEST_F(UpdateThroughFake, AChangeThatReplacesANodeNeedsApproval) {
  fake_.changes_xml = {
      "<ResourceChange><Action>Modify</Action><LogicalResourceId>NodeInstance</LogicalResourceId>"
      "<PhysicalResourceId>i-0123</PhysicalResourceId><ResourceType>AWS::EC2::Instance"
      "</ResourceType><Replacement>True</Replacement><Scope><member>Properties</member></Scope>"
      "<Details><member><Evaluation>Static</Evaluation><ChangeSource>ParameterReference"
      "</ChangeSource><CausingEntity>ImageId</CausingEntity><Target><Attribute>Properties"
      "</Attribute><Name>ImageId</Name><RequiresRecreation>Always</RequiresRecreation></Target>"
      "</member></Details></ResourceChange>"};
  fake_.script = {{{}, "UPDATE_COMPLETE"}};
  RunResult r = run({"deploy", "stacks-common", "--env", env_file_.string()});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_THAT(r.out, HasSubstr("replaces a node"));
  EXPECT_EQ(fake_.count("ExecuteChangeSet"), 0);
  EXPECT_EQ(fake_.count("DeleteChangeSet"), 1);
}

/// The snr processes this one started (not the shared moto), from /proc.
std::vector<pid_t> children() {
  std::vector<pid_t> out;
  for (const auto& e : std::filesystem::directory_iterator("/proc")) {
    const std::string name = e.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(e.path() / "stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    char state = 0;
    pid_t ppid = 0;
    rest >> state >> ppid;
    std::error_code ec;
    auto exe = std::filesystem::read_symlink(e.path() / "exe", ec);
    if (ppid == ::getpid() && !ec && std::filesystem::equivalent(exe, SNR_BINARY, ec))
      out.push_back(static_cast<pid_t>(std::stol(name)));
  }
  return out;
}

// Ctrl-C while the change set is being made: nothing is executed, the change
// set is deleted, exit 130 (before, the flag was read only while following).
TEST_F(UpdateThroughFake, CtrlCBeforeExecutingStopsAndDeletesTheChangeSet) {
  fake_.script = {{{}, "UPDATE_COMPLETE"}};
  fake_.on_action = [](const std::string& action) {
    if (action != "CreateChangeSet") return;
    for (pid_t pid : children())
      ::kill(pid, SIGINT);
  };
  RunResult r =
      run({"deploy", "stacks-common", "--env", env_file_.string(), "--require-approval", "never"});
  EXPECT_EQ(r.code, 130) << r.err;
  EXPECT_THAT(r.err, HasSubstr("Stopped (Ctrl-C) before changing stacks-nodes-common"));
  EXPECT_EQ(fake_.count("ExecuteChangeSet"), 0);
  EXPECT_EQ(fake_.count("DeleteChangeSet"), 1);
}

// A second deploy of the same account, region and endpoint while one runs is
// refused at once (before, both went on: "Export names must be unique").
TEST_F(UpdateThroughFake, ASecondConcurrentDeployIsRefusedClearly) {
  fake_.script = {{{}, "UPDATE_COMPLETE"}};
  RunResult once = run({"deploy", "stacks-common", "--env", env_file_.string()});
  ASSERT_EQ(once.code, 0) << once.err;
  std::filesystem::path lock;
  for (const auto& e : std::filesystem::directory_iterator(dir_ / "run"))
    lock = e.path();
  ASSERT_FALSE(lock.empty());
  int fd = ::open(lock.c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);  // "the first deploy", still running
  const int before = fake_.count("DescribeStacks");
  RunResult second = run({"deploy", "stacks-common", "--env", env_file_.string()});
  ::close(fd);
  EXPECT_EQ(second.code, 1) << second.err;
  EXPECT_THAT(second.err, HasSubstr("another snr deploy or destroy of account 123456789012 in "
                                    "us-west-2 is running"));
  EXPECT_EQ(fake_.count("DescribeStacks"), before);
  RunResult after = run({"deploy", "stacks-common", "--env", env_file_.string()});
  EXPECT_EQ(after.code, 0) << after.err;
}

TEST_F(UpdateThroughFake, DestroyLiftsStackProtectionAndSaysWhatToDoWhenTheDeleteFails) {
  fake_.delete_script = {
      {{{"d1", kStack, "AWS::CloudFormation::Stack", "DELETE_IN_PROGRESS", "User Initiated"},
        {"d2", "AssetBucket", "AWS::S3::Bucket", "DELETE_FAILED", "VolumeInUse"},
        {"d3", kStack, "AWS::CloudFormation::Stack", "DELETE_FAILED", ""}},
       "DELETE_FAILED"}};
  RunResult r = run({"destroy", "stacks-common", "--force", "--env", env_file_.string()});
  EXPECT_EQ(r.code, 1) << r.err;
  int lift = first(fake_, "UpdateTerminationProtection");
  ASSERT_GE(lift, 0) << r.err;
  EXPECT_EQ(fake_.requests[lift]["EnableTerminationProtection"], "false");
  EXPECT_LT(lift, first(fake_, "DeleteStack"));
  EXPECT_THAT(r.err, HasSubstr("--retain-resources AssetBucket"));
}

}  // namespace
}  // namespace snr::deploy

namespace snr::deploy {
namespace {

// snr upgrade's stack update: a change set that would replace the node is refused and
// deleted, never executed, with no question asked (DeployOptions::refuse_node_replacement).
TEST_F(UpdateThroughFake, AnUpgradeRefusesAChangeSetThatReplacesTheNode) {
  fake_.changes_xml = {
      "<ResourceChange><Action>Modify</Action><LogicalResourceId>NodeInstance</LogicalResourceId>"
      "<PhysicalResourceId>i-0123</PhysicalResourceId><ResourceType>AWS::EC2::Instance"
      "</ResourceType><Replacement>True</Replacement><Scope><member>Properties</member></Scope>"
      "</ResourceChange>"};
  fake_.script = {{{}, "UPDATE_COMPLETE"}};
  util::Environment env(env_.begin(), env_.end());
  aws::AwsContext ctx = aws::make_context({}, env);
  config::Config c = snr::testing::valid_config(snr::testing::kMinimalEnv);
  OfflineReleases releases;
  DeployOptions o;
  o.stack_ids = {"stacks-common"};
  o.approval = Approval::never;
  o.refuse_node_replacement = true;
  o.poll = std::chrono::milliseconds(10);
  DeployHooks hooks;
  hooks.sleep = [](std::chrono::milliseconds) {};
  std::ostringstream out, err;
  EXPECT_EQ(Deployer(c, ctx, releases, o, hooks, out, err).deploy(), 1) << err.str();
  EXPECT_THAT(err.str(), HasSubstr("refused, this update would replace the node"));
  EXPECT_THAT(err.str(), HasSubstr("NodeInstance (AWS::EC2::Instance) is replaced"));
  EXPECT_EQ(fake_.count("ExecuteChangeSet"), 0);
  EXPECT_EQ(fake_.count("DeleteChangeSet"), 1);
}

}  // namespace
}  // namespace snr::deploy
