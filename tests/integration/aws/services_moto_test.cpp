// Every client call moto implements, against one moto_server, with the real
// `aws` CLI as the independent check of what happened.

#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "aws/autoscaling.h"
#include "aws/cloudformation.h"
#include "aws/cloudwatch.h"
#include "aws/ec2.h"
#include "aws/elbv2.h"
#include "aws/s3.h"
#include "aws/secrets_manager.h"
#include "aws/ssm.h"
#include "aws/sts.h"
#include "support/moto_server.h"

namespace snr::aws {
namespace {

using snr::testing::MotoServer;

const auto* const kMoto = snr::testing::add_shared_moto();
MotoServer& moto() {
  return snr::testing::shared_moto();
}
AwsContext ctx() {
  return moto().context();
}

// An AMI moto knows (filtered: listing all of moto's images takes seconds).
std::string any_image() {
  return moto().aws({"ec2", "describe-images", "--owners", "amazon", "--filters",
                     "Name=name,Values=amzn2-ami-hvm*"})["Images"][0]["ImageId"];
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

template <typename F>
AwsError expect_aws_error(F&& f) {
  try {
    f();
  } catch (const AwsError& e) {
    return e;
  }
  ADD_FAILURE() << "expected an AwsError";
  return AwsError("none", "none", "", 0);
}

// ---------------------------------------------------------------- STS

TEST(MotoSts, CallerIdentityAndAssumeRole) {
  StsClient sts(ctx());
  CallerIdentity id = sts.get_caller_identity();
  auto cli = moto().aws({"sts", "get-caller-identity"});
  EXPECT_EQ(id.account, cli["Account"]);
  EXPECT_EQ(id.arn, cli["Arn"]);
  Credentials c = sts.assume_role(
      {"arn:aws:iam::" + id.account + ":role/any", "snr-it", 900, std::string("ext")});
  EXPECT_EQ(c.access_key_id.rfind("ASIA", 0), 0u);
  EXPECT_FALSE(c.session_token.empty());
  EXPECT_TRUE(c.expiration.has_value());
}

// ---------------------------------------------------------------- CloudFormation

constexpr const char* kTemplate = R"({
  "AWSTemplateFormatVersion": "2010-09-09",
  "Description": "snr integration stack",
  "Parameters": {"Env": {"Type": "String", "Default": "dev"}},
  "Resources": {
    "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": {"Fn::Sub": "snr-${Env}"}}},
    "Topic": {"Type": "AWS::SNS::Topic"}
  },
  "Outputs": {
    "QueueName": {"Value": {"Fn::GetAtt": ["Queue", "QueueName"]},
                  "Export": {"Name": "snr-it-queue-name"}}
  }
})";

