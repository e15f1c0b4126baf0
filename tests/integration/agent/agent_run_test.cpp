// `snr agent run` against a fixture stacks-node: the health endpoint flips
// 503 -> 200 -> 503 across scenarios (real HTTP to the agent's health server);
// metrics land in moto (checked with the aws CLI), also after an outage;
// readiness signals go to a local fake only when true, and only once.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include "agent/clock.h"
#include "agent/run/readiness.h"
#include "agent/run/runner.h"
#include "aws/cloudwatch.h"
#include "aws/error.h"
#include "aws/time.h"
#include "support/fake_aws.h"
#include "support/fake_stacks_node.h"
#include "contract/metrics.h"
#include "infra/node_calls.h"
#include "infra/stacks.h"
#include "support/config_fixtures.h"
#include "support/moto_iam.h"
#include "support/moto_server.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"

namespace snr::agent {
namespace {

using snr::testing::FakeAws;
using snr::testing::FakeStacksNode;
using snr::testing::MotoServer;
using std::chrono::minutes;
using std::chrono::seconds;
using ::testing::HasSubstr;

const auto* const kMoto = snr::testing::add_shared_moto();
MotoServer& moto() {
  return snr::testing::shared_moto();
}

class TestClock final : public Clock {
 public:
  SystemTime now() const override { return now_; }
  void advance(std::chrono::seconds d) { now_ += d; }

 private:
  SystemTime now_ = std::chrono::system_clock::now();
};

struct Health {
  int status;
  nlohmann::json body;
};

Health get_health(std::uint16_t port) {
  httplib::Client c("127.0.0.1", port);
  auto r = c.Get("/health");
  if (!r) return {0, {}};
  return {r->status, nlohmann::json::parse(r->body)};
}

TEST(AgentRunHealth, FlipsAcrossTheNodesLife) {
  FakeStacksNode node;  // booting: not listening yet
  TestClock clock;
  HealthServer server("127.0.0.1", 0);
  RunOptions o;
  o.node_rpc_url = node.url();
  o.thresholds = {10, minutes(30)};
  AgentRunner runner(o, clock, nullptr, nullptr, &server, {});
  server.start();
  const auto port = server.port();

  EXPECT_EQ(get_health(port).status, 503);  // before the first sample
  EXPECT_EQ(get_health(port).body["status"], "starting");

  runner.cycle();  // booting: connection refused
  auto h = get_health(port);
  EXPECT_EQ(h.status, 503);
  EXPECT_EQ(h.body["status"], "node-down");

  node.start();
  node.syncing(4326);
  runner.cycle();
  h = get_health(port);
  EXPECT_EQ(h.status, 503);
  EXPECT_EQ(h.body["status"], "syncing");
  EXPECT_EQ(h.body["stacks_tip_height"], 4326);

  node.synced(52537);
  clock.advance(seconds(30));
  runner.cycle();
  h = get_health(port);
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.body["status"], "synced");

  // Stalled: the tip stays at 52537 for longer than 30 minutes while the peers move on.
  for (int i = 0; i < 31; ++i) {
    clock.advance(minutes(1));
    node.behind(52537, 1 + i % 2);
    runner.cycle();
  }
  h = get_health(port);
  EXPECT_EQ(h.status, 503);
  EXPECT_EQ(h.body["status"], "stalled");

  node.synced(52538);  // it moves again
  runner.cycle();
  EXPECT_EQ(get_health(port).status, 200);

  node.behind(52540, 50);  // synced per /v2/info, but 50 behind the best peer
  runner.cycle();
  h = get_health(port);
  EXPECT_EQ(h.status, 503);
  EXPECT_EQ(h.body["status"], "behind-peers");
  EXPECT_EQ(h.body["blocks_behind_peers"], 50);

  node.without_v3_health();  // no /v3/health: no peer height known
  node.synced(52541);
  runner.cycle();
  EXPECT_EQ(get_health(port).status, 503);
  EXPECT_EQ(get_health(port).body["status"], "unknown");
  node.without_v3_health(false);
  for (int i = 0; i < 6; ++i) {  // synced is held for 5 samples over 5 minutes
    clock.advance(minutes(1));
    runner.cycle();
  }
  EXPECT_EQ(get_health(port).status, 200);

