#pragma once
/// The AWS CLI's shared files: ~/.aws/config ([default], [profile x]) and
/// ~/.aws/credentials ([x]), at the paths AWS_CONFIG_FILE and
/// AWS_SHARED_CREDENTIALS_FILE select.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "util/env.h"

namespace snr::aws {

/// An INI file as the AWS CLI reads it: sections of `key = value`; lines
/// starting with '#' or ';' are comments; indented lines below a key with an
/// empty value (nested settings such as `s3 =`) are skipped.
struct IniFile {
  std::string path;
  std::map<std::string, std::map<std::string, std::string>> sections;
};

/// Parses `text`; a line that is neither a section, a setting nor a comment
/// throws snr::UserError naming `path:line`.
IniFile parse_ini(std::string_view text, const std::string& path);

/// One profile's settings, merged from both files (credentials file wins).
struct Profile {
  std::string name;
  std::map<std::string, std::string> values;
  bool in_config = false;       ///< has a section in the config file
  bool in_credentials = false;  ///< has a section in the credentials file

  bool found() const { return in_config || in_credentials; }
  std::optional<std::string> get(const std::string& key) const;
};

/// Both shared files, loaded once.
class SharedConfig {
 public:
  /// Reads the files the environment points at (missing files are empty).
  static SharedConfig load(const util::Environment& env);
  SharedConfig(std::filesystem::path config_path, std::optional<IniFile> config,
               std::filesystem::path credentials_path, std::optional<IniFile> credentials);

  Profile profile(const std::string& name) const;
  const std::filesystem::path& config_path() const { return config_path_; }
  const std::filesystem::path& credentials_path() const { return credentials_path_; }
  /// "<credentials path> or <config path>", for messages.
  std::string describe_paths() const;

 private:
  std::filesystem::path config_path_;
  std::optional<IniFile> config_;
  std::filesystem::path credentials_path_;
  std::optional<IniFile> credentials_;
};

/// The profile in effect: `--profile`, else AWS_PROFILE, else "default".
std::string selected_profile(const util::Environment& env,
                             const std::optional<std::string>& profile_flag);

}  // namespace snr::aws