TEST(MotoCloudFormation, ChangeSetLifecycleAndStackQueries) {
  CloudFormationClient cfn(ctx());
  S3Client s3(ctx());
  moto().aws({"s3api", "create-bucket", "--bucket", "snr-templates"});
  s3.put_object("snr-templates", "stack.json", kTemplate, "application/json");

  // TemplateURL as deploy will build it (a real AWS URL; moto resolves it internally).
  AwsContext real = ctx();
  real.env.clear();
  std::string url = S3Client(real).object_url("snr-templates", "stack.json");
  EXPECT_EQ(url, "https://snr-templates.s3.us-east-1.amazonaws.com/stack.json");

  CreateChangeSetRequest req;
  req.stack_name = "snr-it";
  req.change_set_name = "create-1";
  req.template_url = url;
  req.parameters = {{"Env", "it"}};
  req.type = ChangeSetType::create;
  req.tags = {{"app", "snr"}};
  ChangeSetRef ref = cfn.create_change_set(req);
  EXPECT_FALSE(ref.id.empty());
  EXPECT_FALSE(ref.stack_id.empty());

  ChangeSet cs = cfn.describe_change_set("create-1", "snr-it");
  EXPECT_EQ(cs.status, "CREATE_COMPLETE");
  std::set<std::string> added;
  for (const auto& c : cs.changes) {
    EXPECT_EQ(c.action, "Add");
    added.insert(c.logical_id + "/" + c.resource_type);
  }
  EXPECT_EQ(added, (std::set<std::string>{"Queue/AWS::SQS::Queue", "Topic/AWS::SNS::Topic"}));
  auto cli_cs = moto().aws({"cloudformation", "describe-change-set", "--stack-name", "snr-it",
                            "--change-set-name", "create-1"});
  EXPECT_EQ(cli_cs["Changes"].size(), cs.changes.size());

  cfn.execute_change_set("create-1", "snr-it");
  auto stack = cfn.describe_stack("snr-it");
  ASSERT_TRUE(stack.has_value());
  EXPECT_EQ(stack->status, "CREATE_COMPLETE");
  ASSERT_EQ(stack->parameters.size(), 1u);
  EXPECT_EQ(stack->parameters[0].value, "it");
  auto cli = moto().aws({"cloudformation", "describe-stacks", "--stack-name", "snr-it"});
  EXPECT_EQ(cli["Stacks"][0]["StackStatus"], stack->status);
  EXPECT_EQ(cli["Stacks"][0]["StackId"], stack->id);

  // moto 5.2.1 keeps no description, outputs or tags for stacks made by change
  // sets; a stack made by the CLI's create-stack has them.
  moto().aws({"cloudformation", "create-stack", "--stack-name", "snr-it-cli", "--template-body",
              kTemplate, "--parameters", "ParameterKey=Env,ParameterValue=cli", "--tags",
              "Key=app,Value=snr"});
  auto full = cfn.describe_stack("snr-it-cli");
  ASSERT_TRUE(full.has_value());
  auto cli_full = moto().aws({"cloudformation", "describe-stacks", "--stack-name", "snr-it-cli"});
  EXPECT_EQ(full->description, "snr integration stack");
  EXPECT_EQ(full->description, cli_full["Stacks"][0]["Description"]);
  ASSERT_EQ(full->outputs.size(), 1u);
  EXPECT_EQ(full->outputs[0].key, "QueueName");
  EXPECT_EQ(full->outputs[0].value, "snr-cli");
  EXPECT_EQ(full->outputs[0].value, cli_full["Stacks"][0]["Outputs"][0]["OutputValue"]);
  EXPECT_EQ(full->outputs[0].export_name, "snr-it-queue-name");
  EXPECT_EQ(full->tags, (Tags{{"app", "snr"}}));
  bool exported = false;
  for (const auto& e : cfn.list_exports()) {
    exported |=
        e.name == "snr-it-queue-name" && e.value == "snr-cli" && e.exporting_stack_id == full->id;
  }
  EXPECT_TRUE(exported);

  bool listed = false;
  for (const auto& s : cfn.describe_stacks())
    listed |= s.name == "snr-it";
  EXPECT_TRUE(listed);

  auto events = cfn.describe_stack_events("snr-it");
  auto cli_events =
      moto().aws({"cloudformation", "describe-stack-events", "--stack-name", "snr-it"});
  ASSERT_EQ(events.size(), cli_events["StackEvents"].size());
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events.front().event_id, cli_events["StackEvents"][0]["EventId"]);  // newest first
  auto newer = cfn.describe_stack_events("snr-it", events[1].event_id);
  ASSERT_EQ(newer.size(), 1u);
  EXPECT_EQ(newer[0].event_id, events[0].event_id);

  auto resources = cfn.list_stack_resources("snr-it");
  auto cli_res = moto().aws({"cloudformation", "list-stack-resources", "--stack-name", "snr-it"});
  ASSERT_EQ(resources.size(), cli_res["StackResourceSummaries"].size());
  std::set<std::string> physical, cli_physical;
  for (const auto& r : resources)
    physical.insert(r.physical_id);
  for (const auto& r : cli_res["StackResourceSummaries"])
    cli_physical.insert(r["PhysicalResourceId"]);
  EXPECT_EQ(physical, cli_physical);

  EXPECT_EQ(nlohmann::json::parse(cfn.get_template("snr-it")), nlohmann::json::parse(kTemplate));

  // An update change set, then thrown away.
  req.change_set_name = "update-1";
  req.type = ChangeSetType::update;
  req.template_url.clear();
  req.template_body = kTemplate;
  req.parameters = {{"Env", "prod"}};
  cfn.create_change_set(req);
  ChangeSet update = cfn.describe_change_set("update-1", "snr-it");
  EXPECT_EQ(update.parameters.at(0).value, "prod");
  cfn.delete_change_set("update-1", "snr-it");
  auto gone = moto().aws_raw({"cloudformation", "describe-change-set", "--stack-name", "snr-it",
                              "--change-set-name", "update-1"});
  EXPECT_NE(gone.exit_code, 0);

  cfn.delete_stack("snr-it");
  auto after = cfn.describe_stack("snr-it");
  EXPECT_TRUE(!after.has_value() || after->status == "DELETE_COMPLETE");
  AwsError missing = expect_aws_error([&] { cfn.describe_stack_events("no-such-stack"); });
  EXPECT_EQ(missing.code(), "ValidationError");
  EXPECT_TRUE(is_stack_not_found(missing));
}