  httplib::Client c("127.0.0.1", port);
  auto m = c.Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_THAT(m->body, HasSubstr("stacks_tip_height 52541\n"));
  EXPECT_THAT(m->body, HasSubstr("stacks_node_synced 1\n"));

  node.stop();  // node gone
  runner.cycle();
  h = get_health(port);
  EXPECT_EQ(h.status, 503);
  EXPECT_EQ(h.body["status"], "node-down");
  server.stop();
}

std::string iso(SystemTime t) {
  return aws::format_iso8601(std::chrono::time_point_cast<std::chrono::seconds>(t));
}

/// Maximum of `metric` for `instance` between the times, from the aws CLI.
std::vector<double> datapoints(const std::string& metric, const std::string& instance,
                               SystemTime from, SystemTime to, const char* stat = "Maximum") {
  auto j = moto().aws({"cloudwatch", "get-metric-statistics", "--namespace", "Stacks/Node",
                       "--metric-name", metric, "--dimensions", "Name=InstanceId,Value=" + instance,
                       "--start-time", iso(from), "--end-time", iso(to), "--period", "60",
                       "--statistics", stat, "--region", "us-east-1"});
  std::vector<std::pair<std::string, double>> pts;
  for (const auto& d : j["Datapoints"])
    pts.emplace_back(d["Timestamp"].dump(), d[stat].get<double>());
  std::sort(pts.begin(), pts.end());
  std::vector<double> out;
  for (auto& p : pts)
    out.push_back(p.second);
  return out;
}

snr::testing::EnvMap agent_env(const FakeAws& fake) {
  return snr::testing::environment_with({{"AWS_ENDPOINT_URL", moto().url()},
                                         {"AWS_ENDPOINT_URL_CLOUDFORMATION", fake.url()},
                                         {"AWS_ENDPOINT_URL_AUTO_SCALING", fake.url()},
                                         {"AWS_EC2_METADATA_SERVICE_ENDPOINT", fake.url()},
                                         {"AWS_ACCESS_KEY_ID", "testing"},
                                         {"AWS_SECRET_ACCESS_KEY", "testing"},
                                         {"AWS_REGION", ""},
                                         {"AWS_DEFAULT_REGION", ""},
                                         {"AWS_PROFILE", ""},
                                         {"AWS_CONFIG_FILE", "/nonexistent"},
                                         {"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"}});
}

TEST(AgentRunPublish, OnceWithIdentityFromImdsLandsInCloudWatch) {
  FakeStacksNode node;
  node.start();
  node.synced(52537);
  FakeAws fake("i-0a1b2c3d4e5f60001", "us-east-1");
  const auto before = std::chrono::system_clock::now() - minutes(2);
  auto r =
      snr::testing::run_command({SNR_BINARY, "agent", "run", "--once", "--node-rpc", node.url(),
                                 "--settings", "/nonexistent/settings.json", "--data-path", "/"},
                                agent_env(fake));
  // An explicit --settings that does not exist is a user error (exit 2).
  EXPECT_EQ(r.exit_code, 2) << r.err;
  r = snr::testing::run_command(
      {SNR_BINARY, "agent", "run", "--once", "--node-rpc", node.url(), "--data-path", "/"},
      agent_env(fake));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto verdict = nlohmann::json::parse(r.out);
  EXPECT_EQ(verdict["status"], "synced");
  EXPECT_GE(fake.tokens_issued(), 1);  // identity and region came from IMDSv2
  EXPECT_EQ(fake.rejected_imds_reads(), 0);

  const auto after = std::chrono::system_clock::now() + minutes(2);
  EXPECT_EQ(datapoints("stacks_tip_height", "i-0a1b2c3d4e5f60001", before, after),
            std::vector<double>{52537});
  EXPECT_EQ(datapoints("burn_block_height", "i-0a1b2c3d4e5f60001", before, after),
            std::vector<double>{727631});
  EXPECT_EQ(datapoints("stacks_node_up", "i-0a1b2c3d4e5f60001", before, after),
            std::vector<double>{1});
  // One sample is healthy, not yet held for 5 samples over 5 minutes: not "synced" yet.
  EXPECT_EQ(datapoints("stacks_node_synced", "i-0a1b2c3d4e5f60001", before, after),
            std::vector<double>{0});
  EXPECT_EQ(datapoints("stacks_blocks_behind_peers", "i-0a1b2c3d4e5f60001", before, after),
            std::vector<double>{0});
  EXPECT_EQ(datapoints("stacks_peers_outbound", "i-0a1b2c3d4e5f60001", before, after),
            std::vector<double>{3});  // tests/fixtures/node-rpc/v2-neighbors.json
  EXPECT_EQ(datapoints("stacks_data_used_percent", "i-0a1b2c3d4e5f60001", before, after).size(),
            1u);
  // The running version is on the instance for `snr status` (agent/run/version_tag.h).
  EXPECT_THAT(r.err, ::testing::HasSubstr("running version recorded: stacks-node"));
  auto tags = snr::testing::shared_moto().aws(
      {"ec2", "describe-tags", "--filters", "Name=resource-id,Values=i-0a1b2c3d4e5f60001",
       "Name=key,Values=snr:stacks-version"});
  ASSERT_EQ(tags["Tags"].size(), 1u) << tags.dump();
  EXPECT_THAT(tags["Tags"][0]["Value"].get<std::string>(), ::testing::StartsWith("stacks-node "));
}

// The same publish under moto's IAM enforcement, as a user that carries only
// the synthesized follower node role (single node and HA).
TEST(AgentRunPublish, OnceWithOnlyTheNodeRolesPermissions) {
  snr::testing::MotoServer enforcing(snr::testing::EnvMap{{"INITIAL_NO_AUTH_ACTION_COUNT", "3"}});
  const auto admin = snr::testing::make_admin(enforcing);
  auto c = snr::testing::valid_config(snr::testing::kMinimalEnv);
  using K = contract::DeploymentKind;
  for (auto kind : {K::single_node, K::ha}) {
    auto scene = infra::iam::scene_for(c, kind);
    std::vector<std::string> unknown;
    auto docs = infra::iam::node_role_documents(
        infra::build_common_stack(c).to_json(),
        kind == K::ha ? infra::build_ha_stack(c).to_json() : infra::build_single_node_stack(c).to_json(),
        scene, unknown);
    ASSERT_TRUE(unknown.empty());
    const auto user = snr::testing::make_user(enforcing, admin,
                                              kind == K::ha ? "node-ha" : "node-single", docs);
    FakeStacksNode node;
    node.start();
    node.synced(52537);
    FakeAws fake("i-0a1b2c3d4e5f60002", "us-east-1");
    auto e = agent_env(fake);
    e["AWS_ENDPOINT_URL"] = enforcing.url();
    e["AWS_ACCESS_KEY_ID"] = user.id;
    e["AWS_SECRET_ACCESS_KEY"] = user.secret;
    auto r = snr::testing::run_command(
        {SNR_BINARY, "agent", "run", "--once", "--node-rpc", node.url(), "--data-path", "/"}, e);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.err, ::testing::Not(::testing::HasSubstr("AccessDenied")));
  }
  // They landed (a refused publish would be kept for later, not fail the run).
  auto metrics = enforcing.aws({"cloudwatch", "list-metrics", "--namespace",
                                std::string(contract::metrics::kNamespace), "--metric-name",
                                "stacks_node_up"},
                               admin.env());
  EXPECT_FALSE(metrics["Metrics"].empty()) << metrics.dump();
}

