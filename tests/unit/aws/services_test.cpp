// The service clients against canned responses: what they send (encoding,
// headers, pagination) and how they read answers.

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
#include "fake_transport.h"
#include "util/error.h"
#include "util/sha256.h"

namespace snr::aws {
namespace {

using test::FakeServer;
using test::field;
using test::header;

struct Fixture {
  std::shared_ptr<FakeServer> server = std::make_shared<FakeServer>();
  AwsContext ctx = test::fake_context(server);
};

// ---------------------------------------------------------------- CloudFormation

TEST(CloudFormation, CreateChangeSetEncodesEveryField) {
  Fixture f;
  f.server->reply_xml(
      "<CreateChangeSetResponse><CreateChangeSetResult><Id>arn:cs</Id><StackId>arn:stack</StackId>"
      "</CreateChangeSetResult></CreateChangeSetResponse>");
  CreateChangeSetRequest r;
  r.stack_name = "snr-node";
  r.change_set_name = "snr-1";
  r.template_body = "{\"Resources\": {}}";
  r.parameters = {{"InstanceType", "t3.large", false}, {"Vpc", "", true}};
  r.capabilities = {"CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"};
  r.type = ChangeSetType::create;
  r.tags = {{"app", "snr"}};
  ChangeSetRef ref = CloudFormationClient(f.ctx).create_change_set(r);
  EXPECT_EQ(ref.id, "arn:cs");
  EXPECT_EQ(ref.stack_id, "arn:stack");
  const net::HttpRequest& req = f.server->last();
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.url, "https://cloudformation.us-east-1.amazonaws.com/");
  EXPECT_EQ(header(req, "Content-Type"), "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(req.body,
            "Action=CreateChangeSet&Version=2010-05-15&StackName=snr-node&ChangeSetName=snr-1"
            "&TemplateBody=%7B%22Resources%22%3A+%7B%7D%7D"
            "&Parameters.member.1.ParameterKey=InstanceType"
            "&Parameters.member.1.ParameterValue=t3.large"
            "&Parameters.member.2.ParameterKey=Vpc&Parameters.member.2.UsePreviousValue=true"
            "&Capabilities.member.1=CAPABILITY_IAM&Capabilities.member.2=CAPABILITY_NAMED_IAM"
            "&ChangeSetType=CREATE&Tags.member.1.Key=app&Tags.member.1.Value=snr");
  EXPECT_EQ(req.sigv4->service, "cloudformation");
}

TEST(CloudFormation, TemplateBodyXorUrl) {
  Fixture f;
  CloudFormationClient cfn(f.ctx);
  CreateChangeSetRequest r;
  r.stack_name = "s";
  r.change_set_name = "c";
  EXPECT_THROW(cfn.create_change_set(r), Failure);
  r.template_body = "{}";
  r.template_url = "https://x";
  EXPECT_THROW(cfn.create_change_set(r), Failure);
  EXPECT_TRUE(f.server->requests.empty());
  f.server->reply_xml(
      "<CreateChangeSetResponse><CreateChangeSetResult/></CreateChangeSetResponse>");
  r.template_body.clear();
  cfn.create_change_set(r);
  EXPECT_EQ(field(f.server->last(), "TemplateURL"), "https://x");
  EXPECT_EQ(field(f.server->last(), "ChangeSetType"), "UPDATE");
}

TEST(CloudFormation, DescribeChangeSetReadsAllPages) {
  Fixture f;
  f.server->reply_xml(R"(<DescribeChangeSetResponse><DescribeChangeSetResult>
    <ChangeSetName>snr-1</ChangeSetName><ChangeSetId>arn:cs</ChangeSetId><StackName>s</StackName>
    <Status>CREATE_COMPLETE</Status><ExecutionStatus>AVAILABLE</ExecutionStatus>
    <Parameters><member><ParameterKey>P</ParameterKey><ParameterValue>v</ParameterValue></member></Parameters>
    <Changes><member><Type>Resource</Type><ResourceChange>
      <Action>Modify</Action><LogicalResourceId>Node</LogicalResourceId>
      <PhysicalResourceId>i-123</PhysicalResourceId><ResourceType>AWS::EC2::Instance</ResourceType>
      <Replacement>True</Replacement><Scope><member>Properties</member></Scope>
      <Details><member><Evaluation>Static</Evaluation><ChangeSource>DirectModification</ChangeSource>
        <Target><Attribute>Properties</Attribute><Name>InstanceType</Name>
        <RequiresRecreation>Always</RequiresRecreation></Target></member></Details>
    </ResourceChange></member></Changes>
    <NextToken>page2</NextToken></DescribeChangeSetResult></DescribeChangeSetResponse>)");
  f.server->reply_xml(R"(<DescribeChangeSetResponse><DescribeChangeSetResult>
    <Status>CREATE_COMPLETE</Status>
    <Changes><member><ResourceChange><Action>Add</Action><LogicalResourceId>Bucket</LogicalResourceId>
      <ResourceType>AWS::S3::Bucket</ResourceType></ResourceChange></member></Changes>
    </DescribeChangeSetResult></DescribeChangeSetResponse>)");
  ChangeSet cs = CloudFormationClient(f.ctx).describe_change_set("snr-1", "s");
  EXPECT_EQ(cs.status, "CREATE_COMPLETE");
  EXPECT_EQ(cs.execution_status, "AVAILABLE");
  ASSERT_EQ(cs.parameters.size(), 1u);
  ASSERT_EQ(cs.changes.size(), 2u);
  const ResourceChange& m = cs.changes[0];
  EXPECT_EQ(m.action, "Modify");
  EXPECT_EQ(m.physical_id, "i-123");
  EXPECT_EQ(m.replacement, "True");
  EXPECT_EQ(m.scope, std::vector<std::string>{"Properties"});
  ASSERT_EQ(m.details.size(), 1u);
  EXPECT_EQ(m.details[0].target_name, "InstanceType");
  EXPECT_EQ(m.details[0].requires_recreation, "Always");
  EXPECT_EQ(cs.changes[1].action, "Add");
  ASSERT_EQ(f.server->requests.size(), 2u);
  EXPECT_EQ(field(f.server->requests[0], "NextToken"), "<absent>");
  EXPECT_EQ(field(f.server->requests[1], "NextToken"), "page2");
}

TEST(CloudFormation, DescribeStackDistinguishesDoesNotExist) {
  Fixture f;
  f.server->reply(400,
                  "<ErrorResponse><Error><Code>ValidationError</Code><Message>Stack with id nope "
                  "does not exist</Message></Error></ErrorResponse>");
  CloudFormationClient cfn(f.ctx);
  EXPECT_FALSE(cfn.describe_stack("nope").has_value());
  f.server->reply(403,
                  "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message>"
                  "</Error></ErrorResponse>");
  EXPECT_THROW(cfn.describe_stack("x"), AwsError);
  f.server->reply_xml(R"(<DescribeStacksResponse><DescribeStacksResult><Stacks><member>
    <StackId>arn:s</StackId><StackName>snr</StackName><StackStatus>UPDATE_ROLLBACK_COMPLETE</StackStatus>
    <StackStatusReason>boom</StackStatusReason><CreationTime>2024-01-02T03:04:05.678Z</CreationTime>
    <Parameters><member><ParameterKey>A</ParameterKey><ParameterValue>1</ParameterValue></member></Parameters>
    <Outputs><member><OutputKey>Ip</OutputKey><OutputValue>10.0.0.1</OutputValue>
      <ExportName>snr-ip</ExportName></member></Outputs>
    <Capabilities><member>CAPABILITY_IAM</member></Capabilities>
    <Tags><member><Key>app</Key><Value>snr</Value></member></Tags>
    </member></Stacks></DescribeStacksResult></DescribeStacksResponse>)");
  auto st = cfn.describe_stack("snr");
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->status, "UPDATE_ROLLBACK_COMPLETE");
  EXPECT_EQ(st->status_reason, "boom");
  EXPECT_TRUE(st->creation_time.has_value());
  ASSERT_EQ(st->outputs.size(), 1u);
  EXPECT_EQ(st->outputs[0].value, "10.0.0.1");
  EXPECT_EQ(st->outputs[0].export_name, "snr-ip");
  EXPECT_EQ(st->parameters[0].key, "A");
  EXPECT_EQ(st->capabilities, std::vector<std::string>{"CAPABILITY_IAM"});
  EXPECT_EQ(st->tags, (Tags{{"app", "snr"}}));
}

