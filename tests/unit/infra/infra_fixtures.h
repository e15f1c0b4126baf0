#pragma once
/// Configs and helpers shared by the infra tests.

#include <cstdio>
#include <filesystem>
#include <string>

#include "cfn/template.h"
#include "support/config_fixtures.h"
#include "support/temp_dir.h"

namespace snr::testing {

inline const std::string kFollowerEnv = kMinimalEnv;
inline const std::string kSignerEnv =
    std::string(kMinimalEnv) + "STACKS_NODE_CONFIGURATION=signer\n";
inline const std::string kMinerEnv =
    std::string(kMinimalEnv) +
    "STACKS_NODE_CONFIGURATION=miner\nBITCOIN_PEER_HOST=btc.internal.example\n"
    "BITCOIN_RPC_USERNAME=miner\nBITCOIN_RPC_PASSWORD=miner-rpc-pw-9f2c1\n"
    "BITCOIN_WALLET_NAME=stacks-miner\n";

/// Resources of `type` in a rendered template.
inline std::vector<std::string> ids_of_type(const nlohmann::json& t, const std::string& type) {
  std::vector<std::string> out;
  for (const auto& [id, r] : t["Resources"].items())
    if (r["Type"] == type) out.push_back(id);
  return out;
}

struct ShellResult {
  int exit_code = -1;
  std::string output;  ///< stdout and stderr together
};

/// Runs a shell command (loopback-free, local tools only) and captures its output.
inline ShellResult run(const std::string& command) {
  ShellResult r;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
    r.output.append(buf, n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace snr::testing