TEST(MotoCloudFormation, ValidateTemplate) {
  CloudFormationClient cfn(ctx());
  EXPECT_EQ(cfn.validate_template(kTemplate).description, "snr integration stack");
  AwsError e = expect_aws_error([&] { cfn.validate_template("{\"Resources\": 42}"); });
  EXPECT_EQ(e.code(), "ValidationError");
}

TEST(MotoCloudFormation, OperationsMotoLacksAreNotImplemented) {
  CloudFormationClient cfn(ctx());
  AwsError imports = expect_aws_error([&] { cfn.list_imports("snr-it-queue-name"); });
  EXPECT_TRUE(imports.is_not_implemented()) << imports.what();
  AwsError signal = expect_aws_error(
      [&] { cfn.signal_resource("snr-it", "Queue", "i-1", ResourceSignalStatus::success); });
  EXPECT_TRUE(signal.is_not_implemented()) << signal.what();
}

// ---------------------------------------------------------------- EC2

TEST(MotoEc2, VpcsSubnetsInstancesAndSecurityGroups) {
  Ec2Client ec2(ctx());
  auto vpcs = ec2.describe_vpcs({{"isDefault", {"true"}}});
  ASSERT_EQ(vpcs.size(), 1u);
  auto cli_vpcs = moto().aws({"ec2", "describe-vpcs", "--filters", "Name=isDefault,Values=true"});
  EXPECT_EQ(vpcs[0].id, cli_vpcs["Vpcs"][0]["VpcId"]);
  EXPECT_EQ(vpcs[0].cidr_block, cli_vpcs["Vpcs"][0]["CidrBlock"]);

  auto subnets = ec2.describe_subnets({{"vpc-id", {vpcs[0].id}}});
  auto cli_subnets =
      moto().aws({"ec2", "describe-subnets", "--filters", "Name=vpc-id,Values=" + vpcs[0].id});
  ASSERT_EQ(subnets.size(), cli_subnets["Subnets"].size());
  ASSERT_FALSE(subnets.empty());
  std::set<std::string> azs, cli_azs;
  for (const auto& s : subnets) {
    azs.insert(s.availability_zone);
    EXPECT_TRUE(s.default_for_az);
  }
  for (const auto& s : cli_subnets["Subnets"])
    cli_azs.insert(s["AvailabilityZone"]);
  EXPECT_EQ(azs, cli_azs);

  std::string image = any_image();
  auto run = moto().aws({"ec2", "run-instances", "--image-id", image, "--instance-type", "t3.large",
                         "--count", "2", "--subnet-id", subnets[0].id});
  std::vector<std::string> ids;
  for (const auto& i : run["Instances"])
    ids.push_back(i["InstanceId"]);
  ASSERT_EQ(ids.size(), 2u);
  auto instances = ec2.describe_instances(ids);
  ASSERT_EQ(instances.size(), 2u);
  for (const auto& in : instances) {
    EXPECT_EQ(in.state, "running");
    EXPECT_EQ(in.instance_type, "t3.large");
    EXPECT_EQ(in.subnet_id, subnets[0].id);
    EXPECT_EQ(in.availability_zone, subnets[0].availability_zone);
    EXPECT_FALSE(in.private_ip.empty());
  }
  auto cli_in = moto().aws({"ec2", "describe-instances", "--instance-ids", ids[0]});
  const auto& ci = cli_in["Reservations"][0]["Instances"][0];
  auto mine = std::find_if(instances.begin(), instances.end(),
                           [&](const Instance& i) { return i.id == ids[0]; });
  ASSERT_NE(mine, instances.end());
  EXPECT_EQ(mine->private_ip, ci["PrivateIpAddress"]);
  auto filtered = ec2.describe_instances({}, {{"instance-type", {"t3.large"}}});
  EXPECT_EQ(filtered.size(), 2u);

  moto().aws({"ec2", "create-security-group", "--group-name", "snr-node", "--description",
              "snr node", "--vpc-id", vpcs[0].id});
  std::string sg = moto().aws({"ec2", "describe-security-groups", "--filters",
                               "Name=group-name,Values=snr-node"})["SecurityGroups"][0]["GroupId"];
  moto().aws({"ec2", "authorize-security-group-ingress", "--group-id", sg, "--protocol", "tcp",
              "--port", "20444", "--cidr", "0.0.0.0/0"});
  auto groups = ec2.describe_security_groups({{"group-name", {"snr-node"}}});
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].id, sg);
  ASSERT_EQ(groups[0].ingress.size(), 1u);
  EXPECT_EQ(groups[0].ingress[0].from_port, 20444);
  EXPECT_EQ(groups[0].ingress[0].cidr_ipv4, std::vector<std::string>{"0.0.0.0/0"});
  EXPECT_EQ(ec2.describe_security_groups({}, {sg}).size(), 1u);

  AwsError e = expect_aws_error([&] { ec2.describe_instances({"i-00000000000000000"}); });
  EXPECT_EQ(e.service(), "EC2");
  EXPECT_EQ(e.code(), "InvalidInstanceID.NotFound");
}

