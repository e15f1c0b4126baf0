#pragma once
/// CloudFormation intrinsic functions and pseudo parameters as JSON values.
/// Every helper returns the exact JSON CloudFormation expects, e.g.
/// ref("NodeRole") -> {"Ref": "NodeRole"}.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace snr::cfn {

using Json = nlohmann::json;

/// Call it qualified (cfn::ref): with a std::string argument, unqualified `ref`
/// finds std::ref by argument-dependent lookup.
Json ref(std::string_view logical_id);
Json get_att(std::string_view logical_id, std::string_view attribute);
/// Fn::Sub with only parameters, resources and pseudo parameters as variables.
Json sub(std::string_view text);
/// Fn::Sub with a variable map ({"Name": value}).
Json sub(std::string_view text, Json variables);
Json join(std::string_view delimiter, Json items);
Json select(int index, Json list);
Json split(std::string_view delimiter, Json source);
/// Fn::GetAZs for the stack's region.
Json get_azs();
Json import_value(Json export_name);
Json base64(Json value);
Json if_(std::string_view condition, Json when_true, Json when_false);
Json equals(Json a, Json b);
Json not_(Json condition);
Json and_(Json conditions);
Json or_(Json conditions);

/// Escapes literal text for Fn::Sub: "${" becomes "${!" so that it is kept as is.
std::string escape_sub(std::string_view literal);

/// [{"Key": k, "Value": v}, ...] in the given order.
Json tags(const std::vector<std::pair<std::string, Json>>& pairs);

/// Pseudo parameters.
namespace pseudo {
Json account_id();
Json partition();
Json region();
Json stack_id();
Json stack_name();
Json url_suffix();
Json no_value();
/// True for AWS::Region, AWS::AccountId ... (names Ref and Fn::Sub may use).
bool is_pseudo(std::string_view name);
}  // namespace pseudo

}  // namespace snr::cfn
