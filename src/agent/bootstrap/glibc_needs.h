#pragma once
/// Which glibc a binary needs, read from its ELF version needs (.gnu.version_r: the
/// GLIBC_x.y versions its dynamic symbols were linked against), and which glibc this
/// host has. The stacks-core linux-glibc-* zips are built on a recent Ubuntu; Amazon
/// Linux 2023 has glibc 2.34. See install_release.h for the fallback to linux-musl-*.

#include <optional>
#include <string>
#include <string_view>

#include "agent/bootstrap/host_ops.h"

namespace snr::agent {

/// The highest GLIBC_x.y[.z] version named in the version needs of the ELF image `bytes`
/// ("2.39"); nullopt when it needs none (a static binary, a musl one) or is not an ELF file
/// at all (e.g. a script). Throws snr::Failure for an ELF file it cannot read (truncated,
/// big-endian, 32-bit), naming `what`.
std::optional<std::string> max_glibc_needed(std::string_view bytes, std::string_view what);

/// The same for a file.
std::optional<std::string> max_glibc_needed(const fs::path& file);

/// The glibc version of this process ("2.34", gnu_get_libc_version); nullopt without glibc.
std::optional<std::string> host_glibc_version();

/// Compares dotted versions numerically ("2.9" < "2.34"): <0, 0, >0.
int compare_versions(std::string_view a, std::string_view b);

}  // namespace snr::agent