TEST(AgentRunPublish, WithoutImdsOrFlagsItSaysWhatIsMissing) {
  FakeStacksNode node;
  node.start();
  auto env = snr::testing::environment_with(
      {{"AWS_EC2_METADATA_SERVICE_ENDPOINT",
        "http://127.0.0.1:" + std::to_string(snr::testing::free_port())}});
  auto r = snr::testing::run_command(
      {SNR_BINARY, "agent", "run", "--once", "--node-rpc", node.url()}, env);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("instance id"));
  EXPECT_THAT(r.err, HasSubstr("--instance-id"));
}

/// Routes to a dead endpoint (real connection refused) or to moto.
class SwitchableSink final : public MetricsSink {
 public:
  SwitchableSink(MetricsSink& down, MetricsSink& up) : down_(down), up_(up) {}
  bool outage = true;
  void put(const std::vector<aws::MetricDatum>& b) override { (outage ? down_ : up_).put(b); }

 private:
  MetricsSink& down_;
  MetricsSink& up_;
};

TEST(AgentRunPublish, AnOutageLosesNoDatapoints) {
  FakeStacksNode node;
  node.start();
  aws::AwsContext dead_ctx = moto().context();
  dead_ctx.env = {
      {"AWS_ENDPOINT_URL", "http://127.0.0.1:" + std::to_string(snr::testing::free_port())}};
  dead_ctx.retry.max_attempts = 1;
  CloudWatchSink dead(std::make_unique<aws::CloudWatchClient>(dead_ctx), "Stacks/Node");
  CloudWatchSink live(std::make_unique<aws::CloudWatchClient>(moto().context()), "Stacks/Node");
  SwitchableSink sink(dead, live);
  TestClock clock;
  clock.advance(-minutes(30));
  const SystemTime start = clock.now();
  BufferedPublisher publisher(sink, clock, {1000, 500, seconds(15), seconds(120)});
  RunOptions o;
  o.node_rpc_url = node.url();
  o.dimension_values = {{"InstanceId", "i-outage"}};
  AgentRunner runner(o, clock, &publisher, nullptr, nullptr, {});
  // Ten minutes of samples (one a minute) while CloudWatch is unreachable.
  for (int i = 0; i < 10; ++i) {
    node.synced(1000 + static_cast<std::uint64_t>(i));
    auto r = runner.cycle();
    EXPECT_EQ(r.flush.sent, 0u);
    clock.advance(minutes(1));
  }
  EXPECT_GT(publisher.pending(), 0u);
  EXPECT_EQ(publisher.dropped_total(), 0u);
  sink.outage = false;
  node.synced(1010);
  clock.advance(minutes(3));  // past the backoff
  auto r = runner.cycle();
  EXPECT_TRUE(r.flush.error.empty()) << r.flush.error;
  EXPECT_EQ(publisher.pending(), 0u);
  std::vector<double> expected;
  for (int i = 0; i <= 10; ++i)
    expected.push_back(1000 + i);
  EXPECT_EQ(
      datapoints("stacks_tip_height", "i-outage", start - minutes(1), clock.now() + minutes(1)),
      expected);
}