TEST(CloudFormation, StackEventsStopAtAKnownEvent) {
  Fixture f;
  auto page = [](const std::string& ids, const std::string& next) {
    std::string x = "<DescribeStackEventsResponse><DescribeStackEventsResult><StackEvents>";
    for (char id : ids) {
      x += std::string("<member><EventId>e") + id +
           "</EventId><ResourceStatus>CREATE_COMPLETE"
           "</ResourceStatus><Timestamp>2024-01-01T00:00:00Z</Timestamp></member>";
    }
    x += "</StackEvents>";
    if (!next.empty()) x += "<NextToken>" + next + "</NextToken>";
    return x + "</DescribeStackEventsResult></DescribeStackEventsResponse>";
  };
  f.server->reply_xml(page("98", "t2"));
  f.server->reply_xml(page("76", "t3"));
  auto events = CloudFormationClient(f.ctx).describe_stack_events("s", "e7");
  // Newest first, only those newer than e7; the third page is never fetched.
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].event_id, "e9");
  EXPECT_EQ(events[1].event_id, "e8");
  EXPECT_EQ(f.server->requests.size(), 2u);
  EXPECT_EQ(field(f.server->requests[1], "NextToken"), "t2");
}

TEST(CloudFormation, ListImportsOnAnEmulatorWithoutItIsNotImplemented) {
  Fixture f;
  f.ctx.env = {{"AWS_ENDPOINT_URL", "http://127.0.0.1:5000"}};
  f.server->reply(500, "<!doctype html><title>500 Internal Server Error</title>",
                  {{"content-type", "text/html; charset=utf-8"}});
  try {
    CloudFormationClient(f.ctx).list_imports("snr-vpc-id");
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_TRUE(e.is_not_implemented());
    EXPECT_EQ(e.code(), "NotImplemented");
  }
  EXPECT_EQ(f.server->requests.size(), 1u);  // not retried
  EXPECT_EQ(f.server->last().url, "http://127.0.0.1:5000/");
}

