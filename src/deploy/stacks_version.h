#pragma once
/// Which stacks-core release a deployment runs. `STACKS_VERSION=latest` is
/// resolved here, once, at deploy time, so every instance of a deployment
/// runs the same exact tag (instances never resolve `latest` themselves).

#include <optional>
#include <string>

#include "config/config.h"

namespace snr::deploy {

/// Where the latest release tag comes from.
class ReleaseSource {
 public:
  virtual ~ReleaseSource() = default;
  /// The latest release's tag; throws snr::Failure when it cannot be asked.
  virtual std::string latest_tag() = 0;
};

/// GitHub's releases API: GET <base>/repos/stacks-network/stacks-core/releases/latest.
/// `base` is https://api.github.com unless SNR_GITHUB_API_URL says otherwise.
class GithubReleases final : public ReleaseSource {
 public:
  explicit GithubReleases(std::string base_url);
  std::string latest_tag() override;

 private:
  std::string base_url_;
};

/// No network (the sandbox, tests): `latest` is the version snr was tested with.
class OfflineReleases final : public ReleaseSource {
 public:
  std::string latest_tag() override;
};

struct ResolvedVersion {
  std::string tag;
  std::string why;  ///< for the user: "STACKS_VERSION=4.0.2", "latest release (GitHub)", ...
};

/// The tag to deploy:
///  - an exact STACKS_VERSION is used as is;
///  - `latest` on a stack that already runs a tag keeps that tag unless
///    `upgrade` (a running node is never upgraded silently);
///  - otherwise `latest` is resolved through `source` and checked against the
///    network's floor.
ResolvedVersion resolve_stacks_version(const config::Config& config,
                                       const std::optional<std::string>& running, bool upgrade,
                                       ReleaseSource& source);

}  // namespace snr::deploy
