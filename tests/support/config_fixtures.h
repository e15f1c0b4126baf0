#pragma once
/// Helpers for tests that build a Config from .env text.

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "config/dotenv.h"
#include "config/load.h"
#include "support/temp_dir.h"  // read_file

namespace snr::testing {

/// The smallest valid .env: everything else defaults.
inline constexpr const char* kMinimalEnv = "AWS_ACCOUNT_ID=123456789012\nAWS_REGION=us-west-2\n";

/// Parses `text` as a .env named ".env" and loads it (diagnostics of both steps).
inline config::LoadResult load_text(const std::string& text, const util::Environment& env = {}) {
  Diagnostics parse_diags;
  auto file = config::parse_dotenv(text, ".env", parse_diags);
  auto result = config::load(file, env);
  parse_diags.append(result.diagnostics);
  result.diagnostics = std::move(parse_diags);
  return result;
}

/// load_text() that must succeed; fails the test with the diagnostics otherwise.
inline config::Config valid_config(const std::string& text) {
  auto r = load_text(text);
  EXPECT_FALSE(r.diagnostics.has_errors()) << [&] {
    std::string all;
    for (const auto& d : r.diagnostics.items())
      all += d.to_string() + "\n";
    return all;
  }();
  return r.config;
}

/// Diagnostics of `severity` whose subject names `variable`.
inline std::vector<Diagnostic> about(const config::LoadResult& r, std::string_view variable,
                                     Severity severity = Severity::error) {
  std::vector<Diagnostic> out;
  for (const auto& d : r.diagnostics.items()) {
    if (d.severity == severity && d.subject.rfind(std::string(variable), 0) == 0) out.push_back(d);
  }
  return out;
}

/// A file under tests/fixtures (tests/fixtures/README.md says where each one comes from).
inline std::string fixture_path(const std::string& relative) {
  return std::string(SNR_FIXTURES_DIR) + "/" + relative;
}

}  // namespace snr::testing