// ---------------------------------------------------------------- S3

TEST(MotoS3, ObjectsVersionsAndEmptyingAVersionedBucket) {
  S3Client s3(ctx());
  moto().aws({"s3api", "create-bucket", "--bucket", "snr-assets"});
  moto().aws({"s3api", "put-bucket-versioning", "--bucket", "snr-assets",
              "--versioning-configuration", "Status=Enabled"});

  auto dir = std::filesystem::temp_directory_path() / ("snr-s3-it-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string blob;
  for (int i = 0; i < 200000; ++i)
    blob += static_cast<char>(i * 7 % 256);
  { std::ofstream(dir / "asset.bin", std::ios::binary) << blob; }
  ObjectInfo v1 = s3.put_object("snr-assets", "bin/snr", "version one", "text/plain");
  ObjectInfo v2 = s3.put_object("snr-assets", "bin/snr", "version two", "text/plain");
  EXPECT_NE(v1.version_id, v2.version_id);
  ObjectInfo up = s3.put_object_file("snr-assets", "assets/asset.bin", dir / "asset.bin");
  s3.put_object("snr-assets", "assets/with space & plus.txt", "x", "text/plain");

  auto head = s3.head_object("snr-assets", "assets/asset.bin");
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->size, 200000);
  EXPECT_EQ(head->etag, up.etag);
  auto cli_head =
      moto().aws({"s3api", "head-object", "--bucket", "snr-assets", "--key", "assets/asset.bin"});
  EXPECT_EQ("\"" + head->etag + "\"", cli_head["ETag"]);
  EXPECT_FALSE(s3.head_object("snr-assets", "nope").has_value());

  ObjectInfo got = s3.get_object_to_file("snr-assets", "assets/asset.bin", dir / "down.bin");
  EXPECT_EQ(read_file(dir / "down.bin"), blob);
  EXPECT_EQ(got.etag, up.etag);
  s3.get_object_to_file("snr-assets", "bin/snr", dir / "snr");
  EXPECT_EQ(read_file(dir / "snr"), "version two");
  AwsError missing =
      expect_aws_error([&] { s3.get_object_to_file("snr-assets", "nope", dir / "nope"); });
  EXPECT_EQ(missing.code(), "NoSuchKey");
  EXPECT_FALSE(std::filesystem::exists(dir / "nope"));

  auto listed = s3.list_objects_v2("snr-assets", "assets/");
  auto cli_list =
      moto().aws({"s3api", "list-objects-v2", "--bucket", "snr-assets", "--prefix", "assets/"});
  ASSERT_EQ(listed.size(), cli_list["Contents"].size());
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].key, cli_list["Contents"][0]["Key"]);
  EXPECT_EQ(listed[1].key, "assets/with space & plus.txt");
  EXPECT_EQ(s3.list_objects_v2("snr-assets").size(), 3u);

  moto().aws({"s3api", "delete-object", "--bucket", "snr-assets", "--key", "bin/snr"});
  auto versions = s3.list_object_versions("snr-assets");
  auto cli_versions = moto().aws({"s3api", "list-object-versions", "--bucket", "snr-assets"});
  std::size_t markers = 0;
  for (const auto& v : versions)
    markers += v.is_delete_marker;
  EXPECT_EQ(markers, 1u);
  EXPECT_EQ(markers, cli_versions["DeleteMarkers"].size());
  EXPECT_EQ(versions.size() - markers, cli_versions["Versions"].size());
  EXPECT_EQ(versions.size(), 5u);  // 2 + 1 + 1 versions, 1 delete marker

  std::vector<ObjectIdentifier> all;
  for (const auto& v : versions)
    all.push_back({v.key, v.version_id});
  DeleteObjectsResult del = s3.delete_objects("snr-assets", all);
  EXPECT_EQ(del.deleted.size(), 5u);
  EXPECT_TRUE(del.errors.empty());
  EXPECT_TRUE(s3.list_object_versions("snr-assets").empty());
  // The CLI agrees the bucket is empty: deleting it succeeds.
  moto().aws({"s3api", "delete-bucket", "--bucket", "snr-assets"});

  AwsError no_bucket = expect_aws_error([&] { s3.list_objects_v2("snr-assets"); });
  EXPECT_EQ(no_bucket.code(), "NoSuchBucket");
  std::filesystem::remove_all(dir);
}

