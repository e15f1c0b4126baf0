#pragma once
/// IAM policy evaluation as AWS documents it, for identity-based policies (the
/// node role and the operator policy): enough to prove, in tests and in
/// `snr iam-policy --check`, that every call snr makes is allowed by the
/// policies snr synthesizes and that calls outside them are not.
///
/// Semantics ("Policy evaluation logic", "IAM JSON policy elements" in the IAM
/// User Guide): an explicit Deny wins, else any Allow, else an implicit deny.
/// A statement applies when its Action (or NotAction), Resource (or
/// NotResource) and every Condition match. Actions match case-insensitively,
/// resources case-sensitively, with `*` (any run) and `?` (one character).
/// Condition keys are case-insensitive; several keys or operators in one
/// block must all match, several values of one key are alternatives.
/// Operators: String{Equals,NotEquals,EqualsIgnoreCase,NotEqualsIgnoreCase,
/// Like,NotLike}, Arn{Equals,NotEquals,Like,NotLike}, Bool, Null, with the
/// ForAllValues:/ForAnyValue: prefixes and the IfExists suffix. A negated
/// operator matches when the key is absent; ForAllValues matches an absent
/// key. Policy variables `${aws:...}` in resources and condition values are
/// replaced from the request context (`${*}`, `${?}`, `${$}` are the literal
/// characters). Principal is not evaluated (identity policies have none).
/// Any other operator or element throws std::invalid_argument, so a policy
/// this evaluator cannot judge is never reported as allowed.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cfn/template.h"

namespace snr::infra::iam {

using cfn::Json;

/// One request as IAM sees it.
struct Request {
  std::string action;    ///< "s3:GetObject"
  std::string resource;  ///< a full ARN, or "*" for actions without resource types
  /// Condition keys of the request context (names compare case-insensitively).
  std::map<std::string, std::vector<std::string>> context;
};

enum class Decision { allow, implicit_deny, explicit_deny };
const char* to_string(Decision d);

/// IAM's wildcard match: `*` any run of characters, `?` exactly one.
bool wildcard_match(std::string_view pattern, std::string_view value, bool ignore_case = false);

/// Evaluates `documents` (each {"Version", "Statement"}) for `r`.
Decision evaluate(const std::vector<Json>& documents, const Request& r);

/// Values for CloudFormation intrinsics in policy documents.
struct Bindings {
  std::map<std::string, std::string> refs;     ///< Ref / ${Name}: pseudo parameters, parameters
  std::map<std::string, std::string> imports;  ///< Fn::ImportValue by export name
  std::map<std::string, std::string> attrs;    ///< Fn::GetAtt / ${Id.Attr} by "Id.Attr"
};

/// `value` with Ref, Fn::Sub, Fn::Join, Fn::ImportValue and Fn::GetAtt
/// replaced by `b`'s strings; `${!X}` in Fn::Sub stays `${X}`. Throws
/// std::invalid_argument naming a name `b` lacks.
Json resolve(const Json& value, const Bindings& b);

}  // namespace snr::infra::iam
