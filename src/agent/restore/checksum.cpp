#include "agent/restore/checksum.h"

#include <array>

#include "util/error.h"
#include "util/hex.h"
#include "util/strings.h"

namespace snr::agent::restore {

namespace {

/// Splits "https://h/p/a.tar.gz?x#y" into the part before '?'/'#' and the rest.
std::pair<std::string_view, std::string_view> split_query(std::string_view url) {
  std::size_t q = url.find_first_of("?#");
  if (q == std::string_view::npos) return {url, {}};
  return {url.substr(0, q), url.substr(q)};
}

constexpr std::array<std::string_view, 5> kArchiveSuffixes = {".tar.gz", ".tgz", ".tar.zst",
                                                               ".tzst", ".tar"};

/// The name without its archive suffix; "" when it has none.
std::string_view archive_stem(std::string_view name) {
  for (std::string_view suffix : kArchiveSuffixes) {
    if (name.size() > suffix.size() && name.ends_with(suffix))
      return name.substr(0, name.size() - suffix.size());
  }
  return {};
}

}  // namespace

bool is_latest_archive_name(std::string_view name) {
  return archive_stem(name).ends_with("-latest");
}

bool is_dated_archive_name(std::string_view name) {
  std::string_view stem = archive_stem(name);
  std::size_t dash = stem.rfind('-');
  if (dash == std::string_view::npos || stem.find("-stacks-blockchain-") == std::string_view::npos)
    return false;
  std::string_view date = stem.substr(dash + 1);
  return date.size() == 8 &&
         date.find_first_not_of("0123456789") == std::string_view::npos && date.starts_with("20");
}

std::string url_basename(std::string_view url) {
  auto [path, rest] = split_query(url);
  std::size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::vector<std::string> checksum_urls(std::string_view archive_url) {
  auto [path, rest] = split_query(archive_url);
  std::vector<std::string> out;
  static constexpr std::array<std::string_view, 4> kSuffixes = {".tar.gz", ".tgz", ".tar.zst",
                                                                ".tar"};
  std::string name = url_basename(path);
  for (std::string_view suffix : kSuffixes) {
    if (name.size() > suffix.size() && name.ends_with(suffix)) {
      std::string stem(path.substr(0, path.size() - suffix.size()));
      out.push_back(stem + ".sha256" + std::string(rest));
      break;
    }
  }
  out.push_back(std::string(path) + ".sha256" + std::string(rest));
  return out;
}

std::string parse_checksum_file(std::string_view content, std::string_view archive_name,
                                std::string_view source) {
  struct Line {
    std::string hex;
    std::string name;
  };
  std::vector<Line> lines;
  int line_no = 0;
  for (const std::string& raw : util::split(content, '\n')) {
    ++line_no;
    std::string_view line = util::trim(raw);
    if (line.empty() || line.front() == '#') continue;
    std::size_t sp = line.find_first_of(" \t");
    std::string_view hex = line.substr(0, sp);
    std::string_view name =
        sp == std::string_view::npos ? std::string_view{} : util::trim(line.substr(sp));
    if (!name.empty() && name.front() == '*') name.remove_prefix(1);
    if (!util::is_hex(hex, 64)) {
      throw Failure(std::string(source) + ":" + std::to_string(line_no) +
                    ": not a SHA-256 checksum line (expected 64 hex digits, optionally followed "
                    "by a file name)");
    }
    lines.push_back({util::to_lower(hex), std::string(name)});
  }
  if (lines.empty()) throw Failure(std::string(source) + ": no checksum in the file");
  if (lines.size() == 1) return lines.front().hex;
  for (const Line& l : lines) {
    if (l.name == archive_name) return l.hex;
  }
  throw Failure(std::string(source) + ": " + std::to_string(lines.size()) +
                " checksums and none for '" + std::string(archive_name) +
                "'; pass the right one with --sha256");
}

}  // namespace snr::agent::restore