// ---------------------------------------------------------------- SSM

TEST(MotoSsm, Parameters) {
  SsmClient ssm(ctx());
  EXPECT_EQ(ssm.put_parameter({"/snr/it/plain", "v1", ParameterType::string, false, "d", "", {}}),
            1);
  AwsError exists = expect_aws_error([&] {
    ssm.put_parameter({"/snr/it/plain", "v2", ParameterType::string, false, "", "", {}});
  });
  EXPECT_EQ(exists.code(), "ParameterAlreadyExists");
  EXPECT_EQ(ssm.put_parameter({"/snr/it/plain", "v2", ParameterType::string, true, "", "", {}}), 2);
  ssm.put_parameter({"/snr/it/secure",
                     "s3cr3t value",
                     ParameterType::secure_string,
                     false,
                     "",
                     "",
                     {{"app", "snr"}}});
  auto p = ssm.get_parameter("/snr/it/secure");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->value, "s3cr3t value");
  EXPECT_EQ(p->type, "SecureString");
  auto cli = moto().aws({"ssm", "get-parameter", "--name", "/snr/it/secure", "--with-decryption"});
  EXPECT_EQ(cli["Parameter"]["Value"], p->value);
  EXPECT_EQ(cli["Parameter"]["Version"], p->version);
  auto encrypted = ssm.get_parameter("/snr/it/secure", false);
  EXPECT_NE(encrypted->value, "s3cr3t value");
  EXPECT_EQ(ssm.get_parameter("/snr/it/plain")->value, "v2");
  EXPECT_TRUE(ssm.delete_parameter("/snr/it/plain"));
  EXPECT_FALSE(ssm.delete_parameter("/snr/it/plain"));
  EXPECT_FALSE(ssm.get_parameter("/snr/it/plain").has_value());
  EXPECT_NE(moto().aws_raw({"ssm", "get-parameter", "--name", "/snr/it/plain"}).exit_code, 0);
}

// ---------------------------------------------------------------- Secrets Manager

