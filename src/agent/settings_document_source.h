#pragma once
/// Reads the settings document (contract/settings_document.h) the stack
/// wrote: from a file (the bootstrap user-data copies it to
/// contract::kSettingsFile) or, with "ssm:NAME", straight from SSM.

#include <functional>
#include <string>

#include "contract/settings_document.h"

namespace snr::aws {
struct AwsContext;
}

namespace snr::agent {

/// `where` is a file path or "ssm:/snr/<stack-name>/settings". `context` is
/// only called for ssm: (it needs a region). Throws snr::UserError for a
/// missing file, snr::Failure for a bad document (naming the field).
contract::SettingsDocument load_settings_document(
    const std::string& where, const std::function<aws::AwsContext()>& context = {});

}  // namespace snr::agent