TEST(CloudFormation, ListImportsPages) {
  Fixture f;
  f.server->reply_xml(
      "<ListImportsResponse><ListImportsResult><Imports><member>a</member>"
      "</Imports><NextToken>n</NextToken></ListImportsResult></ListImportsResponse>");
  f.server->reply_xml(
      "<ListImportsResponse><ListImportsResult><Imports><member>b</member>"
      "</Imports></ListImportsResult></ListImportsResponse>");
  EXPECT_EQ(CloudFormationClient(f.ctx).list_imports("x"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(field(f.server->requests[0], "ExportName"), "x");
}

TEST(CloudFormation, SignalResourceAndOtherSimpleCalls) {
  Fixture f;
  CloudFormationClient cfn(f.ctx);
  f.server->reply_xml("<SignalResourceResponse/>");
  cfn.signal_resource("snr", "NodeGroup", "i-1", ResourceSignalStatus::success);
  EXPECT_EQ(f.server->last().body,
            "Action=SignalResource&Version=2010-05-15&StackName=snr&LogicalResourceId=NodeGroup"
            "&UniqueId=i-1&Status=SUCCESS");
  f.server->reply_xml(
      "<GetTemplateResponse><GetTemplateResult><TemplateBody>{\"a\": 1}"
      "</TemplateBody></GetTemplateResult></GetTemplateResponse>");
  EXPECT_EQ(cfn.get_template("snr"), "{\"a\": 1}");
  EXPECT_EQ(field(f.server->last(), "TemplateStage"), "Original");
  f.server->reply_xml("<DeleteStackResponse/>");
  cfn.delete_stack("snr", {"Keep"});
  EXPECT_EQ(field(f.server->last(), "RetainResources.member.1"), "Keep");
  f.server->reply_xml("<ExecuteChangeSetResponse/>");
  cfn.execute_change_set("arn:cs");
  EXPECT_EQ(field(f.server->last(), "StackName"), "<absent>");
}

TEST(CloudFormation, ValidateTemplateReadsParameters) {
  Fixture f;
  f.server->reply_xml(R"(<ValidateTemplateResponse><ValidateTemplateResult>
    <Description>d</Description><Capabilities><member>CAPABILITY_IAM</member></Capabilities>
    <CapabilitiesReason>r</CapabilitiesReason>
    <Parameters><member><ParameterKey>P</ParameterKey><DefaultValue>1</DefaultValue>
      <NoEcho>true</NoEcho></member></Parameters></ValidateTemplateResult></ValidateTemplateResponse>)");
  TemplateValidation v = CloudFormationClient(f.ctx).validate_template("{}");
  EXPECT_EQ(v.description, "d");
  ASSERT_EQ(v.parameters.size(), 1u);
  EXPECT_TRUE(v.parameters[0].no_echo);
  EXPECT_EQ(v.capabilities_reason, "r");
}

TEST(CloudFormation, ExportsPage) {
  Fixture f;
  f.server->reply_xml(
      "<ListExportsResponse><ListExportsResult><Exports><member>"
      "<ExportingStackId>arn:s</ExportingStackId><Name>n</Name><Value>v</Value>"
      "</member></Exports></ListExportsResult></ListExportsResponse>");
  auto ex = CloudFormationClient(f.ctx).list_exports();
  ASSERT_EQ(ex.size(), 1u);
  EXPECT_EQ(ex[0].value, "v");
}

// ---------------------------------------------------------------- EC2

TEST(Ec2, FiltersAndIdsUseEc2ListStyleAndPagesAreFollowed) {
  Fixture f;
  f.server->reply_xml(R"(<DescribeVpcsResponse><vpcSet><item><vpcId>vpc-1</vpcId>
    <cidrBlock>172.31.0.0/16</cidrBlock><isDefault>true</isDefault><state>available</state>
    <tagSet><item><key>Name</key><value>default</value></item></tagSet></item></vpcSet>
    <nextToken>nt</nextToken></DescribeVpcsResponse>)");
  f.server->reply_xml("<DescribeVpcsResponse><vpcSet/></DescribeVpcsResponse>");
  auto vpcs = Ec2Client(f.ctx).describe_vpcs({{"isDefault", {"true"}}, {"tag:Name", {"a", "b"}}});
  ASSERT_EQ(vpcs.size(), 1u);
  EXPECT_TRUE(vpcs[0].is_default);
  EXPECT_EQ(vpcs[0].tags, (Tags{{"Name", "default"}}));
  EXPECT_EQ(f.server->requests[0].body,
            "Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=isDefault&Filter.1.Value.1=true"
            "&Filter.2.Name=tag%3AName&Filter.2.Value.1=a&Filter.2.Value.2=b");
  EXPECT_EQ(field(f.server->requests[1], "NextToken"), "nt");
}

TEST(Ec2, InstancesFromAllReservations) {
  Fixture f;
  f.server->reply_xml(R"(<DescribeInstancesResponse><reservationSet>
    <item><instancesSet><item><instanceId>i-1</instanceId><instanceState><name>running</name></instanceState>
      <privateIpAddress>10.0.0.5</privateIpAddress><placement><availabilityZone>us-east-1a</availabilityZone></placement>
      <instanceType>t3.large</instanceType><launchTime>2024-01-01T00:00:00.000Z</launchTime></item></instancesSet></item>
    <item><instancesSet><item><instanceId>i-2</instanceId><instanceState><name>stopped</name></instanceState></item></instancesSet></item>
    </reservationSet></DescribeInstancesResponse>)");
  auto in = Ec2Client(f.ctx).describe_instances({"i-1", "i-2"});
  ASSERT_EQ(in.size(), 2u);
  EXPECT_EQ(in[0].state, "running");
  EXPECT_EQ(in[0].private_ip, "10.0.0.5");
  EXPECT_EQ(in[0].availability_zone, "us-east-1a");
  EXPECT_EQ(in[0].instance_type, "t3.large");
  EXPECT_TRUE(in[0].launch_time.has_value());
  EXPECT_EQ(in[1].state, "stopped");
  EXPECT_EQ(field(f.server->last(), "InstanceId.2"), "i-2");
}

TEST(Ec2, SecurityGroupRules) {
  Fixture f;
  f.server->reply_xml(R"(<DescribeSecurityGroupsResponse><securityGroupInfo><item>
    <groupId>sg-1</groupId><groupName>node</groupName><vpcId>vpc-1</vpcId>
    <ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>20443</fromPort><toPort>20444</toPort>
      <ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges>
      <groups><item><groupId>sg-2</groupId></item></groups></item></ipPermissions>
    <ipPermissionsEgress><item><ipProtocol>-1</ipProtocol></item></ipPermissionsEgress>
    </item></securityGroupInfo></DescribeSecurityGroupsResponse>)");
  auto g = Ec2Client(f.ctx).describe_security_groups();
  ASSERT_EQ(g.size(), 1u);
  ASSERT_EQ(g[0].ingress.size(), 1u);
  EXPECT_EQ(g[0].ingress[0].from_port, 20443);
  EXPECT_EQ(g[0].ingress[0].cidr_ipv4, std::vector<std::string>{"0.0.0.0/0"});
  EXPECT_EQ(g[0].ingress[0].source_group_ids, std::vector<std::string>{"sg-2"});
  EXPECT_FALSE(g[0].egress[0].from_port.has_value());
}

TEST(Ec2, CreateSnapshotTagsAtCreation) {
  Fixture f;
  f.server->reply_xml(R"(<CreateSnapshotResponse><snapshotId>snap-1</snapshotId>
    <volumeId>vol-1</volumeId><status>pending</status><startTime>2026-01-02T03:04:05.000Z</startTime>
    <progress/><ownerId>123456789012</ownerId><volumeSize>100</volumeSize>
    <tagSet><item><key>snr-stack</key><value>s</value></item></tagSet></CreateSnapshotResponse>)");
  Snapshot s = Ec2Client(f.ctx).create_snapshot("vol-1", "snr s", {{"snr-stack", "s"}, {"a", "b"}});
  EXPECT_EQ(s.id, "snap-1");
  EXPECT_EQ(s.state, "pending");
  EXPECT_EQ(s.volume_size_gib, 100);
  EXPECT_TRUE(s.start_time.has_value());
  EXPECT_EQ(s.tags, (Tags{{"snr-stack", "s"}}));
  EXPECT_EQ(f.server->last().body,
            "Action=CreateSnapshot&Version=2016-11-15&VolumeId=vol-1&Description=snr+s"
            "&TagSpecification.1.ResourceType=snapshot"
            "&TagSpecification.1.Tag.1.Key=snr-stack&TagSpecification.1.Tag.1.Value=s"
            "&TagSpecification.1.Tag.2.Key=a&TagSpecification.1.Tag.2.Value=b");
}

TEST(Ec2, DescribeSnapshotsOwnedBySelfAllPages) {
  Fixture f;
  f.server->reply_xml(R"(<DescribeSnapshotsResponse><snapshotSet><item><snapshotId>snap-1</snapshotId>
    <status>completed</status><volumeSize>50</volumeSize></item></snapshotSet>
    <nextToken>nt</nextToken></DescribeSnapshotsResponse>)");
  f.server->reply_xml(R"(<DescribeSnapshotsResponse><snapshotSet><item><snapshotId>snap-2</snapshotId>
    <status>pending</status></item></snapshotSet></DescribeSnapshotsResponse>)");
  auto snaps = Ec2Client(f.ctx).describe_snapshots({{"tag:snr-stack", {"s"}}});
  ASSERT_EQ(snaps.size(), 2u);
  EXPECT_EQ(snaps[0].state, "completed");
  EXPECT_EQ(snaps[1].id, "snap-2");
  EXPECT_EQ(f.server->requests[0].body,
            "Action=DescribeSnapshots&Version=2016-11-15&Filter.1.Name=tag%3Asnr-stack"
            "&Filter.1.Value.1=s&Owner.1=self");
  EXPECT_EQ(field(f.server->requests[1], "NextToken"), "nt");
}

TEST(Ec2, DeleteSnapshotMissingIsFalse) {
  Fixture f;
  f.server->reply(400,
                  "<Response><Errors><Error><Code>InvalidSnapshot.NotFound</Code>"
                  "<Message>no</Message></Error></Errors></Response>");
  EXPECT_FALSE(Ec2Client(f.ctx).delete_snapshot("snap-x"));
  f.server->reply_xml("<DeleteSnapshotResponse><return>true</return></DeleteSnapshotResponse>");
  EXPECT_TRUE(Ec2Client(f.ctx).delete_snapshot("snap-1"));
  EXPECT_EQ(field(f.server->last(), "SnapshotId"), "snap-1");
}

TEST(Ec2, CreateVolumeFromSnapshotWithTypeAndTags) {
  Fixture f;
  f.server->reply_xml(R"(<CreateVolumeResponse><volumeId>vol-9</volumeId><size>200</size>
    <snapshotId>snap-1</snapshotId><availabilityZone>us-east-1b</availabilityZone>
    <status>creating</status></CreateVolumeResponse>)");
  CreateVolumeRequest r;
  r.availability_zone = "us-east-1b";
  r.snapshot_id = "snap-1";
  r.size_gib = 200;
  r.volume_type = "gp3";
  r.iops = 6000;
  r.throughput_mibps = 500;
  r.tags = {{"snr-stack", "s"}};
  Volume v = Ec2Client(f.ctx).create_volume(r);
  EXPECT_EQ(v.id, "vol-9");
  EXPECT_EQ(v.state, "creating");
  EXPECT_EQ(v.size_gib, 200);
  EXPECT_EQ(f.server->last().body,
            "Action=CreateVolume&Version=2016-11-15&AvailabilityZone=us-east-1b&SnapshotId=snap-1"
            "&Size=200&VolumeType=gp3&Iops=6000&Throughput=500&Encrypted=true"
            "&TagSpecification.1.ResourceType=volume"
            "&TagSpecification.1.Tag.1.Key=snr-stack&TagSpecification.1.Tag.1.Value=s");
}

TEST(Ec2, CreateTagsAndDeleteOnTermination) {
  Fixture f;
  f.server->reply_xml("<CreateTagsResponse><return>true</return></CreateTagsResponse>");
  Ec2Client(f.ctx).create_tags({"vol-1", "snap-1"}, {{"k", "v"}});
  EXPECT_EQ(f.server->last().body,
            "Action=CreateTags&Version=2016-11-15&ResourceId.1=vol-1&ResourceId.2=snap-1"
            "&Tag.1.Key=k&Tag.1.Value=v");
  f.server->reply_xml("<ModifyInstanceAttributeResponse/>");
  Ec2Client(f.ctx).set_delete_on_termination("i-1", "/dev/sdf", true);
  EXPECT_EQ(field(f.server->last(), "BlockDeviceMapping.1.DeviceName"), "/dev/sdf");
  EXPECT_EQ(field(f.server->last(), "BlockDeviceMapping.1.Ebs.DeleteOnTermination"), "true");
}

// ---------------------------------------------------------------- S3

TEST(S3, UrlsVirtualHostedOnAwsPathStyleOnCustomEndpoints) {
  Fixture f;
  S3Client aws(f.ctx);
  EXPECT_EQ(aws.object_url("my-bucket", "dir/a b+c.json"),
            "https://my-bucket.s3.us-east-1.amazonaws.com/dir/a%20b%2Bc.json");
  EXPECT_EQ(aws.object_url("my.dotted.bucket", "k"),
            "https://s3.us-east-1.amazonaws.com/my.dotted.bucket/k");
  f.ctx.env = {{"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000"}};
  EXPECT_EQ(S3Client(f.ctx).object_url("my-bucket", "dir/k"),
            "http://127.0.0.1:9000/my-bucket/dir/k");
  EXPECT_FALSE(s3_virtual_host_compatible("Upper"));
  EXPECT_FALSE(s3_virtual_host_compatible("ab"));
  EXPECT_TRUE(s3_virtual_host_compatible("snr-assets-123"));
}

TEST(S3, PutObjectSendsThePayloadHash) {
  Fixture f;
  f.server->reply(200, "", {{"etag", "\"abc123\""}, {"x-amz-version-id", "v1"}});
  ObjectInfo i = S3Client(f.ctx).put_object("b-1", "k.txt", "hello", "text/plain");
  EXPECT_EQ(i.etag, "abc123");
  EXPECT_EQ(i.version_id, "v1");
  EXPECT_EQ(i.size, 5);
  const net::HttpRequest& r = f.server->last();
  EXPECT_EQ(r.method, "PUT");
  EXPECT_EQ(r.body, "hello");
  EXPECT_EQ(header(r, "x-amz-content-sha256"), util::sha256_hex("hello"));
  EXPECT_EQ(header(r, "Content-Type"), "text/plain");
  EXPECT_EQ(r.sigv4->service, "s3");
}

TEST(S3, HeadObjectMissingIsNullopt) {
  Fixture f;
  f.server->reply(404, "");
  EXPECT_FALSE(S3Client(f.ctx).head_object("b-1", "k").has_value());
  EXPECT_EQ(header(f.server->last(), "x-amz-content-sha256"),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  f.server->reply(200, "",
                  {{"etag", "\"e\""},
                   {"content-length", "42"},
                   {"last-modified", "Tue, 14 Nov 2023 22:13:20 GMT"}});
  auto i = S3Client(f.ctx).head_object("b-1", "k");
  ASSERT_TRUE(i.has_value());
  EXPECT_EQ(i->size, 42);
  EXPECT_TRUE(i->last_modified.has_value());
}

TEST(S3, ListObjectsV2CanonicalQueryAndPages) {
  Fixture f;
  f.ctx.env = {{"AWS_ENDPOINT_URL", "http://127.0.0.1:1"}};
  f.server->reply_xml(R"(<ListBucketResult><Contents><Key>dir/a</Key><Size>3</Size>
    <ETag>"x"</ETag></Contents><IsTruncated>true</IsTruncated>
    <NextContinuationToken>tok/2+</NextContinuationToken></ListBucketResult>)");
  f.server->reply_xml(R"(<ListBucketResult><Contents><Key>dir/b</Key><Size>4</Size></Contents>
    <IsTruncated>false</IsTruncated></ListBucketResult>)");
  auto objs = S3Client(f.ctx).list_objects_v2("bkt", "dir/");
  ASSERT_EQ(objs.size(), 2u);
  EXPECT_EQ(objs[0].etag, "x");
  EXPECT_EQ(objs[1].size, 4);
  EXPECT_EQ(f.server->requests[0].url, "http://127.0.0.1:1/bkt?list-type=2&prefix=dir%2F");
  EXPECT_EQ(f.server->requests[1].url,
            "http://127.0.0.1:1/bkt?continuation-token=tok%2F2%2B&list-type=2&prefix=dir%2F");
}

TEST(S3, ListObjectVersionsSendsVersionsWithEqualsSign) {
  Fixture f;
  f.ctx.env = {{"AWS_ENDPOINT_URL", "http://127.0.0.1:1"}};
  f.server->reply_xml(R"(<ListVersionsResult><Version><Key>a</Key><VersionId>1</VersionId>
    <IsLatest>true</IsLatest><Size>1</Size></Version><DeleteMarker><Key>b</Key><VersionId>2</VersionId>
    </DeleteMarker><IsTruncated>true</IsTruncated><NextKeyMarker>b</NextKeyMarker>
    <NextVersionIdMarker>2</NextVersionIdMarker></ListVersionsResult>)");
  f.server->reply_xml("<ListVersionsResult><IsTruncated>false</IsTruncated></ListVersionsResult>");
  auto v = S3Client(f.ctx).list_object_versions("bkt");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_TRUE(v[0].is_latest);
  EXPECT_FALSE(v[0].is_delete_marker);
  EXPECT_TRUE(v[1].is_delete_marker);
  EXPECT_EQ(f.server->requests[0].url, "http://127.0.0.1:1/bkt?versions=");
  EXPECT_EQ(f.server->requests[1].url,
            "http://127.0.0.1:1/bkt?key-marker=b&version-id-marker=2&versions=");
}

TEST(S3, DeleteObjectsBatchesOf1000WithContentMd5) {
  Fixture f;
  std::vector<ObjectIdentifier> ids;
  for (int i = 0; i < 1001; ++i)
    ids.push_back({"k<" + std::to_string(i) + ">&", "v"});
  f.server->reply_xml(
      "<DeleteResult><Deleted><Key>k</Key><VersionId>v</VersionId></Deleted>"
      "</DeleteResult>");
  f.server->reply_xml(
      "<DeleteResult><Error><Key>x</Key><Code>AccessDenied</Code><Message>no"
      "</Message></Error></DeleteResult>");
  DeleteObjectsResult r = S3Client(f.ctx).delete_objects("bkt-1", ids);
  EXPECT_EQ(r.deleted.size(), 1u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code, "AccessDenied");
  ASSERT_EQ(f.server->requests.size(), 2u);
  const net::HttpRequest& first = f.server->requests[0];
  EXPECT_EQ(first.method, "POST");
  EXPECT_EQ(first.url, "https://bkt-1.s3.us-east-1.amazonaws.com/?delete=");
  EXPECT_EQ(header(first, "Content-MD5"), md5_base64(first.body));
  EXPECT_EQ(header(first, "x-amz-content-sha256"), util::sha256_hex(first.body));
  EXPECT_NE(first.body.find("<Key>k&lt;0&gt;&amp;</Key><VersionId>v</VersionId>"),
            std::string::npos);
  std::size_t objects = 0;
  for (std::size_t p = 0; (p = first.body.find("<Object>", p)) != std::string::npos; ++p)
    ++objects;
  EXPECT_EQ(objects, 1000u);
  EXPECT_NE(f.server->requests[1].body.find("k&lt;1000&gt;"), std::string::npos);
}

// ---------------------------------------------------------------- Secrets Manager, SSM

TEST(SecretsManager, JsonProtocolHeadersAndIdempotencyToken) {
  Fixture f;
  f.server->reply(200, R"({"ARN":"arn:1","Name":"db","VersionId":"v1"})");
  SecretRef ref =
      SecretsManagerClient(f.ctx).create_secret({"db", "s3cr3t", "database", "", {{"app", "snr"}}});
  EXPECT_EQ(ref.arn, "arn:1");
  const net::HttpRequest& r = f.server->last();
  EXPECT_EQ(header(r, "X-Amz-Target"), "secretsmanager.CreateSecret");
  EXPECT_EQ(header(r, "Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(r.sigv4->service, "secretsmanager");
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["Name"], "db");
  EXPECT_EQ(body["SecretString"], "s3cr3t");
  EXPECT_EQ(body["Description"], "database");
  EXPECT_EQ(body["Tags"][0]["Key"], "app");
  EXPECT_EQ(body["ClientRequestToken"].get<std::string>().size(), 36u);
}

TEST(SecretsManager, RetriesKeepTheSameIdempotencyToken) {
  Fixture f;
  f.server->reply(500, R"({"__type":"InternalServiceError","message":"x"})");
  f.server->reply(200, R"({"ARN":"arn:1","Name":"db","VersionId":"v2"})");
  SecretsManagerClient(f.ctx).put_secret_value("db", "new");
  ASSERT_EQ(f.server->requests.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(f.server->requests[0].body)["ClientRequestToken"],
            nlohmann::json::parse(f.server->requests[1].body)["ClientRequestToken"]);
}

TEST(SecretsManager, DescribeMissingIsNulloptAndErrorsAreTyped) {
  Fixture f;
  f.server->reply(400, R"({"__type":"ResourceNotFoundException","message":"not found"})");
  EXPECT_FALSE(SecretsManagerClient(f.ctx).describe_secret("x").has_value());
  f.server->reply(400, R"({"__type":"ResourceExistsException","message":"exists"})");
  try {
    SecretsManagerClient(f.ctx).create_secret({"db", "v", "", "", {}});
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_STREQ(e.what(), "Secrets Manager ResourceExistsException: exists");
  }
}

TEST(SecretsManager, ListSecretsFiltersByPrefixAndPages) {
  Fixture f;
  f.server->reply(
      200, R"({"SecretList":[{"Name":"snr/a","ARN":"1"},{"Name":"x-snr/b"}],"NextToken":"n"})");
  f.server->reply(200, R"({"SecretList":[{"Name":"snr/c","DeletedDate":1700000000.0}]})");
  auto list = SecretsManagerClient(f.ctx).list_secrets("snr/");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1].name, "snr/c");
  EXPECT_TRUE(list[1].deleted_date.has_value());
  auto first = nlohmann::json::parse(f.server->requests[0].body);
  EXPECT_EQ(first["Filters"][0]["Key"], "name");
  EXPECT_EQ(first["Filters"][0]["Values"][0], "snr/");
  EXPECT_EQ(nlohmann::json::parse(f.server->requests[1].body)["NextToken"], "n");
}

TEST(SecretsManager, DeleteOptions) {
  Fixture f;
  f.server->reply(200, R"({"DeletionDate":1700000000})");
  SecretsManagerClient sm(f.ctx);
  EXPECT_TRUE(sm.delete_secret("a", {true, std::nullopt}).has_value());
  EXPECT_EQ(nlohmann::json::parse(f.server->last().body)["ForceDeleteWithoutRecovery"], true);
  f.server->reply(200, "{}");
  sm.delete_secret("a", {false, 7});
  auto body = nlohmann::json::parse(f.server->last().body);
  EXPECT_EQ(body["RecoveryWindowInDays"], 7);
  EXPECT_FALSE(body.contains("ForceDeleteWithoutRecovery"));
}

TEST(Ssm, ParameterCalls) {
  Fixture f;
  SsmClient ssm(f.ctx);
  f.server->reply(400, R"({"__type":"ParameterNotFound","message":"nope"})",
                  {{"x-amzn-errortype", "ParameterNotFound"}});
  EXPECT_FALSE(ssm.get_parameter("/x").has_value());
  EXPECT_EQ(header(f.server->last(), "X-Amz-Target"), "AmazonSSM.GetParameter");
  EXPECT_EQ(nlohmann::json::parse(f.server->last().body)["WithDecryption"], true);
  f.server->reply(200, R"({"Version":3,"Tier":"Standard"})");
  EXPECT_EQ(ssm.put_parameter({"/x", "v", ParameterType::secure_string, true, "", "", {}}), 3);
  auto body = nlohmann::json::parse(f.server->last().body);
  EXPECT_EQ(body["Type"], "SecureString");
  EXPECT_EQ(body["Overwrite"], true);
  f.server->reply(400, R"({"__type":"ParameterNotFound"})");
  EXPECT_FALSE(ssm.delete_parameter("/x"));
}

TEST(Ssm, SendCommandRunShellScript) {
  Fixture f;
  SsmClient ssm(f.ctx);
  f.server->reply(200, R"({"Command":{"CommandId":"c-1","Status":"Pending"}})");
  SendCommandRequest r;
  r.instance_ids = {"i-1"};
  r.commands = {"snr agent snapshot-prepare"};
  r.timeout_seconds = 60;
  r.execution_timeout_seconds = 900;
  r.comment = std::string(120, 'x');
  EXPECT_EQ(ssm.send_command(r), "c-1");
  EXPECT_EQ(header(f.server->last(), "X-Amz-Target"), "AmazonSSM.SendCommand");
  auto body = nlohmann::json::parse(f.server->last().body);
  EXPECT_EQ(body["DocumentName"], "AWS-RunShellScript");
  EXPECT_EQ(body["InstanceIds"], nlohmann::json::array({"i-1"}));
  EXPECT_EQ(body["Parameters"]["commands"], nlohmann::json::array({"snr agent snapshot-prepare"}));
  EXPECT_EQ(body["Parameters"]["executionTimeout"], nlohmann::json::array({"900"}));
  EXPECT_EQ(body["TimeoutSeconds"], 60);
  EXPECT_EQ(body["Comment"].get<std::string>().size(), 100u);
}

TEST(Ssm, GetCommandInvocationReadsResultAndMissingIsNullopt) {
  Fixture f;
  SsmClient ssm(f.ctx);
  f.server->reply(400, R"({"__type":"InvocationDoesNotExist"})",
                  {{"x-amzn-errortype", "InvocationDoesNotExist"}});
  EXPECT_FALSE(ssm.get_command_invocation("c-1", "i-1").has_value());
  f.server->reply(200, R"({"CommandId":"c-1","InstanceId":"i-1","Status":"Failed",
    "StatusDetails":"Failed","ResponseCode":3,"StandardOutputContent":"out",
    "StandardErrorContent":"err"})");
  auto inv = ssm.get_command_invocation("c-1", "i-1");
  ASSERT_TRUE(inv.has_value());
  EXPECT_EQ(inv->status, "Failed");
  EXPECT_EQ(inv->response_code, 3);
  EXPECT_EQ(inv->standard_output, "out");
  EXPECT_EQ(inv->standard_error, "err");
  auto body = nlohmann::json::parse(f.server->last().body);
  EXPECT_EQ(body["CommandId"], "c-1");
  EXPECT_EQ(body["InstanceId"], "i-1");
}

// ---------------------------------------------------------------- CloudWatch

TEST(CloudWatch, PutMetricDataEncoding) {
  Fixture f;
  f.server->reply_xml("<PutMetricDataResponse/>");
  MetricDatum d;
  d.name = "BlockHeight";
  d.value = 123456.5;
  d.unit = "Count";
  d.timestamp = Timestamp(std::chrono::seconds(1700000000));
  d.dimensions = {{"Network", "mainnet"}, {"Node", "i-1"}};
  CloudWatchClient(f.ctx).put_metric_data("SNR/Node", {d});
  EXPECT_EQ(f.server->last().body,
            "Action=PutMetricData&Version=2010-08-01&Namespace=SNR%2FNode"
            "&MetricData.member.1.MetricName=BlockHeight&MetricData.member.1.Value=123456.5"
            "&MetricData.member.1.Unit=Count&MetricData.member.1.Timestamp=2023-11-14T22%3A13%3A20Z"
            "&MetricData.member.1.Dimensions.member.1.Name=Network"
            "&MetricData.member.1.Dimensions.member.1.Value=mainnet"
            "&MetricData.member.1.Dimensions.member.2.Name=Node"
            "&MetricData.member.1.Dimensions.member.2.Value=i-1");
  EXPECT_EQ(f.server->last().sigv4->service, "monitoring");
}

TEST(CloudWatch, TooManyDatumsFailBeforeSending) {
  Fixture f;
  std::vector<MetricDatum> data(1001, MetricDatum{"m", 1, "None", std::nullopt, {}, std::nullopt});
  EXPECT_THROW(CloudWatchClient(f.ctx).put_metric_data("n", data), Failure);
  EXPECT_TRUE(f.server->requests.empty());
  data.resize(1000);
  f.server->reply_xml("<PutMetricDataResponse/>");
  CloudWatchClient(f.ctx).put_metric_data("n", data);
  EXPECT_EQ(field(f.server->last(), "MetricData.member.1000.MetricName"), "m");
}

TEST(CloudWatch, StatisticsSortedByTime) {
  Fixture f;
  f.server->reply_xml(R"(<GetMetricStatisticsResponse><GetMetricStatisticsResult><Datapoints>
    <member><Timestamp>2024-01-01T00:02:00Z</Timestamp><Maximum>5</Maximum><Unit>Count</Unit></member>
    <member><Timestamp>2024-01-01T00:01:00Z</Timestamp><Maximum>3</Maximum><Unit>Count</Unit></member>
    </Datapoints></GetMetricStatisticsResult></GetMetricStatisticsResponse>)");
  GetMetricStatisticsRequest r;
  r.namespace_ = "SNR";
  r.metric_name = "BlockHeight";
  r.statistics = {"Maximum"};
  r.start_time = Timestamp(std::chrono::seconds(0));
  r.end_time = Timestamp(std::chrono::seconds(60));
  auto dps = CloudWatchClient(f.ctx).get_metric_statistics(r);
  ASSERT_EQ(dps.size(), 2u);
  EXPECT_EQ(dps[0].maximum, 3);
  EXPECT_FALSE(dps[0].average.has_value());
  EXPECT_EQ(field(f.server->last(), "Statistics.member.1"), "Maximum");
  EXPECT_EQ(field(f.server->last(), "StartTime"), "1970-01-01T00:00:00Z");
}

TEST(CloudWatch, FormatDouble) {
  EXPECT_EQ(format_double(1.5), "1.5");
  EXPECT_EQ(format_double(100), "100");
  EXPECT_EQ(format_double(0.1), "0.1");
}

// ---------------------------------------------------------------- Auto Scaling, ELBv2

TEST(AutoScaling, LifecycleCalls) {
  Fixture f;
  AutoScalingClient asg(f.ctx);
  f.server->reply_xml("<CompleteLifecycleActionResponse/>");
  asg.complete_lifecycle_action({"drain", "snr-asg", "i-1", "tok"}, LifecycleActionResult::proceed);
  EXPECT_EQ(f.server->last().body,
            "Action=CompleteLifecycleAction&Version=2011-01-01&LifecycleHookName=drain"
            "&AutoScalingGroupName=snr-asg&InstanceId=i-1&LifecycleActionToken=tok"
            "&LifecycleActionResult=CONTINUE");
  f.server->reply_xml("<RecordLifecycleActionHeartbeatResponse/>");
  asg.record_lifecycle_action_heartbeat({"drain", "snr-asg", "i-1", ""});
  EXPECT_EQ(field(f.server->last(), "Action"), "RecordLifecycleActionHeartbeat");
  EXPECT_EQ(field(f.server->last(), "LifecycleActionToken"), "<absent>");
  EXPECT_EQ(f.server->last().sigv4->service, "autoscaling");
}

TEST(AutoScaling, GroupsAndInstances) {
  Fixture f;
  f.server->reply_xml(R"(<DescribeAutoScalingGroupsResponse><DescribeAutoScalingGroupsResult>
    <AutoScalingGroups><member><AutoScalingGroupName>g</AutoScalingGroupName><MinSize>1</MinSize>
    <MaxSize>2</MaxSize><DesiredCapacity>1</DesiredCapacity><Instances><member><InstanceId>i-1</InstanceId>
    <LifecycleState>InService</LifecycleState><HealthStatus>Healthy</HealthStatus></member></Instances>
    <TargetGroupARNs><member>arn:tg</member></TargetGroupARNs></member></AutoScalingGroups>
    </DescribeAutoScalingGroupsResult></DescribeAutoScalingGroupsResponse>)");
  auto groups = AutoScalingClient(f.ctx).describe_auto_scaling_groups({"g"});
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].max_size, 2);
  EXPECT_EQ(groups[0].instances[0].lifecycle_state, "InService");
  EXPECT_EQ(groups[0].target_group_arns, std::vector<std::string>{"arn:tg"});
  EXPECT_EQ(field(f.server->last(), "AutoScalingGroupNames.member.1"), "g");
}