TEST(MotoSecretsManager, SecretLifecycle) {
  SecretsManagerClient sm(ctx());
  SecretRef ref =
      sm.create_secret({"snr/it/signer-key", "first", "signer key", "", {{"app", "snr"}}});
  EXPECT_EQ(ref.name, "snr/it/signer-key");
  AwsError dup = expect_aws_error([&] {
    sm.create_secret({"snr/it/signer-key", "again", "", "", {}});
  });
  EXPECT_EQ(dup.code(), "ResourceExistsException");
  sm.create_secret({"snr/it/other", "x", "", "", {}});
  sm.create_secret({"elsewhere/snr/it", "y", "", "", {}});

  EXPECT_EQ(sm.get_secret_value("snr/it/signer-key").secret_string, "first");
  SecretRef v2 = sm.put_secret_value("snr/it/signer-key", "second");
  EXPECT_NE(v2.version_id, ref.version_id);
  SecretValue now = sm.get_secret_value(ref.arn);
  EXPECT_EQ(now.secret_string, "second");
  EXPECT_EQ(now.version_id, v2.version_id);
  EXPECT_EQ(sm.get_secret_value("snr/it/signer-key", "AWSPREVIOUS").secret_string, "first");
  auto cli = moto().aws({"secretsmanager", "get-secret-value", "--secret-id", "snr/it/signer-key"});
  EXPECT_EQ(cli["SecretString"], "second");

  auto d = sm.describe_secret("snr/it/signer-key");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->description, "signer key");
  EXPECT_EQ(d->tags, (Tags{{"app", "snr"}}));
  EXPECT_FALSE(d->deleted_date.has_value());
  EXPECT_FALSE(sm.describe_secret("snr/it/none").has_value());

  std::set<std::string> names;
  for (const auto& s : sm.list_secrets("snr/it/"))
    names.insert(s.name);
  EXPECT_EQ(names, (std::set<std::string>{"snr/it/signer-key", "snr/it/other"}));
  auto cli_list =
      moto().aws({"secretsmanager", "list-secrets", "--filters", "Key=name,Values=snr/it/"});
  std::set<std::string> cli_names;
  for (const auto& s : cli_list["SecretList"]) {
    std::string n = s["Name"];
    if (n.rfind("snr/it/", 0) == 0) cli_names.insert(n);
  }
  EXPECT_EQ(names, cli_names);

  auto scheduled = sm.delete_secret("snr/it/other", {false, 7});
  EXPECT_TRUE(scheduled.has_value());
  EXPECT_TRUE(sm.describe_secret("snr/it/other")->deleted_date.has_value());
  sm.delete_secret("snr/it/signer-key", {true, std::nullopt});
  EXPECT_FALSE(sm.describe_secret("snr/it/signer-key").has_value());
  AwsError gone = expect_aws_error([&] { sm.get_secret_value("snr/it/signer-key"); });
  EXPECT_EQ(gone.code(), "ResourceNotFoundException");
}

// ---------------------------------------------------------------- CloudWatch

TEST(MotoCloudWatch, PutAndReadMetrics) {
  CloudWatchClient cw(ctx());
  Timestamp t = std::chrono::floor<std::chrono::minutes>(Clock::now()) - std::chrono::minutes(5);
  std::vector<MetricDatum> data;
  for (int i = 0; i < 3; ++i) {
    data.push_back({"BlockHeight",
                    100.0 + i,
                    "Count",
                    t + std::chrono::seconds(i * 10),
                    {{"Node", "i-1"}},
                    std::nullopt});
  }
  cw.put_metric_data("SNR/IT", data);
  GetMetricStatisticsRequest r;
  r.namespace_ = "SNR/IT";
  r.metric_name = "BlockHeight";
  r.dimensions = {{"Node", "i-1"}};
  r.start_time = t - std::chrono::minutes(1);
  r.end_time = t + std::chrono::minutes(2);
  r.period_seconds = 3600;
  r.statistics = {"Maximum", "Sum", "SampleCount"};
  auto points = cw.get_metric_statistics(r);
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(points[0].maximum, 102.0);
  EXPECT_EQ(points[0].sum, 303.0);
  EXPECT_EQ(points[0].sample_count, 3.0);
  auto cli = moto().aws({"cloudwatch", "get-metric-statistics", "--namespace", "SNR/IT",
                         "--metric-name", "BlockHeight", "--dimensions", "Name=Node,Value=i-1",
                         "--start-time", format_iso8601(r.start_time), "--end-time",
                         format_iso8601(r.end_time), "--period", "3600", "--statistics", "Sum"});
  ASSERT_EQ(cli["Datapoints"].size(), 1u);
  EXPECT_EQ(cli["Datapoints"][0]["Sum"], 303.0);
}

// ---------------------------------------------------------------- Auto Scaling + ELBv2

