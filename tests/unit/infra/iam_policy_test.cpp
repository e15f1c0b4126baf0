// The IAM evaluator against the examples of the IAM User Guide ("Policy
// evaluation logic", "IAM JSON policy elements: Condition operators",
// "Single-valued vs. multivalued condition keys", "IAM policy elements:
// Variables and tags").

#include "infra/iam_policy.h"

#include <gtest/gtest.h>

namespace snr::infra::iam {
namespace {

Json doc(Json statements) {
  return Json{{"Version", "2012-10-17"}, {"Statement", std::move(statements)}};
}

Decision eval(const Json& statements, Request r) {
  return evaluate({doc(statements)}, r);
}

Request req(std::string action, std::string resource,
            std::map<std::string, std::vector<std::string>> ctx = {}) {
  return Request{std::move(action), std::move(resource), std::move(ctx)};
}

TEST(IamWildcard, StarIsAnyRunQuestionMarkIsOneCharacter) {
  EXPECT_TRUE(wildcard_match("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b"));
  EXPECT_TRUE(wildcard_match("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/"));
  EXPECT_FALSE(wildcard_match("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket"));
  EXPECT_TRUE(wildcard_match("secret:name-??????", "secret:name-AbCdEf"));
  EXPECT_FALSE(wildcard_match("secret:name-??????", "secret:name-AbCdE"));
  EXPECT_TRUE(wildcard_match("a*b*c", "aXXbYYbc"));
  EXPECT_FALSE(wildcard_match("a*b*c", "aXXbYYbcd"));
  EXPECT_TRUE(wildcard_match("*", ""));
  EXPECT_FALSE(wildcard_match("Bucket", "bucket"));
  EXPECT_TRUE(wildcard_match("S3:get*", "s3:GetObject", true));
}

TEST(IamEvaluate, ImplicitDenyWithoutAMatchingAllow) {
  Json s = Json::array({{{"Effect", "Allow"}, {"Action", "s3:GetObject"},
                         {"Resource", "arn:aws:s3:::b/*"}}});
  EXPECT_EQ(eval(s, req("s3:GetObject", "arn:aws:s3:::b/k")), Decision::allow);
  EXPECT_EQ(eval(s, req("s3:PutObject", "arn:aws:s3:::b/k")), Decision::implicit_deny);
  EXPECT_EQ(eval(s, req("s3:GetObject", "arn:aws:s3:::c/k")), Decision::implicit_deny);
  // Actions are case-insensitive (the guide: "s3:getobject" is the same action).
  EXPECT_EQ(eval(s, req("S3:GETOBJECT", "arn:aws:s3:::b/k")), Decision::allow);
}

TEST(IamEvaluate, ExplicitDenyWinsInAnyDocument) {
  Json allow = doc(Json::array({{{"Effect", "Allow"}, {"Action", "ssm:*"}, {"Resource", "*"}}}));
  Json deny = doc(Json::array({{{"Effect", "Deny"},
                                {"Action", "ssm:GetParameter*"},
                                {"NotResource", "arn:aws:ssm:*:*:parameter/snr/*"}}}));
  EXPECT_EQ(evaluate({allow, deny}, req("ssm:GetParameter", "arn:aws:ssm:r:1:parameter/other")),
            Decision::explicit_deny);
  EXPECT_EQ(evaluate({allow, deny}, req("ssm:GetParameter", "arn:aws:ssm:r:1:parameter/snr/x")),
            Decision::allow);
}

TEST(IamEvaluate, NotActionMatchesEverythingElse) {
  Json s = Json::array({{{"Effect", "Allow"}, {"NotAction", "iam:*"}, {"Resource", "*"}}});
  EXPECT_EQ(eval(s, req("s3:ListBucket", "*")), Decision::allow);
  EXPECT_EQ(eval(s, req("iam:CreateUser", "*")), Decision::implicit_deny);
}

TEST(IamCondition, StringEqualsIsCaseSensitiveAndKeysAreNot) {
  Json s = Json::array({{{"Effect", "Allow"},
                         {"Action", "cloudwatch:PutMetricData"},
                         {"Resource", "*"},
                         {"Condition",
                          {{"StringEquals", {{"cloudwatch:namespace", {"Stacks/Node", "CWAgent"}}}}}}}});
  EXPECT_EQ(eval(s, req("cloudwatch:PutMetricData", "*", {{"CloudWatch:Namespace", {"CWAgent"}}})),
            Decision::allow);
  EXPECT_EQ(eval(s, req("cloudwatch:PutMetricData", "*", {{"cloudwatch:namespace", {"cwagent"}}})),
            Decision::implicit_deny);
  // Absent key: a non-negated operator does not match.
  EXPECT_EQ(eval(s, req("cloudwatch:PutMetricData", "*")), Decision::implicit_deny);
}

TEST(IamCondition, NegatedOperatorsMatchAnAbsentKeyIfExistsToo) {
  Json neg = Json::array({{{"Effect", "Allow"}, {"Action", "a:B"}, {"Resource", "*"},
                           {"Condition", {{"StringNotEquals", {{"k", "x"}}}}}}});
  EXPECT_EQ(eval(neg, req("a:B", "*")), Decision::allow);
  EXPECT_EQ(eval(neg, req("a:B", "*", {{"k", {"x"}}})), Decision::implicit_deny);
  EXPECT_EQ(eval(neg, req("a:B", "*", {{"k", {"y"}}})), Decision::allow);
  Json if_exists = Json::array({{{"Effect", "Allow"}, {"Action", "a:B"}, {"Resource", "*"},
                                 {"Condition", {{"StringEqualsIfExists", {{"k", "x"}}}}}}});
  EXPECT_EQ(eval(if_exists, req("a:B", "*")), Decision::allow);
  EXPECT_EQ(eval(if_exists, req("a:B", "*", {{"k", {"y"}}})), Decision::implicit_deny);
}

TEST(IamCondition, SeveralKeysAndOperatorsAllMustMatch) {
  Json s = Json::array(
      {{{"Effect", "Allow"}, {"Action", "kms:Decrypt"}, {"Resource", "*"},
        {"Condition", {{"StringEquals", {{"kms:ViaService", "secretsmanager.us-east-1.amazonaws.com"},
                                         {"kms:CallerAccount", "111122223333"}}},
                       {"StringLike", {{"kms:EncryptionContext:SecretARN", "arn:*:secret:snr/*"}}}}}}});
  Request ok = req("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/k",
                   {{"kms:ViaService", {"secretsmanager.us-east-1.amazonaws.com"}},
                    {"kms:CallerAccount", {"111122223333"}},
                    {"kms:EncryptionContext:SecretARN", {"arn:aws:sm:r:1:secret:snr/x"}}});
  EXPECT_EQ(eval(s, ok), Decision::allow);
  Request other_service = ok;
  other_service.context["kms:ViaService"] = {"s3.us-east-1.amazonaws.com"};
  EXPECT_EQ(eval(s, other_service), Decision::implicit_deny);
  Request other_secret = ok;
  other_secret.context["kms:EncryptionContext:SecretARN"] = {"arn:aws:sm:r:1:secret:db"};
  EXPECT_EQ(eval(s, other_secret), Decision::implicit_deny);
}

// The guide's aws:TagKeys example: ForAllValues passes when every requested
// key is listed (and when no tags are sent); ForAnyValue needs one listed key.
TEST(IamCondition, SetOperatorsOverMultivaluedKeys) {
  Json all = Json::array({{{"Effect", "Allow"}, {"Action", "secretsmanager:TagResource"},
                           {"Resource", "*"},
                           {"Condition", {{"ForAllValues:StringEquals",
                                           {{"aws:TagKeys", {"snr:address", "snr:public-key"}}}}}}}});
  EXPECT_EQ(eval(all, req("secretsmanager:TagResource", "*",
                          {{"aws:TagKeys", {"snr:address", "snr:public-key"}}})),
            Decision::allow);
  EXPECT_EQ(eval(all, req("secretsmanager:TagResource", "*",
                          {{"aws:TagKeys", {"snr:address", "Owner"}}})),
            Decision::implicit_deny);
  EXPECT_EQ(eval(all, req("secretsmanager:TagResource", "*")), Decision::allow);  // vacuous
  Json like = all;
  like[0]["Condition"] = {{"ForAllValues:StringLike", {{"aws:TagKeys", "snr:*"}}}};
  EXPECT_EQ(eval(like, req("secretsmanager:TagResource", "*", {{"aws:TagKeys", {"snr:a", "snr:b"}}})),
            Decision::allow);
  EXPECT_EQ(eval(like, req("secretsmanager:TagResource", "*", {{"aws:TagKeys", {"snr:a", "x"}}})),
            Decision::implicit_deny);
  Json any = all;
  any[0]["Condition"] = {{"ForAnyValue:StringEquals", {{"aws:TagKeys", "snr:address"}}}};
  EXPECT_EQ(eval(any, req("secretsmanager:TagResource", "*", {{"aws:TagKeys", {"x", "snr:address"}}})),
            Decision::allow);
  EXPECT_EQ(eval(any, req("secretsmanager:TagResource", "*")), Decision::implicit_deny);
  // A single-valued operator on a multivalued key is a policy mistake: refused.
  Json single = all;
  single[0]["Condition"] = {{"StringEquals", {{"aws:TagKeys", "snr:address"}}}};
  EXPECT_THROW(eval(single, req("secretsmanager:TagResource", "*", {{"aws:TagKeys", {"a", "b"}}})),
               std::invalid_argument);
}

TEST(IamCondition, NullTestsPresence) {
  Json s = Json::array({{{"Effect", "Allow"}, {"Action", "a:B"}, {"Resource", "*"},
                         {"Condition", {{"Null", {{"aws:RequestTag/snr:address", "false"}}}}}}});
  EXPECT_EQ(eval(s, req("a:B", "*", {{"aws:RequestTag/snr:address", {"SP1"}}})), Decision::allow);
  EXPECT_EQ(eval(s, req("a:B", "*")), Decision::implicit_deny);
}

TEST(IamCondition, ArnLikeMatchesEachOfTheSixPartsAlone) {
  Json s = Json::array({{{"Effect", "Allow"}, {"Action", "a:B"}, {"Resource", "*"},
                         {"Condition", {{"ArnLike", {{"aws:SourceArn", "arn:aws:sns:*:111122223333:*"}}}}}}});
  EXPECT_EQ(eval(s, req("a:B", "*", {{"aws:SourceArn", {"arn:aws:sns:us-east-1:111122223333:t"}}})),
            Decision::allow);
  EXPECT_EQ(eval(s, req("a:B", "*", {{"aws:SourceArn", {"arn:aws:sns:us-east-1:999:t"}}})),
            Decision::implicit_deny);
  // A '*' in one part never spans a colon into the next.
  Json t = s;
  t[0]["Condition"] = {{"ArnLike", {{"aws:SourceArn", "arn:aws:*:111122223333:t"}}}};
  EXPECT_EQ(eval(t, req("a:B", "*", {{"aws:SourceArn", {"arn:aws:sns:us-east-1:111122223333:t"}}})),
            Decision::implicit_deny);
}

// The guide's policy-variable example: ${aws:PrincipalTag/...} in a condition.
TEST(IamVariables, PrincipalTagInConditionAndResource) {
  Json s = Json::array({{{"Effect", "Allow"}, {"Action", "ec2:AttachVolume"}, {"Resource", "*"},
                         {"Condition", {{"StringEquals",
                                         {{"aws:ResourceTag/snr-stack",
                                           "${aws:PrincipalTag/snr-stack}"}}}}}}});
  EXPECT_EQ(eval(s, req("ec2:AttachVolume", "arn:aws:ec2:r:1:volume/v",
                        {{"aws:ResourceTag/snr-stack", {"a"}}, {"aws:PrincipalTag/snr-stack", {"a"}}})),
            Decision::allow);
  EXPECT_EQ(eval(s, req("ec2:AttachVolume", "arn:aws:ec2:r:1:volume/v",
                        {{"aws:ResourceTag/snr-stack", {"b"}}, {"aws:PrincipalTag/snr-stack", {"a"}}})),
            Decision::implicit_deny);
  // No principal tag: the variable has no value and the condition fails.
  EXPECT_EQ(eval(s, req("ec2:AttachVolume", "arn:aws:ec2:r:1:volume/v",
                        {{"aws:ResourceTag/snr-stack", {"a"}}})),
            Decision::implicit_deny);
  Json home = Json::array({{{"Effect", "Allow"}, {"Action", "s3:GetObject"},
                            {"Resource", "arn:aws:s3:::b/home/${aws:username}/*"}}});
  EXPECT_EQ(eval(home, req("s3:GetObject", "arn:aws:s3:::b/home/ana/x", {{"aws:username", {"ana"}}})),
            Decision::allow);
  EXPECT_EQ(eval(home, req("s3:GetObject", "arn:aws:s3:::b/home/bo/x", {{"aws:username", {"ana"}}})),
            Decision::implicit_deny);
  Json literal = Json::array({{{"Effect", "Allow"}, {"Action", "s3:GetObject"},
                               {"Resource", "arn:aws:s3:::b/${*}"}}});
  EXPECT_EQ(eval(literal, req("s3:GetObject", "arn:aws:s3:::b/*")), Decision::allow);
  EXPECT_EQ(eval(literal, req("s3:GetObject", "arn:aws:s3:::b/x")), Decision::implicit_deny);
}

TEST(IamEvaluate, RefusesWhatItCannotJudge) {
  Json s = Json::array({{{"Effect", "Allow"}, {"Action", "a:B"}, {"Resource", "*"},
                         {"Condition", {{"DateGreaterThan", {{"aws:CurrentTime", "2020-01-01"}}}}}}});
  EXPECT_THROW(eval(s, req("a:B", "*", {{"aws:CurrentTime", {"2021"}}})), std::invalid_argument);
  Json no_resource = Json::array({{{"Effect", "Allow"}, {"Action", "a:B"}}});
  EXPECT_THROW(eval(no_resource, req("a:B", "*")), std::invalid_argument);
}

TEST(IamResolve, IntrinsicsOfPolicyDocuments) {
  Bindings b;
  b.refs = {{"AWS::Partition", "aws"}, {"AWS::Region", "eu-west-1"}, {"Key", "k/1"}};
  b.imports = {{"Export-Bucket", "bkt"}};
  b.attrs = {{"Log.Arn", "arn:aws:logs:eu-west-1:1:log-group:/x:*"}};
  Json in = {{"a", {{"Fn::Sub", "arn:${AWS::Partition}:ssm:${AWS::Region}"}}},
             {"b", {{"Fn::Sub", Json::array({"arn:${AWS::Partition}:s3:::${B}/${Key}",
                                             {{"B", {{"Fn::ImportValue", "Export-Bucket"}}}}})}}},
             {"c", {{"Fn::GetAtt", Json::array({"Log", "Arn"})}}},
             {"d", {{"Fn::Sub", "${!aws:PrincipalTag/x}"}}},
             {"e", {{"Ref", "Key"}}},
             {"f", "${aws:PrincipalTag/x}"}};
  Json out = resolve(in, b);
  EXPECT_EQ(out["a"], "arn:aws:ssm:eu-west-1");
  EXPECT_EQ(out["b"], "arn:aws:s3:::bkt/k/1");
  EXPECT_EQ(out["c"], "arn:aws:logs:eu-west-1:1:log-group:/x:*");
  EXPECT_EQ(out["d"], "${aws:PrincipalTag/x}");
  EXPECT_EQ(out["e"], "k/1");
  EXPECT_EQ(out["f"], "${aws:PrincipalTag/x}");
  EXPECT_THROW(resolve(Json{{"Ref", "Missing"}}, b), std::invalid_argument);
}

}  // namespace
}  // namespace snr::infra::iam
