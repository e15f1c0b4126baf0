#include "util/error.h"

namespace snr {

namespace {
std::string join_messages(const std::vector<Diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) {
    if (!out.empty()) out += '\n';
    out += d.to_string();
  }
  return out;
}
}  // namespace

std::string Diagnostic::to_string() const {
  std::string out = severity == Severity::error ? "error: " : "warning: ";
  if (!subject.empty()) out += subject + ": ";
  out += message;
  return out;
}

void Diagnostics::error(std::string subject, std::string message) {
  items_.push_back({Severity::error, std::move(subject), std::move(message)});
}

void Diagnostics::warning(std::string subject, std::string message) {
  items_.push_back({Severity::warning, std::move(subject), std::move(message)});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const {
  for (const auto& d : items_) {
    if (d.is_error()) return true;
  }
  return false;
}

std::vector<Diagnostic> Diagnostics::errors() const {
  std::vector<Diagnostic> out;
  for (const auto& d : items_) {
    if (d.is_error()) out.push_back(d);
  }
  return out;
}

std::vector<Diagnostic> Diagnostics::warnings() const {
  std::vector<Diagnostic> out;
  for (const auto& d : items_) {
    if (!d.is_error()) out.push_back(d);
  }
  return out;
}

UserError::UserError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_messages(diagnostics)), diagnostics_(std::move(diagnostics)) {}

UserError::UserError(std::string subject, std::string message)
    : UserError(std::vector<Diagnostic>{
          Diagnostic{Severity::error, std::move(subject), std::move(message)}}) {}

}  // namespace snr