TEST(Elbv2, PagesByMarkerAndTargetHealth) {
  Fixture f;
  f.server->reply_xml(R"(<DescribeLoadBalancersResponse><DescribeLoadBalancersResult><LoadBalancers>
    <member><LoadBalancerArn>arn:lb</LoadBalancerArn><DNSName>lb.example</DNSName>
    <State><Code>active</Code></State><Type>network</Type></member></LoadBalancers>
    <NextMarker>m2</NextMarker></DescribeLoadBalancersResult></DescribeLoadBalancersResponse>)");
  f.server->reply_xml(
      "<DescribeLoadBalancersResponse><DescribeLoadBalancersResult><LoadBalancers/>"
      "</DescribeLoadBalancersResult></DescribeLoadBalancersResponse>");
  Elbv2Client elb(f.ctx);
  auto lbs = elb.describe_load_balancers();
  ASSERT_EQ(lbs.size(), 1u);
  EXPECT_EQ(lbs[0].state, "active");
  EXPECT_EQ(field(f.server->last(), "Marker"), "m2");
  EXPECT_EQ(f.server->last().sigv4->service, "elasticloadbalancing");
  f.server->reply_xml(R"(<DescribeTargetHealthResponse><DescribeTargetHealthResult>
    <TargetHealthDescriptions><member><Target><Id>i-1</Id><Port>20443</Port></Target>
    <TargetHealth><State>unhealthy</State><Reason>Target.FailedHealthChecks</Reason></TargetHealth>
    </member></TargetHealthDescriptions></DescribeTargetHealthResult></DescribeTargetHealthResponse>)");
  auto th = elb.describe_target_health("arn:tg");
  ASSERT_EQ(th.size(), 1u);
  EXPECT_EQ(th[0].port, 20443);
  EXPECT_EQ(th[0].reason, "Target.FailedHealthChecks");
}

