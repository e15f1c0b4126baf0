#pragma once
/// After a deploy: does the stack hold every resource of its template? On AWS
/// a stack in CREATE_COMPLETE does; an emulator may report success while
/// silently skipping resource types, so never take the status as proof.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/cloudformation.h"

namespace snr::deploy {

struct MissingResource {
  std::string logical_id;
  std::string type;
  std::string status;  ///< "" when the stack does not list it at all
};

/// Template resources the stack does not hold in a *_COMPLETE state.
std::vector<MissingResource> missing_resources(const nlohmann::json& template_json,
                                               const std::vector<aws::StackResourceSummary>& held);

}  // namespace snr::deploy
