#pragma once
/// The outputs file, in the shape `cdk deploy --outputs-file` writes, so the
/// blueprint's `jq -r '..|.nodeinstanceid? | select(. != null)'` keeps working:
///   {"<stack-id>": {"<OutputKey>": "<value>", ...}, ...}

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/cloudformation.h"

namespace snr::deploy {

using StackOutputs = std::map<std::string, std::vector<aws::StackOutput>>;  ///< by stack id

/// The document: stacks sorted by id, keys sorted.
nlohmann::json outputs_document(const StackOutputs& outputs);

/// Writes the document to `path` atomically, keeping the entries of stacks not
/// deployed this time when the file already holds a JSON object.
void write_outputs_file(const std::filesystem::path& path, const StackOutputs& outputs);

}  // namespace snr::deploy
