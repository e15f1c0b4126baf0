#pragma once
/// The snr command line: parses argv, runs one command, maps errors to exit codes.

#include <iosfwd>

namespace snr::cli {

/// Exit codes, the same for every command.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,    ///< the command ran and failed (AWS error, node error ...)
  kExitUserError = 2,  ///< bad input: flag, .env value, file; nothing was written
};

/// Runs snr as a process would; returns the exit code. main() only calls this,
/// so tests can drive the whole CLI in-process.
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace snr::cli
