#include "aws/cloudformation.h"

#include "aws/xml.h"
#include "util/error.h"

namespace snr::aws {

namespace {

std::vector<StackParameter> parameters_from(pugi::xml_node list) {
  std::vector<StackParameter> out;
  for (pugi::xml_node m : xml::items(list)) {
    out.push_back({xml::text(m, "ParameterKey"), xml::text(m, "ParameterValue"),
                   xml::boolean(m, "UsePreviousValue"), xml::text(m, "ResolvedValue")});
  }
  return out;
}

Stack stack_from(pugi::xml_node s) {
  Stack st;
  st.id = xml::text(s, "StackId");
  st.name = xml::text(s, "StackName");
  st.status = xml::text(s, "StackStatus");
  st.status_reason = xml::text(s, "StackStatusReason");
  st.description = xml::text(s, "Description");
  st.creation_time = xml::timestamp(s, "CreationTime");
  st.last_updated_time = xml::timestamp(s, "LastUpdatedTime");
  st.parameters = parameters_from(s.child("Parameters"));
  for (pugi::xml_node o : xml::items(s.child("Outputs"))) {
    st.outputs.push_back({xml::text(o, "OutputKey"), xml::text(o, "OutputValue"),
                          xml::text(o, "Description"), xml::text(o, "ExportName")});
  }
  st.capabilities = xml::item_texts(s.child("Capabilities"));
  st.tags = xml::tags(s.child("Tags"), "Key", "Value");
  return st;
}

void add_template(Params& p, const std::string& body, const std::string& url, const char* what) {
  if (body.empty() == url.empty()) {
    throw Failure(std::string("CloudFormation ") + what +
                  ": give exactly one of a template body and a template URL");
  }
  if (!body.empty()) {
    p.emplace_back("TemplateBody", body);
  } else {
    p.emplace_back("TemplateURL", url);
  }
}

void add_change_set_id(Params& p, const std::string& change_set, const std::string& stack) {
  p.emplace_back("ChangeSetName", change_set);
  if (!stack.empty()) p.emplace_back("StackName", stack);
}

}  // namespace

bool is_stack_not_found(const AwsError& e) {
  return e.code() == "ValidationError" && e.message().find("does not exist") != std::string::npos;
}

CloudFormationClient::CloudFormationClient(const AwsContext& context)
    : query_(context, Service::cloudformation) {}

ChangeSetRef CloudFormationClient::create_change_set(const CreateChangeSetRequest& r) {
  Params p{{"StackName", r.stack_name}, {"ChangeSetName", r.change_set_name}};
  add_template(p, r.template_body, r.template_url, "CreateChangeSet");
  for (std::size_t i = 0; i < r.parameters.size(); ++i) {
    std::string prefix = "Parameters.member." + std::to_string(i + 1) + ".";
    p.emplace_back(prefix + "ParameterKey", r.parameters[i].key);
    if (r.parameters[i].use_previous_value) {
      p.emplace_back(prefix + "UsePreviousValue", "true");
    } else {
      p.emplace_back(prefix + "ParameterValue", r.parameters[i].value);
    }
  }
  add_list(p, "Capabilities", r.capabilities);
  p.emplace_back("ChangeSetType", r.type == ChangeSetType::create ? "CREATE" : "UPDATE");
  for (std::size_t i = 0; i < r.tags.size(); ++i) {
    std::string prefix = "Tags.member." + std::to_string(i + 1) + ".";
    p.emplace_back(prefix + "Key", r.tags[i].key);
    p.emplace_back(prefix + "Value", r.tags[i].value);
  }
  if (!r.description.empty()) p.emplace_back("Description", r.description);
  QueryResponse resp = query_.call("CreateChangeSet", p);
  return {xml::text(resp.result, "Id"), xml::text(resp.result, "StackId")};
}

std::string CloudFormationClient::create_stack(const CreateStackRequest& r) {
  Params p{{"StackName", r.stack_name}};
  add_template(p, r.template_body, "", "CreateStack");
  for (std::size_t i = 0; i < r.parameters.size(); ++i) {
    std::string prefix = "Parameters.member." + std::to_string(i + 1) + ".";
    p.emplace_back(prefix + "ParameterKey", r.parameters[i].key);
    p.emplace_back(prefix + "ParameterValue", r.parameters[i].value);
  }
  add_list(p, "Capabilities", r.capabilities);
  for (std::size_t i = 0; i < r.tags.size(); ++i) {
    std::string prefix = "Tags.member." + std::to_string(i + 1) + ".";
    p.emplace_back(prefix + "Key", r.tags[i].key);
    p.emplace_back(prefix + "Value", r.tags[i].value);
  }
  QueryResponse resp = query_.call("CreateStack", p);
  return xml::text(resp.result, "StackId");
}

ChangeSet CloudFormationClient::describe_change_set(const std::string& change_set,
                                                    const std::string& stack_name) {
  ChangeSet cs;
  Params p;
  add_change_set_id(p, change_set, stack_name);
  bool first = true;
  query_.paginate("DescribeChangeSet", p, [&](pugi::xml_node r) {
    if (first) {
      cs.id = xml::text(r, "ChangeSetId");
      cs.name = xml::text(r, "ChangeSetName");
      cs.stack_id = xml::text(r, "StackId");
      cs.stack_name = xml::text(r, "StackName");
      cs.status = xml::text(r, "Status");
      cs.status_reason = xml::text(r, "StatusReason");
      cs.execution_status = xml::text(r, "ExecutionStatus");
      cs.parameters = parameters_from(r.child("Parameters"));
      first = false;
    }
    for (pugi::xml_node m : xml::items(r.child("Changes"))) {
      pugi::xml_node rc = m.child("ResourceChange");
      ResourceChange c;
      c.action = xml::text(rc, "Action");
      c.logical_id = xml::text(rc, "LogicalResourceId");
      c.physical_id = xml::text(rc, "PhysicalResourceId");
      c.resource_type = xml::text(rc, "ResourceType");
      c.replacement = xml::text(rc, "Replacement");
      c.scope = xml::item_texts(rc.child("Scope"));
      for (pugi::xml_node d : xml::items(rc.child("Details"))) {
        pugi::xml_node target = d.child("Target");
        c.details.push_back({xml::text(d, "Evaluation"), xml::text(d, "ChangeSource"),
                             xml::text(d, "CausingEntity"), xml::text(target, "Attribute"),
                             xml::text(target, "Name"), xml::text(target, "RequiresRecreation")});
      }
      cs.changes.push_back(std::move(c));
    }
    return true;
  });
  return cs;
}

void CloudFormationClient::execute_change_set(const std::string& change_set,
                                              const std::string& stack_name,
                                              bool disable_rollback) {
  Params p;
  add_change_set_id(p, change_set, stack_name);
  if (disable_rollback) p.emplace_back("DisableRollback", "true");
  query_.call("ExecuteChangeSet", p);
}

void CloudFormationClient::delete_change_set(const std::string& change_set,
                                             const std::string& stack_name) {
  Params p;
  add_change_set_id(p, change_set, stack_name);
  query_.call("DeleteChangeSet", p);
}

std::optional<Stack> CloudFormationClient::describe_stack(const std::string& stack_name) {
  try {
    QueryResponse resp = query_.call("DescribeStacks", {{"StackName", stack_name}});
    auto members = xml::items(resp.result.child("Stacks"));
    if (members.empty()) return std::nullopt;
    return stack_from(members.front());
  } catch (const AwsError& e) {
    if (is_stack_not_found(e)) return std::nullopt;
    throw;
  }
}

std::vector<Stack> CloudFormationClient::describe_stacks() {
  std::vector<Stack> out;
  query_.paginate("DescribeStacks", {}, [&](pugi::xml_node r) {
    for (pugi::xml_node m : xml::items(r.child("Stacks")))
      out.push_back(stack_from(m));
    return true;
  });
  return out;
}

std::vector<StackEvent> CloudFormationClient::describe_stack_events(
    const std::string& stack_name, const std::string& until_event_id) {
  std::vector<StackEvent> out;
  query_.paginate("DescribeStackEvents", {{"StackName", stack_name}}, [&](pugi::xml_node r) {
    for (pugi::xml_node m : xml::items(r.child("StackEvents"))) {
      StackEvent e;
      e.event_id = xml::text(m, "EventId");
      if (!until_event_id.empty() && e.event_id == until_event_id) return false;
      e.stack_id = xml::text(m, "StackId");
      e.stack_name = xml::text(m, "StackName");
      e.logical_id = xml::text(m, "LogicalResourceId");
      e.physical_id = xml::text(m, "PhysicalResourceId");
      e.resource_type = xml::text(m, "ResourceType");
      e.timestamp = xml::timestamp(m, "Timestamp");
      e.resource_status = xml::text(m, "ResourceStatus");
      e.resource_status_reason = xml::text(m, "ResourceStatusReason");
      out.push_back(std::move(e));
    }
    return true;
  });
  return out;
}

std::vector<StackResourceSummary> CloudFormationClient::list_stack_resources(
    const std::string& stack_name) {
  std::vector<StackResourceSummary> out;
  query_.paginate("ListStackResources", {{"StackName", stack_name}}, [&](pugi::xml_node r) {
    for (pugi::xml_node m : xml::items(r.child("StackResourceSummaries"))) {
      out.push_back({xml::text(m, "LogicalResourceId"), xml::text(m, "PhysicalResourceId"),
                     xml::text(m, "ResourceType"), xml::text(m, "ResourceStatus"),
                     xml::text(m, "ResourceStatusReason"),
                     xml::timestamp(m, "LastUpdatedTimestamp")});
    }
    return true;
  });
  return out;
}

void CloudFormationClient::delete_stack(const std::string& stack_name,
                                        const std::vector<std::string>& retain_resources) {
  Params p{{"StackName", stack_name}};
  add_list(p, "RetainResources", retain_resources);
  query_.call("DeleteStack", p);
}

void CloudFormationClient::update_termination_protection(const std::string& stack_name,
                                                         bool enabled) {
  query_.call(
      "UpdateTerminationProtection",
      {{"StackName", stack_name}, {"EnableTerminationProtection", enabled ? "true" : "false"}});
}

void CloudFormationClient::continue_update_rollback(
    const std::string& stack_name, const std::vector<std::string>& resources_to_skip) {
  Params p{{"StackName", stack_name}};
  add_list(p, "ResourcesToSkip", resources_to_skip);
  query_.call("ContinueUpdateRollback", p);
}

std::vector<StackExport> CloudFormationClient::list_exports() {
  std::vector<StackExport> out;
  query_.paginate("ListExports", {}, [&](pugi::xml_node r) {
    for (pugi::xml_node m : xml::items(r.child("Exports"))) {
      out.push_back(
          {xml::text(m, "ExportingStackId"), xml::text(m, "Name"), xml::text(m, "Value")});
    }
    return true;
  });
  return out;
}

std::vector<std::string> CloudFormationClient::list_imports(const std::string& export_name) {
  std::vector<std::string> out;
  query_.paginate("ListImports", {{"ExportName", export_name}}, [&](pugi::xml_node r) {
    for (auto& name : xml::item_texts(r.child("Imports")))
      out.push_back(std::move(name));
    return true;
  });
  return out;
}

std::string CloudFormationClient::get_template(const std::string& stack_name, TemplateStage stage,
                                               const std::string& change_set) {
  Params p{{"StackName", stack_name}};
  if (!change_set.empty()) p.emplace_back("ChangeSetName", change_set);
  p.emplace_back("TemplateStage", stage == TemplateStage::original ? "Original" : "Processed");
  return xml::text(query_.call("GetTemplate", p).result, "TemplateBody");
}

void CloudFormationClient::signal_resource(const std::string& stack_name,
                                           const std::string& logical_id,
                                           const std::string& unique_id,
                                           ResourceSignalStatus status) {
  query_.call("SignalResource",
              {{"StackName", stack_name},
               {"LogicalResourceId", logical_id},
               {"UniqueId", unique_id},
               {"Status", status == ResourceSignalStatus::success ? "SUCCESS" : "FAILURE"}});
}

TemplateValidation CloudFormationClient::validate_template(const std::string& template_body,
                                                           const std::string& template_url) {
  Params p;
  add_template(p, template_body, template_url, "ValidateTemplate");
  QueryResponse resp = query_.call("ValidateTemplate", p);
  pugi::xml_node r = resp.result;
  TemplateValidation v;
  v.description = xml::text(r, "Description");
  for (pugi::xml_node m : xml::items(r.child("Parameters"))) {
    v.parameters.push_back({xml::text(m, "ParameterKey"), xml::text(m, "DefaultValue"),
                            xml::boolean(m, "NoEcho"), xml::text(m, "Description")});
  }
  v.capabilities = xml::item_texts(r.child("Capabilities"));
  v.capabilities_reason = xml::text(r, "CapabilitiesReason");
  v.declared_transforms = xml::item_texts(r.child("DeclaredTransforms"));
  return v;
}

}  // namespace snr::aws
