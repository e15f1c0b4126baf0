#pragma once
/// AWS CloudFormation (Query protocol): change sets, stacks, events,
/// resources, exports, templates and signals.

#include <optional>
#include <string>
#include <vector>

#include "aws/client.h"
#include "aws/query.h"
#include "aws/time.h"
#include "aws/types.h"

namespace snr::aws {

struct StackParameter {
  std::string key;
  std::string value;
  bool use_previous_value = false;  ///< UPDATE: keep the current value (value ignored)
  /// DescribeStacks: what an SSM-typed parameter resolved to ("" otherwise).
  std::string resolved_value = {};
  bool operator==(const StackParameter&) const = default;
};

enum class ChangeSetType { create, update };

struct CreateChangeSetRequest {
  std::string stack_name;
  std::string change_set_name;
  std::string template_body;  ///< exactly one of template_body and template_url
  std::string template_url;
  std::vector<StackParameter> parameters;
  std::vector<std::string> capabilities;  ///< e.g. "CAPABILITY_NAMED_IAM"
  ChangeSetType type = ChangeSetType::update;
  Tags tags;
  std::string description;
};

/// CreateStack (no change set). snr deploys through change sets; this is for
/// targets whose change sets cannot create a stack faithfully
/// (deploy::TargetQuirks::create_stacks_directly).
struct CreateStackRequest {
  std::string stack_name;
  std::string template_body;
  std::vector<StackParameter> parameters;
  std::vector<std::string> capabilities;
  Tags tags;
};

struct ChangeSetRef {
  std::string id;
  std::string stack_id;
};

/// One entry of a resource change's Details.
struct ChangeDetail {
  std::string evaluation;        ///< Static / Dynamic
  std::string change_source;     ///< ResourceReference, ParameterReference, DirectModification, ...
  std::string causing_entity;    ///< e.g. the parameter or resource name
  std::string target_attribute;  ///< Properties, Metadata, Tags, ...
  std::string target_name;       ///< e.g. the property name
  std::string requires_recreation;  ///< Never / Conditionally / Always
};

struct ResourceChange {
  std::string action;  ///< Add / Modify / Remove / Import / Dynamic
  std::string logical_id;
  std::string physical_id;
  std::string resource_type;
  std::string replacement;         ///< True / False / Conditional ("" for Add/Remove)
  std::vector<std::string> scope;  ///< Properties, Metadata, Tags, ...
  std::vector<ChangeDetail> details;
};

struct ChangeSet {
  std::string id;
  std::string name;
  std::string stack_id;
  std::string stack_name;
  std::string status;  ///< CREATE_PENDING / CREATE_IN_PROGRESS / CREATE_COMPLETE / FAILED / ...
  std::string status_reason;
  std::string execution_status;  ///< AVAILABLE / UNAVAILABLE / EXECUTE_IN_PROGRESS / ...
  std::vector<StackParameter> parameters;
  std::vector<ResourceChange> changes;  ///< from all pages
};

struct StackOutput {
  std::string key;
  std::string value;
  std::string description;
  std::string export_name;
};

struct Stack {
  std::string id;
  std::string name;
  std::string status;  ///< e.g. CREATE_COMPLETE, UPDATE_ROLLBACK_COMPLETE
  std::string status_reason;
  std::string description;
  std::optional<Timestamp> creation_time;
  std::optional<Timestamp> last_updated_time;
  std::vector<StackParameter> parameters;
  std::vector<StackOutput> outputs;
  std::vector<std::string> capabilities;
  Tags tags;
};

struct StackEvent {
  std::string event_id;
  std::string stack_id;
  std::string stack_name;
  std::string logical_id;
  std::string physical_id;
  std::string resource_type;
  std::optional<Timestamp> timestamp;
  std::string resource_status;
  std::string resource_status_reason;
};

struct StackResourceSummary {
  std::string logical_id;
  std::string physical_id;
  std::string resource_type;
  std::string status;
  std::string status_reason;
  std::optional<Timestamp> last_updated;
};

struct StackExport {
  std::string exporting_stack_id;
  std::string name;
  std::string value;
};

struct TemplateParameter {
  std::string key;
  std::string default_value;
  bool no_echo = false;
  std::string description;
};

struct TemplateValidation {
  std::string description;
  std::vector<TemplateParameter> parameters;
  std::vector<std::string> capabilities;
  std::string capabilities_reason;
  std::vector<std::string> declared_transforms;
};

enum class ResourceSignalStatus { success, failure };
enum class TemplateStage { original, processed };

/// True for DescribeStacks' "Stack with id X does not exist" (ValidationError).
bool is_stack_not_found(const AwsError& e);

class CloudFormationClient {
 public:
  explicit CloudFormationClient(const AwsContext& context);

  ChangeSetRef create_change_set(const CreateChangeSetRequest& request);
  /// The new stack's id.
  std::string create_stack(const CreateStackRequest& request);
  /// The change set with every page of its changes.
  ChangeSet describe_change_set(const std::string& change_set, const std::string& stack_name = "");
  /// With `disable_rollback`, a failed operation keeps what it made (the
  /// stack ends CREATE_FAILED / UPDATE_FAILED) instead of rolling back.
  void execute_change_set(const std::string& change_set, const std::string& stack_name = "",
                          bool disable_rollback = false);
  void delete_change_set(const std::string& change_set, const std::string& stack_name = "");

  /// The stack, or nullopt when it does not exist.
  std::optional<Stack> describe_stack(const std::string& stack_name);
  /// All stacks (all pages; deleted stacks are not listed by AWS).
  std::vector<Stack> describe_stacks();
  /// Events newest first, all pages. With `until_event_id`, only the events
  /// newer than that one, and paging stops where it is found (for polling).
  std::vector<StackEvent> describe_stack_events(const std::string& stack_name,
                                                const std::string& until_event_id = "");
  std::vector<StackResourceSummary> list_stack_resources(const std::string& stack_name);
  void delete_stack(const std::string& stack_name,
                    const std::vector<std::string>& retain_resources = {});
  /// Stack termination protection (DeleteStack is refused while it is on).
  void update_termination_protection(const std::string& stack_name, bool enabled);
  /// Resumes an UPDATE_ROLLBACK_FAILED stack's rollback, skipping those resources.
  void continue_update_rollback(const std::string& stack_name,
                                const std::vector<std::string>& resources_to_skip = {});
  std::vector<StackExport> list_exports();
  /// Names of the stacks importing `export_name`. An endpoint without
  /// ListImports (an emulator) throws AwsError with is_not_implemented().
  std::vector<std::string> list_imports(const std::string& export_name);
  std::string get_template(const std::string& stack_name,
                           TemplateStage stage = TemplateStage::original,
                           const std::string& change_set = "");
  void signal_resource(const std::string& stack_name, const std::string& logical_id,
                       const std::string& unique_id, ResourceSignalStatus status);
  /// Exactly one of body and url.
  TemplateValidation validate_template(const std::string& template_body,
                                       const std::string& template_url = "");

 private:
  QueryClient query_;
};

}  // namespace snr::aws
