#pragma once
/// Rules for archive member names and link targets: nothing may land outside the
/// extraction root. These checks come on top of libarchive's ARCHIVE_EXTRACT_SECURE_* flags.

#include <string>
#include <string_view>

#include "util/error.h"

namespace snr::agent::restore {

/// An archive entry that must not be extracted (the whole restore is refused).
class UnsafeEntry : public Failure {
 public:
  using Failure::Failure;
};

/// Normalises a member path: drops "./" prefixes, "." components, repeated and trailing
/// slashes. Returns "" for the archive root ("." or "./"). Throws UnsafeEntry for an
/// absolute path, a ".." component, an empty name or a control character.
std::string normalize_member_path(std::string_view raw);

/// The first component of a normalised member path ("mainnet" for "mainnet/chainstate/x").
std::string top_level_component(std::string_view normalized);

/// Throws UnsafeEntry when a symlink at `member` (normalised) pointing to `target` is
/// absolute or, read lexically from the link's directory, leaves the extraction root.
void check_symlink_target(std::string_view member, std::string_view target);

/// True for the names a restore keeps for itself inside the target directory
/// (`.snr-restore-*`: staging, journal, marker and their temporary files).
bool is_reserved_name(std::string_view component);

/// Throws UnsafeEntry when any component of `path` (a member name, or a link target as
/// written) is a reserved name: no entry may be, or lead through, the restore's own files.
void check_not_reserved(std::string_view path, std::string_view what);

}  // namespace snr::agent::restore
