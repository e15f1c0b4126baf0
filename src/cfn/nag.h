#pragma once
/// A rule pack in the spirit of cdk-nag's AwsSolutions pack, run over
/// synthesized templates. Rules that exist in cdk-nag keep its ids and
/// semantics (AwsSolutions-EC23 ...), including its granular finding ids
/// ("Resource::*", "Policy::arn:<AWS::Partition>:iam::aws:policy/X"); rules
/// cdk-nag lacks use the prefix "Snr-". Suppressions are read from
/// Metadata.cdk_nag.rules_to_suppress (cdk-nag's own format, so the real
/// cdk-nag honours them too).

#include <cstddef>
#include <string>
#include <vector>

#include "cfn/intrinsics.h"

namespace snr::cfn::nag {

enum class Level { warning, error };

struct Rule {
  std::string id;
  Level level = Level::error;
  std::string info;  ///< what a finding means
};

struct Finding {
  std::string rule_id;
  std::string resource;    ///< logical id
  std::string finding_id;  ///< granular id ("Resource::*"), empty for plain rules
  Level level = Level::error;
  std::string info;
  bool suppressed = false;
  std::string reason;  ///< the suppression's reason when suppressed
};

struct Report {
  std::string stack;
  std::vector<Finding> findings;
  /// Suppressions that are malformed (reason under 10 characters) count as
  /// errors; suppressions that match nothing are warnings.
  std::vector<std::string> suppression_errors;
  std::vector<std::string> suppression_warnings;

  std::size_t unsuppressed_errors() const;
  std::size_t unsuppressed_warnings() const;
  std::size_t suppressed() const;
  bool ok() const { return unsuppressed_errors() == 0 && suppression_errors.empty(); }
};

/// Every rule of the pack, sorted by id.
const std::vector<Rule>& rules();

/// Runs every rule over a template (as JSON) and applies its suppressions.
Report check(const Json& template_json, const std::string& stack);

/// cdk-nag's flattenCfnReference: {"Ref":"X"} -> "<X>", GetAtt -> "<X.Attr>",
/// Fn::Join joined, Fn::Sub "${X}" -> "<X>", Fn::ImportValue -> its name.
std::string flatten(const Json& reference);

}  // namespace snr::cfn::nag
