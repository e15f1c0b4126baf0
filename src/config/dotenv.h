#pragma once
/// A dotenv (.env) parser with the semantics of the `dotenv` npm package the
/// blueprint used: comments, blank lines, `export ` prefix, '…' "…" `…` quotes
/// (double quotes expand \n and \r), unquoted values end at '#', no variable
/// expansion. Unlike dotenv, malformed lines are reported, not skipped.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace snr::config {

struct DotenvEntry {
  std::string key;
  std::string value;
  int line = 0;  ///< 1-based line where the entry starts
};

struct DotenvFile {
  std::string path;  ///< as given by the user, used in messages ("path:line")
  std::vector<DotenvEntry> entries;
  /// The last entry for `key`, or nullptr (dotenv: the last assignment wins).
  const DotenvEntry* find(std::string_view key) const;
};

/// Parses dotenv text. Each malformed line becomes an error in `diags` whose
/// subject is "path:line"; parsing goes on to report them all.
DotenvFile parse_dotenv(std::string_view text, std::string path, Diagnostics& diags);

/// Reads and parses a file; a missing or unreadable file is an error in `diags`.
DotenvFile read_dotenv(const std::filesystem::path& path, Diagnostics& diags);

}  // namespace snr::config
