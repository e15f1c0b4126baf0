#pragma once
/// `snr status`: each stack's status and outputs, its instances (state,
/// private IP), the HA group's instances and target health, and a signer's
/// public identity, at a glance.

#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/client.h"
#include "aws/time.h"
#include "config/config.h"

namespace snr::deploy {

/// Text: each stack, then each node with its progress (deploy/node_progress.h) read from
/// the metrics its agent published up to `now`.
void print_status(const config::Config& config, const aws::AwsContext& ctx,
                  const std::vector<std::string>& stack_ids, std::ostream& out,
                  aws::Timestamp now = aws::Clock::now());

/// The same as JSON for scripts (docs/status.md):
/// {"stacks": [{"id", "name", "status" (null: not deployed), "status_reason", "outputs": {},
///   "nodes": [node_progress.h's to_json plus "state", "private_ip"]}]}
nlohmann::json status_json(const config::Config& config, const aws::AwsContext& ctx,
                           const std::vector<std::string>& stack_ids,
                           aws::Timestamp now = aws::Clock::now());

/// The signer's public key and address as tagged on its key secret (public
/// facts only; the secret's value is never read). Empty when not known yet.
struct SignerIdentity {
  std::string public_key;
  std::string address;
  std::string secret;  ///< where the key is
};
SignerIdentity signer_identity(const config::Config& config, const aws::AwsContext& ctx,
                               const std::string& stack_name);

/// The Bitcoin address a miner spends from (it must be funded), from the public
/// key tagged on the miner's seed secret; empty until the key exists.
struct MinerFunding {
  std::string bitcoin_address;
  std::string secret;  ///< where the key is
};
MinerFunding miner_funding(const config::Config& config, const aws::AwsContext& ctx,
                           const std::string& stack_name);

}  // namespace snr::deploy
