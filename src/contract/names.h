#pragma once
/// The names the operator side and the instance side must agree on: secret
/// names, tag keys, the asset key layout. One home, so `snr deploy`, `snr
/// status`, `snr destroy`, the templates and the agent can never drift apart.

#include <string>
#include <string_view>

#include "node/types.h"

namespace snr::contract {

// --- Secrets Manager --------------------------------------------------------------

/// Every secret snr creates for a stack is named "snr/<stack name>/<what>".
std::string secret_prefix(std::string_view stack_name);

/// The `<what>` of the secrets snr creates.
inline constexpr std::string_view kSignerKeySecret = "signer-key";
inline constexpr std::string_view kMinerSeedSecret = "miner-seed";
inline constexpr std::string_view kAuthTokenSecret = "auth-token";
inline constexpr std::string_view kBitcoinRpcPasswordSecret = "bitcoin-rpc-password";

/// "snr/<stack name>/<what>". `stack_name` may be "${AWS::StackName}" in a template.
std::string secret_name(std::string_view stack_name, std::string_view what);

/// True for the secrets that hold a node's identity (kept by `snr destroy` unless asked).
bool is_identity_secret(std::string_view secret_name);

/// Tags on a key's secret with its public facts (never the key).
inline constexpr std::string_view kPublicKeyTag = "snr:public-key";
inline constexpr std::string_view kAddressTag = "snr:address";

// --- Tags -----------------------------------------------------------------------

/// Project tag on every taggable resource and on the stacks.
inline constexpr std::string_view kProjectTagKey = "Project";
inline constexpr std::string_view kProjectTagValue = "snr";
/// Stack tag with the stack id (stacks-common, stacks-single-node, stacks-ha-nodes).
inline constexpr std::string_view kStackIdTag = "snr:stack-id";

// --- The snr binary in the asset bucket --------------------------------------------

/// "x86_64" or "arm64", as the asset key spells the CPU type.
std::string_view asset_arch(node::CpuType cpu);

/// "snr/<sha256>/snr-linux-<arch>": the key of a binary, by its content hash.
std::string asset_key(std::string_view sha256, node::CpuType cpu);

/// The same with "<sha256>" left as written (the manifest's key format).
std::string asset_key_format(node::CpuType cpu);

}  // namespace snr::contract
