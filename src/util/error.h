#pragma once
/// Error types that cross module boundaries. The CLI maps them to exit codes:
/// UserError -> 2 (bad input, nothing written), Failure -> 1.

#include <stdexcept>
#include <string>
#include <vector>

namespace snr {

enum class Severity { warning, error };

/// One finding about user input. `subject` names what is wrong: a variable
/// (`STACKS_RPC_PORT`), a flag (`--out`) or a file position (`.env:12`).
struct Diagnostic {
  Severity severity = Severity::error;
  std::string subject;
  std::string message;

  bool is_error() const { return severity == Severity::error; }
  /// "error: STACKS_RPC_PORT: ..." as printed to the user.
  std::string to_string() const;
};

/// A list of diagnostics being collected; validation adds every problem it
/// finds before anything fails, so the user sees all of them at once.
class Diagnostics {
 public:
  void error(std::string subject, std::string message);
  void warning(std::string subject, std::string message);
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void append(const Diagnostics& other);

  bool has_errors() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  std::vector<Diagnostic> errors() const;
  std::vector<Diagnostic> warnings() const;

 private:
  std::vector<Diagnostic> items_;
};

/// Bad user input (a .env value, a flag, a file). Exit code 2.
class UserError : public std::runtime_error {
 public:
  explicit UserError(std::vector<Diagnostic> diagnostics);
  UserError(std::string subject, std::string message);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// Anything else that stops a command (AWS errors, I/O errors). Exit code 1.
class Failure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace snr