void write_state(const std::filesystem::path& dir, const ReadinessState& s) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "readiness.json") << s.to_json().dump(2);
}

nlohmann::json read_state(const std::filesystem::path& dir) {
  std::ifstream in(dir / "readiness.json");
  return nlohmann::json::parse(in);
}

TEST(AgentRunSignals, SingleNodeSignalsOnlyOnceTheRpcAnswersAndOnlyOnce) {
  snr::testing::TempDir dir;
  FakeStacksNode node;
  FakeAws fake("i-0single", "us-east-1");
  ReadinessState s;
  s.kind = "single-node";
  s.instance_id = "i-0single";
  s.stack_name = "stacks-single-node-follower";
  s.logical_id = "NodeReady";
  write_state(dir.path(), s);
  auto once = [&] {
    return snr::testing::run_command({SNR_BINARY, "agent", "run", "--once", "--node-rpc",
                                      node.url(), "--state-dir", dir.path().string()},
                                     agent_env(fake));
  };
  auto r = once();  // node not up: nothing
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(fake.count("SignalResource"), 0);
  node.start();
  node.syncing(10);  // up, not synced: enough for the single node's wait condition
  r = once();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(fake.count("SignalResource"), 1);
  auto call = fake.calls().back();
  EXPECT_EQ(call.params["StackName"], "stacks-single-node-follower");
  EXPECT_EQ(call.params["LogicalResourceId"], "NodeReady");
  EXPECT_EQ(call.params["UniqueId"], "i-0single");
  EXPECT_EQ(call.params["Status"], "SUCCESS");
  EXPECT_EQ(read_state(dir.path())["resource_signal"], "sent");
  r = once();
  EXPECT_EQ(fake.count("SignalResource"), 1);  // never twice
}

