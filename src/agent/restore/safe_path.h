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

}  // namespace snr::agent::restore
