#include "agent/bootstrap/units.h"

#include <stdexcept>

#include "util/embedded.h"

namespace snr::agent {
namespace {

std::string asset(const char* path) {
  auto a = assets::find(path);
  if (!a) throw std::logic_error(std::string("asset not embedded: ") + path);
  return std::string(*a);
}

}  // namespace

std::vector<InstallFile> service_files(bool signer) {
  std::vector<InstallFile> out;
  if (signer) {
    out.push_back(
        {"/etc/systemd/system/stacks-signer.service", asset("systemd/stacks-signer.service")});
    out.push_back({"/etc/systemd/system/stacks-node.service.d/10-signer.conf",
                   "# Installed by `snr agent bootstrap`: the node blocks while its signer event\n"
                   "# observer is unreachable, so it wants the signer and starts after it.\n"
                   "[Unit]\nWants=stacks-signer.service\nAfter=stacks-signer.service\n"});
  }
  out.push_back({"/etc/systemd/system/stacks-node.service", asset("systemd/stacks-node.service")});
  out.push_back({"/etc/systemd/system/snr-agent.service", asset("systemd/snr-agent.service")});
  out.push_back({"/etc/logrotate.d/stacks", asset("logrotate/stacks")});
  return out;
}

}  // namespace snr::agent
