#include "cfn/intrinsics.h"

#include <array>

namespace snr::cfn {

Json ref(std::string_view logical_id) {
  return Json{{"Ref", std::string(logical_id)}};
}

Json get_att(std::string_view logical_id, std::string_view attribute) {
  return Json{{"Fn::GetAtt", Json::array({std::string(logical_id), std::string(attribute)})}};
}

Json sub(std::string_view text) {
  return Json{{"Fn::Sub", std::string(text)}};
}

Json sub(std::string_view text, Json variables) {
  return Json{{"Fn::Sub", Json::array({std::string(text), std::move(variables)})}};
}

Json join(std::string_view delimiter, Json items) {
  return Json{{"Fn::Join", Json::array({std::string(delimiter), std::move(items)})}};
}

Json select(int index, Json list) {
  return Json{{"Fn::Select", Json::array({std::to_string(index), std::move(list)})}};
}

Json split(std::string_view delimiter, Json source) {
  return Json{{"Fn::Split", Json::array({std::string(delimiter), std::move(source)})}};
}

Json get_azs() {
  return Json{{"Fn::GetAZs", ""}};
}

Json import_value(Json export_name) {
  return Json{{"Fn::ImportValue", std::move(export_name)}};
}

Json base64(Json value) {
  return Json{{"Fn::Base64", std::move(value)}};
}

Json if_(std::string_view condition, Json when_true, Json when_false) {
  return Json{{"Fn::If",
               Json::array({std::string(condition), std::move(when_true), std::move(when_false)})}};
}

Json equals(Json a, Json b) {
  return Json{{"Fn::Equals", Json::array({std::move(a), std::move(b)})}};
}

Json not_(Json condition) {
  return Json{{"Fn::Not", Json::array({std::move(condition)})}};
}
Json and_(Json conditions) {
  return Json{{"Fn::And", std::move(conditions)}};
}
Json or_(Json conditions) {
  return Json{{"Fn::Or", std::move(conditions)}};
}

std::string escape_sub(std::string_view literal) {
  std::string out;
  out.reserve(literal.size());
  for (std::size_t i = 0; i < literal.size(); ++i) {
    out += literal[i];
    if (literal[i] == '$' && i + 1 < literal.size() && literal[i + 1] == '{') {
      out += "{!";
      ++i;
    }
  }
  return out;
}

Json tags(const std::vector<std::pair<std::string, Json>>& pairs) {
  Json out = Json::array();
  for (const auto& [k, v] : pairs)
    out.push_back(Json{{"Key", k}, {"Value", v}});
  return out;
}

namespace pseudo {
namespace {
constexpr std::array<std::string_view, 9> kNames = {
    "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",   "AWS::Partition", "AWS::Region",
    "AWS::StackId",   "AWS::StackName",        "AWS::URLSuffix", "AWS::NoValue"};
}
Json account_id() {
  return ref("AWS::AccountId");
}
Json partition() {
  return ref("AWS::Partition");
}
Json region() {
  return ref("AWS::Region");
}
Json stack_id() {
  return ref("AWS::StackId");
}
Json stack_name() {
  return ref("AWS::StackName");
}
Json url_suffix() {
  return ref("AWS::URLSuffix");
}
Json no_value() {
  return ref("AWS::NoValue");
}
bool is_pseudo(std::string_view name) {
  for (auto n : kNames)
    if (n == name) return true;
  return false;
}
}  // namespace pseudo

}  // namespace snr::cfn
