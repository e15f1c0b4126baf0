#pragma once
/// The systemd units and the logrotate file bootstrap installs (assets/
/// systemd/*.service, assets/logrotate/stacks, embedded in the binary).

#include <string>
#include <vector>

namespace snr::agent {

struct InstallFile {
  std::string path;  ///< where on the host
  std::string content;
};

/// Units (stacks-signer.service only for signers, with a drop-in that makes
/// the node want and follow it), logrotate. Throws std::logic_error if an
/// asset is missing from the binary.
std::vector<InstallFile> service_files(bool signer);

}  // namespace snr::agent
