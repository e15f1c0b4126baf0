#pragma once
/// The `--env FILE` option shared by every command that reads the configuration.

#include <filesystem>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "config/config.h"

namespace snr::cli {

/// Adds `--env FILE` to `cmd`; the returned holder is filled when parsing.
std::shared_ptr<std::optional<std::filesystem::path>> add_env_option(CLI::App* cmd);

/// Loads and validates the configuration; prints warnings to io.err; throws
/// UserError with every problem when it is invalid.
config::Config load_config(const std::optional<std::filesystem::path>& env_file, Io io);

}  // namespace snr::cli