TEST(MotoAutoScalingAndElbv2, GroupsLoadBalancersTargets) {
  Ec2Client ec2(ctx());
  auto subnets = ec2.describe_subnets({{"default-for-az", {"true"}}});
  ASSERT_GE(subnets.size(), 2u);
  std::string vpc = subnets[0].vpc_id;
  std::string image = any_image();
  moto().aws({"autoscaling", "create-launch-configuration", "--launch-configuration-name", "snr-lc",
              "--image-id", image, "--instance-type", "t3.large"});
  moto().aws({"autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", "snr-asg",
              "--launch-configuration-name", "snr-lc", "--min-size", "1", "--max-size", "2",
              "--desired-capacity", "1", "--vpc-zone-identifier", subnets[0].id});

  AutoScalingClient asg(ctx());
  auto groups = asg.describe_auto_scaling_groups({"snr-asg"});
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].max_size, 2);
  EXPECT_EQ(groups[0].desired_capacity, 1);
  ASSERT_EQ(groups[0].instances.size(), 1u);
  EXPECT_EQ(groups[0].instances[0].lifecycle_state, "InService");
  std::string instance = groups[0].instances[0].instance_id;
  auto cli = moto().aws(
      {"autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "snr-asg"});
  EXPECT_EQ(cli["AutoScalingGroups"][0]["Instances"][0]["InstanceId"], instance);
  EXPECT_TRUE(asg.describe_auto_scaling_groups({"nope"}).empty());

  auto details = asg.describe_auto_scaling_instances({instance});
  ASSERT_EQ(details.size(), 1u);
  EXPECT_EQ(details[0].group_name, "snr-asg");
  EXPECT_EQ(details[0].availability_zone, subnets[0].availability_zone);

  AwsError complete = expect_aws_error([&] {
    asg.complete_lifecycle_action({"drain", "snr-asg", instance, ""},
                                  LifecycleActionResult::proceed);
  });
  EXPECT_TRUE(complete.is_not_implemented()) << complete.what();

  auto lb = moto().aws({"elbv2", "create-load-balancer", "--name", "snr-nlb", "--type", "network",
                        "--subnets", subnets[0].id, subnets[1].id});
  std::string lb_arn = lb["LoadBalancers"][0]["LoadBalancerArn"];
  auto tg = moto().aws({"elbv2", "create-target-group", "--name", "snr-rpc", "--protocol", "TCP",
                        "--port", "20443", "--vpc-id", vpc, "--target-type", "instance"});
  std::string tg_arn = tg["TargetGroups"][0]["TargetGroupArn"];
  moto().aws({"elbv2", "create-listener", "--load-balancer-arn", lb_arn, "--protocol", "TCP",
              "--port", "20443", "--default-actions", "Type=forward,TargetGroupArn=" + tg_arn});
  moto().aws({"elbv2", "register-targets", "--target-group-arn", tg_arn, "--targets",
              "Id=" + instance + ",Port=20443"});

  Elbv2Client elb(ctx());
  auto lbs = elb.describe_load_balancers({"snr-nlb"});
  ASSERT_EQ(lbs.size(), 1u);
  EXPECT_EQ(lbs[0].arn, lb_arn);
  EXPECT_EQ(lbs[0].type, "network");
  EXPECT_EQ(lbs[0].vpc_id, vpc);
  EXPECT_FALSE(lbs[0].dns_name.empty());
  EXPECT_EQ(elb.describe_load_balancers({}, {lb_arn}).size(), 1u);

  auto tgs = elb.describe_target_groups(lb_arn);
  ASSERT_EQ(tgs.size(), 1u);
  EXPECT_EQ(tgs[0].arn, tg_arn);
  EXPECT_EQ(tgs[0].port, 20443);
  EXPECT_EQ(tgs[0].load_balancer_arns, std::vector<std::string>{lb_arn});

  auto health = elb.describe_target_health(tg_arn);
  auto cli_health = moto().aws({"elbv2", "describe-target-health", "--target-group-arn", tg_arn});
  ASSERT_EQ(health.size(), 1u);
  EXPECT_EQ(health[0].target_id, instance);
  EXPECT_EQ(health[0].port, 20443);
  EXPECT_EQ(health[0].state, cli_health["TargetHealthDescriptions"][0]["TargetHealth"]["State"]);
}

}  // namespace
}  // namespace snr::aws