// ---------------------------------------------------------------- STS

TEST(Sts, AssumeRoleWithoutCredentialsInTheAnswerFails) {
  Fixture f;
  f.server->reply_xml("<AssumeRoleResponse><AssumeRoleResult/></AssumeRoleResponse>");
  EXPECT_THROW(StsClient(f.ctx).assume_role({"arn:r", "s", std::nullopt, std::nullopt}), Failure);
}

TEST(QueryProtocol, NonXmlSuccessBodyIsAFailure) {
  Fixture f;
  f.server->reply(200, "this is not xml");
  EXPECT_THROW(StsClient(f.ctx).get_caller_identity(), Failure);
}

// ---------------------------------------------------------------- body caps

TEST(BodyCaps, EveryCallHoldsAtMostWhatItsAnswerCanBe) {
  Fixture f;
  f.server->reply(200, R"({"SecretString":"x","ARN":"a","Name":"n","VersionId":"v"})");
  SecretsManagerClient(f.ctx).get_secret_value("snr/x");
  EXPECT_EQ(f.server->last().max_body_bytes, 256u * 1024);  // a secret is at most 64 KiB
  f.server->reply(200, "lease");
  S3Client(f.ctx).get_object("b-1", "leases/signer/x.json");
  EXPECT_EQ(f.server->last().max_body_bytes, 1u << 20);
  f.server->reply_xml(
      "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account>"
      "<Arn>arn:aws:iam::123456789012:user/u</Arn><UserId>U</UserId>"
      "</GetCallerIdentityResult></GetCallerIdentityResponse>");
  StsClient(f.ctx).get_caller_identity();
  EXPECT_EQ(f.server->last().max_body_bytes, kDefaultBodyCap);  // any other call
}

}  // namespace
}  // namespace snr::aws
