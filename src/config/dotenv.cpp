#include "config/dotenv.h"

#include <fstream>
#include <sstream>

namespace snr::config {
namespace {

bool is_key_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

/// Walks the text; all positions are byte offsets into it.
class Parser {
 public:
  Parser(std::string_view text, std::string path, Diagnostics& diags)
      : text_(text), path_(std::move(path)), diags_(diags) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 byte order mark
  }

  DotenvFile parse() {
    DotenvFile file{path_, {}};
    while (pos_ < text_.size())
      parse_line(file);
    return file;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\n' : text_[pos_]; }

  void skip_blanks() {
    while (!at_end() && is_blank(text_[pos_]))
      ++pos_;
  }

  /// Moves past the end of the current line.
  void skip_line() {
    while (!at_end() && text_[pos_] != '\n')
      ++pos_;
    if (!at_end()) {
      ++pos_;
      ++line_;
    }
  }

  void error(int line, std::string message) {
    diags_.error(path_ + ":" + std::to_string(line), std::move(message));
  }

  void parse_line(DotenvFile& file) {
    skip_blanks();
    if (peek() == '\n' || peek() == '#') return skip_line();

    if (text_.substr(pos_, 6) == "export" && pos_ + 6 < text_.size() &&
        (text_[pos_ + 6] == ' ' || text_[pos_ + 6] == '\t')) {
      pos_ += 6;
      skip_blanks();
    }

    const int start_line = line_;
    std::size_t key_start = pos_;
    while (!at_end() && is_key_char(text_[pos_]))
      ++pos_;
    std::string key(text_.substr(key_start, pos_ - key_start));
    skip_blanks();
    if (key.empty() || peek() != '=') {
      // The line is not echoed: it may hold a secret (e.g. "PASSWORD hunter2").
      error(start_line, key.empty() ? "expected NAME=VALUE (or a # comment)"
                                    : "expected NAME=VALUE after " + key + " (missing '=')");
      return skip_line();
    }
    ++pos_;  // '='
    skip_blanks();

    std::string value;
    char quote = peek();
    if (quote == '"' || quote == '\'' || quote == '`') {
      if (!parse_quoted(quote, start_line, value)) return;
    } else {
      std::size_t start = pos_;
      while (!at_end() && text_[pos_] != '\n' && text_[pos_] != '#')
        ++pos_;
      std::string_view raw = text_.substr(start, pos_ - start);
      while (!raw.empty() && is_blank(raw.back()))
        raw.remove_suffix(1);
      value = std::string(raw);
      skip_line();
    }
    file.entries.push_back({std::move(key), std::move(value), start_line});
  }

  /// Reads a quoted value (which may span lines) and what follows it on its
  /// last line. Returns false after reporting an error.
  bool parse_quoted(char quote, int start_line, std::string& value) {
    ++pos_;  // opening quote
    std::size_t start = pos_;
    int line = line_;
    while (!at_end()) {
      char c = text_[pos_];
      if (c == quote) break;
      if (c == '\\' && quote == '"' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
        pos_ += 2;  // \" does not end a double-quoted value (kept as is, as dotenv does)
        continue;
      }
      if (c == '\n') ++line;
      ++pos_;
    }
    if (at_end()) {
      error(start_line, std::string("unterminated ") + quote + " quote");
      pos_ = start;  // resume after the opening quote's line
      line_ = start_line;
      skip_line();
      return false;
    }
    std::string raw(text_.substr(start, pos_ - start));
    ++pos_;  // closing quote
    line_ = line;
    if (quote == '"') {
      std::string expanded;
      for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\\' && i + 1 < raw.size() && (raw[i + 1] == 'n' || raw[i + 1] == 'r')) {
          expanded += raw[i + 1] == 'n' ? '\n' : '\r';
          ++i;
        } else {
          expanded += raw[i];
        }
      }
      raw = std::move(expanded);
    }
    skip_blanks();
    if (peek() != '\n' && peek() != '#') {
      error(line_, "unexpected text after the closing quote (a comment must start with #)");
      skip_line();
      return false;
    }
    skip_line();
    value = std::move(raw);
    return true;
  }

  std::string_view text_;
  std::string path_;
  Diagnostics& diags_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace

const DotenvEntry* DotenvFile::find(std::string_view key) const {
  const DotenvEntry* found = nullptr;
  for (const auto& e : entries) {
    if (e.key == key) found = &e;
  }
  return found;
}

DotenvFile parse_dotenv(std::string_view text, std::string path, Diagnostics& diags) {
  return Parser(text, std::move(path), diags).parse();
}

DotenvFile read_dotenv(const std::filesystem::path& path, Diagnostics& diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.error(path.string(),
                "cannot read the file (does it exist?); pass another with --env FILE");
    return DotenvFile{path.string(), {}};
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return parse_dotenv(buf.str(), path.string(), diags);
}

}  // namespace snr::config
