// The run-command seam against a fake SSM (canned JSON answers): the
// invocation that does not exist yet, Pending/InProgress then Success, a script
// that failed with output, an undeliverable command and the timeout.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../aws/fake_transport.h"
#include "deploy/run_command.h"
#include "util/error.h"

namespace snr::deploy {
namespace {

using ::testing::HasSubstr;

struct SsmFixture {
  std::shared_ptr<aws::test::FakeServer> server = std::make_shared<aws::test::FakeServer>();
  aws::AwsContext ctx = aws::test::fake_context(server);
  aws::SsmClient ssm{ctx};
  std::chrono::steady_clock::time_point t{};
  int sleeps = 0;
  RunCommandHooks hooks{[this] { return t; }, [this](std::chrono::milliseconds d) {
                          t += d;
                          ++sleeps;
                        }};

  void sent() { server->reply(200, R"({"Command":{"CommandId":"cmd-1","Status":"Pending"}})"); }
  void not_yet() {
    server->reply(400, R"({"__type":"InvocationDoesNotExist"})",
                  {{"x-amzn-errortype", "InvocationDoesNotExist"}});
  }
  void status(const std::string& s, const std::string& details, int code,
              const std::string& out = "", const std::string& err = "") {
    nlohmann::json j = {{"CommandId", "cmd-1"},       {"InstanceId", "i-1"},
                        {"Status", s},                {"StatusDetails", details},
                        {"ResponseCode", code},       {"StandardOutputContent", out},
                        {"StandardErrorContent", err}};
    server->reply(200, j.dump());
  }
};

TEST(RunCommand, CommandLineQuotesEveryArgument) {
  EXPECT_EQ(agent_command_line({"snapshot-prepare", "--deadline", "it's"}),
            "/usr/local/bin/snr agent 'snapshot-prepare' '--deadline' 'it'\\''s'");
}

TEST(RunCommand, WaitsThroughNotYetVisibleAndInProgressToSuccess) {
  SsmFixture f;
  f.sent();
  f.not_yet();
  f.status("Pending", "Pending", -1);
  f.status("InProgress", "InProgress", -1);
  f.status("Success", "Success", 0, "{\"tip\":5}\n");
  AgentCommandResult r =
      run_agent_command(f.ssm, "i-1", {"snapshot-prepare"}, {std::chrono::seconds(60),
                                                             std::chrono::milliseconds(1000), ""},
                        f.hooks);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.command_id, "cmd-1");
  EXPECT_EQ(r.standard_output, "{\"tip\":5}\n");
  EXPECT_EQ(f.sleeps, 3);
  auto body = nlohmann::json::parse(f.server->requests[0].body);
  EXPECT_EQ(body["Parameters"]["commands"][0], "/usr/local/bin/snr agent 'snapshot-prepare'");
  EXPECT_EQ(body["InstanceIds"][0], "i-1");
  EXPECT_EQ(body["Comment"], "snr agent snapshot-prepare");
}

TEST(RunCommand, AFailedScriptReturnsItsExitCodeAndOutput) {
  SsmFixture f;
  f.sent();
  f.status("Failed", "Failed", 3, "partial", "line1\nstacks-node did not stop\n");
  AgentCommandResult r = run_agent_command(f.ssm, "i-1", {"snapshot-prepare"}, {}, f.hooks);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.standard_output, "partial");
  try {
    require_success(r, "i-1", "snapshot-prepare");
    FAIL() << "no throw";
  } catch (const Failure& e) {
    EXPECT_THAT(e.what(), HasSubstr("snapshot-prepare failed on i-1 (exit 3"));
    EXPECT_THAT(e.what(), HasSubstr("stacks-node did not stop"));
  }
}

TEST(RunCommand, UndeliverableNamesTheInstanceAndTheSsmAgent) {
  SsmFixture f;
  f.sent();
  f.status("Failed", "Undeliverable", -1);
  try {
    run_agent_command(f.ssm, "i-1", {"snapshot-prepare"}, {}, f.hooks);
    FAIL() << "no throw";
  } catch (const Failure& e) {
    EXPECT_THAT(e.what(), HasSubstr("on i-1 (SSM command cmd-1)"));
    EXPECT_THAT(e.what(), HasSubstr("not registered with Systems Manager"));
  }
}

TEST(RunCommand, TimedOutAndCancelledAreFailures) {
  for (auto [status, details, expect] :
       {std::tuple{"TimedOut", "ExecutionTimedOut", "execution timeout"},
        std::tuple{"TimedOut", "DeliveryTimedOut", "did not pick the command up"},
        std::tuple{"Cancelled", "Cancelled", "cancelled"}}) {
    SsmFixture f;
    f.sent();
    f.status(status, details, -1);
    try {
      run_agent_command(f.ssm, "i-1", {"x"}, {}, f.hooks);
      FAIL() << "no throw for " << details;
    } catch (const Failure& e) {
      EXPECT_THAT(e.what(), HasSubstr(expect));
    }
  }
}

TEST(RunCommand, NoFinalStatusWithinTheTimeoutFails) {
  SsmFixture f;
  f.sent();
  for (int i = 0; i < 4; ++i) f.status("InProgress", "InProgress", -1);
  try {
    run_agent_command(f.ssm, "i-1", {"x"},
                      {std::chrono::seconds(6), std::chrono::milliseconds(2000), ""}, f.hooks);
    FAIL() << "no throw";
  } catch (const Failure& e) {
    EXPECT_THAT(e.what(), HasSubstr("no result within 6 s (last status: InProgress)"));
  }
  EXPECT_EQ(f.sleeps, 3);
}

}  // namespace
}  // namespace snr::deploy
