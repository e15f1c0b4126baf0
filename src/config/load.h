#pragma once
/// .env + environment -> validated Config, with every problem reported at once.

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "config/config.h"
#include "config/dotenv.h"
#include "util/env.h"
#include "util/error.h"

namespace snr::config {

struct LoadResult {
  Config config;            ///< meaningful only when !diagnostics.has_errors()
  Diagnostics diagnostics;  ///< every error and warning, in variable order
};

/// Builds and validates the configuration. Never throws for bad input.
LoadResult load(const DotenvFile& file, const util::Environment& env);

/// Reads the .env file and loads it. `path` nullopt means ./.env, which may be
/// missing (then only the environment counts); an explicit path must exist.
LoadResult load_file(const std::optional<std::filesystem::path>& path,
                     const util::Environment& env);

/// load_file(), then: throws UserError with every diagnostic when there is an
/// error; otherwise returns the config and leaves the warnings in `warnings`.
Config load_or_throw(const std::optional<std::filesystem::path>& path, const util::Environment& env,
                     std::vector<Diagnostic>& warnings);

/// Extra rules for the HA deployment (stacks-ha-nodes): followers only.
Diagnostics validate_for_ha(const Config& config);

}  // namespace snr::config
