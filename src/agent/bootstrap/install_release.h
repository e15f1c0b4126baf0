#pragma once
/// Installing the stacks-node release for the exact version in the settings:
/// download `<base>/<tag>/linux-glibc-{x64,arm64}.zip`, verify it against the
/// release's CHECKSUMS.txt (sha512; a mismatch or a missing entry is a hard
/// failure), extract the binaries with libarchive into a staging directory,
/// check the glibc they need (ELF version needs) against the host's and, when
/// they need a newer one, install the static `linux-musl-*` zip of the same
/// CHECKSUMS.txt instead; then rename it into place (/opt/stacks/<tag>);
/// /usr/local/bin/stacks-node (and stacks-signer) are switched atomically to it.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "agent/bootstrap/host_ops.h"
#include "node/types.h"

namespace snr::agent {

inline constexpr const char* kDefaultReleaseBaseUrl =
    "https://github.com/stacks-network/stacks-core/releases/download";
inline constexpr const char* kReleasesDir = "/opt/stacks";
inline constexpr const char* kBinDir = "/usr/local/bin";

struct ReleaseSpec {
  std::string version;  ///< exact tag, e.g. "4.0.2" (never "latest")
  node::CpuType cpu = node::CpuType::x86_64;
  std::string base_url = kDefaultReleaseBaseUrl;
  std::vector<std::string> binaries = {"stacks-node"};
  /// The host's glibc version ("2.34"); nullopt: this process's (tests set it).
  std::optional<std::string> host_glibc;
  /// Point /usr/local/bin at it once installed; false: install only (`snr agent upgrade`
  /// switches later, with link_release, after the units are stopped).
  bool link = true;
};

/// "linux-glibc-x64.zip" / "linux-glibc-arm64.zip".
std::string release_asset(node::CpuType cpu);
/// "linux-musl-x64.zip" / "linux-musl-arm64.zip": static, for a host whose glibc is older
/// than the glibc zips need.
std::string musl_release_asset(node::CpuType cpu);

/// The sha512 listed for `asset` in a sha512sum-style CHECKSUMS.txt
/// ("<128 hex>  <name>" or "<hex> *<name>"); nullopt when not listed.
std::optional<std::string> checksum_for(const std::string& checksums, const std::string& asset);

/// The named entries of a zip (matched by file name, any directory) written to
/// `dir` with mode 0755. Throws snr::Failure naming any that is missing.
void extract_from_zip(const fs::path& zip, const std::vector<std::string>& names,
                      const fs::path& dir);

struct InstalledRelease {
  fs::path dir;  ///< /opt/stacks/<tag>
  std::string sha512;
  bool downloaded = false;  ///< false when it was installed already
  std::string asset;        ///< the zip installed (glibc or musl)
  std::string why_musl;     ///< why the musl zip was installed; empty otherwise
};

/// Downloads, verifies and installs (idempotent: an installed, verified
/// version is kept without a download). Throws snr::Failure on any mismatch.
InstalledRelease install_release(const ReleaseSpec& spec, HostOps& ops);

/// Points /usr/local/bin/<binary> at `dir`/<binary> for each, each link replaced atomically.
void link_release(const fs::path& dir, const std::vector<std::string>& binaries, HostOps& ops);

/// The release directory /usr/local/bin/stacks-node points into (/opt/stacks/<tag>);
/// nullopt when it is no link.
std::optional<fs::path> linked_release(HostOps& ops);

/// Runs `dir`/<binary> check-config --config `file` (by its release path: under --root the
/// /usr/local/bin link's absolute target would point outside the root). Throws snr::Failure
/// with what it said, passed through `scrub` (secrets removed), when it exits non-zero.
void check_release_config(HostOps& ops, const fs::path& release_dir, const std::string& binary,
                          const std::string& file,
                          const std::function<std::string(std::string)>& scrub);

}  // namespace snr::agent
