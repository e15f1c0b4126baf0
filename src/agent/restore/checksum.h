#pragma once
/// The published checksum of an archive: where it lives and how to read it.

#include <string>
#include <string_view>
#include <vector>

namespace snr::agent::restore {

/// The last path segment of a URL, without query or fragment ("a.tar.gz").
std::string url_basename(std::string_view url);

/// "NAME-latest.tar.zst" (or another archive suffix): an alias the publisher moves.
bool is_latest_archive_name(std::string_view name);

/// A dated archive, as Hiro publishes them: "{net}-stacks-blockchain-{version}-{yyyymmdd}"
/// with an archive suffix (e.g. mainnet-stacks-blockchain-4.0.2-20261201.tar.zst).
bool is_dated_archive_name(std::string_view name);

/// Where a sibling checksum may be published, in the order to try:
/// `NAME.sha256` beside the archive with its archive suffix (.tar.gz, .tgz, .tar.zst, .tar)
/// replaced (Hiro's layout: mainnet-stacks-blockchain-latest.sha256), then `URL.sha256`.
std::vector<std::string> checksum_urls(std::string_view archive_url);

/// Reads a checksum file: lines of `<hex>  <filename>` (sha256sum format, `*` binary marker
/// allowed) or a lone `<hex>`. With one entry it is the answer whatever its filename (a
/// "latest" alias names the dated file); with several, the one naming `archive_name`.
/// Returns lower-case hex; throws snr::Failure naming `source` when it cannot decide.
std::string parse_checksum_file(std::string_view content, std::string_view archive_name,
                                std::string_view source);

}  // namespace snr::agent::restore