TEST(AgentRunSignals, HaHeartbeatsWhileSyncingAndContinuesOnlyWhenSynced) {
  snr::testing::TempDir dir;
  FakeStacksNode node;
  node.start();
  node.syncing(10);
  FakeAws fake("i-0ha", "us-east-1", "stacks-ha-NodeGroup-1");
  ReadinessState s;
  s.kind = "ha";
  s.instance_id = "i-0ha";
  s.stack_name = "stacks-ha-nodes-follower";
  s.logical_id = "NodeGroup";
  s.autoscaling_group = "stacks-ha-NodeGroup-1";
  s.lifecycle_hook = "snr-sync-gate";
  s.lifecycle = StepState::pending;
  write_state(dir.path(), s);
  auto once = [&] {
    return snr::testing::run_command(
        {SNR_BINARY, "agent", "run", "--once", "--node-rpc", node.url(), "--state-dir",
         dir.path().string(), "--autoscaling-group", "stacks-ha-NodeGroup-1"},
        agent_env(fake));
  };
  ASSERT_EQ(once().exit_code, 0);
  EXPECT_EQ(fake.count("RecordLifecycleActionHeartbeat"), 1);
  EXPECT_EQ(fake.count("CompleteLifecycleAction"), 0);
  EXPECT_EQ(fake.count("SignalResource"), 0);
  node.behind(100, 40);  // synced per /v2/info but behind its peers: still not ready
  ASSERT_EQ(once().exit_code, 0);
  EXPECT_EQ(fake.count("CompleteLifecycleAction"), 0);
  node.synced(140);
  ASSERT_EQ(once().exit_code, 0);  // one synced sample is not enough: the gate wants it held
  EXPECT_EQ(fake.count("CompleteLifecycleAction"), 0);
  EXPECT_EQ(read_state(dir.path())["healthy_samples"], 1);
  {  // as if synced for 5 samples over the last 5 minutes (the streak is kept on disk)
    auto st = read_state(dir.path());
    st["healthy_samples"] = 5;
    st["healthy_since_unix"] = std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count() -
                               301;
    std::ofstream(dir.path() / "readiness.json") << st.dump(2);
  }
  fake.fail_next("CompleteLifecycleAction", 1, "Throttling", 400);  // transient: retried later
  ASSERT_EQ(once().exit_code, 0);
  EXPECT_EQ(fake.count("CompleteLifecycleAction"), 0);
  EXPECT_EQ(read_state(dir.path())["lifecycle"], "pending");
  ASSERT_EQ(once().exit_code, 0);
  ASSERT_EQ(fake.count("CompleteLifecycleAction"), 1);
  for (auto c : fake.calls()) {
    if (c.action == "CompleteLifecycleAction") {
      EXPECT_EQ(c.params["LifecycleActionResult"], "CONTINUE");
      EXPECT_EQ(c.params["AutoScalingGroupName"], "stacks-ha-NodeGroup-1");
      EXPECT_EQ(c.params["LifecycleHookName"], "snr-sync-gate");
      EXPECT_EQ(c.params["InstanceId"], "i-0ha");
    }
  }
  EXPECT_EQ(fake.count("SignalResource"), 1);
  ASSERT_EQ(once().exit_code, 0);
  EXPECT_EQ(fake.count("CompleteLifecycleAction"), 1);
  EXPECT_EQ(fake.count("SignalResource"), 1);
}

TEST(AgentRunService, ServesHealthAndStopsOnSigterm) {
  FakeStacksNode node;
  node.start();
  node.synced(7);
  const int port = snr::testing::free_port();
  snr::testing::BackgroundProcess agent(
      {SNR_BINARY, "agent", "run", "--no-publish", "--node-rpc", node.url(), "--health-listen",
       "127.0.0.1:" + std::to_string(port), "--interval", "1"},
      snr::testing::environment_with({}), "/dev/null");
  Health h{0, {}};
  for (int i = 0; i < 100 && h.status != 200; ++i) {  // bounded poll, not a sleep
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    h = get_health(static_cast<std::uint16_t>(port));
  }
  EXPECT_EQ(h.status, 200);
  node.syncing(7);
  for (int i = 0; i < 100 && h.status != 503; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    h = get_health(static_cast<std::uint16_t>(port));
  }
  EXPECT_EQ(h.status, 503);
  ::kill(agent.pid(), SIGTERM);
  bool exited = false;
  for (int i = 0; i < 100 && !exited; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    exited = !agent.running();
  }
  EXPECT_TRUE(exited);
}

}  // namespace
}  // namespace snr::agent
