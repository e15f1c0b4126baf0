#pragma once
/// A typed CloudFormation template: parameters, conditions, resources (with
/// their attributes: DependsOn, Condition, Metadata, CreationPolicy,
/// UpdatePolicy, DeletionPolicy, UpdateReplacePolicy), outputs with exports.
/// Properties are JSON built with the helpers of cfn/intrinsics.h.
/// render() is deterministic: keys are sorted, so equal templates give
/// byte-identical text.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cfn/intrinsics.h"

namespace snr::cfn {

struct Parameter {
  std::string type;  ///< "String", "AWS::EC2::VPC::Id", "List<AWS::EC2::Subnet::Id>" ...
  std::string description;
  std::optional<std::string> default_value;
  std::string allowed_pattern;
  std::vector<std::string> allowed_values;
  std::string constraint_description;
  bool no_echo = false;
};

struct Output {
  Json value;
  std::string description;
  std::string export_name;  ///< empty: not exported
  std::string condition;
};

/// One cdk-nag suppression (Metadata.cdk_nag.rules_to_suppress entry).
struct NagSuppression {
  std::string rule_id;  ///< "AwsSolutions-EC23"
  std::string reason;   ///< why the design needs it (cdk-nag wants >= 10 characters)
  std::vector<std::string> applies_to;  ///< finding ids ("Resource::*"); empty: all findings
};

enum class DeletionPolicy { unset, delete_, retain, snapshot, retain_except_on_create };

struct Resource {
  std::string type;
  Json properties = Json::object();
  std::vector<std::string> depends_on;
  std::string condition;
  Json metadata = Json::object();
  std::vector<NagSuppression> suppressions;
  Json creation_policy;  ///< null when absent
  Json update_policy;    ///< null when absent
  DeletionPolicy deletion_policy = DeletionPolicy::unset;
  DeletionPolicy update_replace_policy = DeletionPolicy::unset;

  Resource& depends(std::string logical_id);
  Resource& suppress(std::string rule_id, std::string reason,
                     std::vector<std::string> applies_to = {});
  /// Sets DeletionPolicy and UpdateReplacePolicy to the same value.
  Resource& retention(DeletionPolicy p);
};

class Template {
 public:
  explicit Template(std::string description);

  const std::string& description() const { return description_; }

  /// Adders throw std::logic_error on a bad or duplicate logical id (a
  /// programming error, never user input).
  void add_parameter(const std::string& logical_id, Parameter p);
  void add_condition(const std::string& logical_id, Json expression);
  Resource& add_resource(const std::string& logical_id, std::string type,
                         Json properties = Json::object());
  void add_output(const std::string& logical_id, Output o);
  void set_metadata(const std::string& key, Json value);

  const std::map<std::string, Parameter>& parameters() const { return parameters_; }
  const std::map<std::string, Json>& conditions() const { return conditions_; }
  const std::map<std::string, Resource>& resources() const { return resources_; }
  const std::map<std::string, Output>& outputs() const { return outputs_; }

  bool has_resource(const std::string& id) const { return resources_.count(id) != 0; }
  /// Throws std::out_of_range when absent.
  Resource& resource(const std::string& id);
  const Resource& resource(const std::string& id) const;

  /// Every dangling reference: Ref/GetAtt/Sub/DependsOn/Fn::If/Condition that
  /// names no parameter, resource, condition or pseudo parameter. Empty when sound.
  std::vector<std::string> reference_problems() const;

  Json to_json() const;
  /// Pretty-printed JSON (1-space indent, sorted keys) with a final newline.
  std::string render() const;

 private:
  std::string description_;
  std::map<std::string, Parameter> parameters_;
  std::map<std::string, Json> conditions_;
  std::map<std::string, Resource> resources_;
  std::map<std::string, Output> outputs_;
  Json metadata_ = Json::object();
};

/// True for a valid logical id: 1-255 ASCII letters and digits.
bool is_valid_logical_id(const std::string& id);

}  // namespace snr::cfn
