#pragma once
/// Reads the deployment settings document (config/deployment_settings.h) the
/// stack wrote: from a file (the bootstrap user-data copies it to
/// /etc/snr/settings.json) or, with "ssm:NAME", straight from SSM.

#include <functional>
#include <string>

#include "config/deployment_settings.h"

namespace snr::aws {
struct AwsContext;
}

namespace snr::agent {

/// `where` is a file path or "ssm:/snr/<stack-name>/settings". `context` is
/// only called for ssm: (it needs a region). Throws snr::UserError for a
/// missing file, snr::Failure for a bad document (naming the field).
config::DeploymentSettings load_settings(const std::string& where,
                                         const std::function<aws::AwsContext()>& context = {});

}  // namespace snr::agent
