#pragma once
/// Config <-> JSON, used for `config show --json` and for the deployment
/// settings the agent reads on the instance. Secrets are never written:
/// the Bitcoin RPC password is left out (the agent reads it from Secrets Manager).

#include <nlohmann/json.hpp>

#include "config/config.h"

namespace snr::config {

nlohmann::json to_json(const Config& config);
/// The inverse of to_json; throws snr::Failure naming the field on a bad document.
Config config_from_json(const nlohmann::json& j);

}  // namespace snr::config
