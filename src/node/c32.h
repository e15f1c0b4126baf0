#pragma once
/// c32 (Crockford base32) and c32check, the encoding of Stacks addresses
/// ("SP…", "ST…"), as specified by stacks-common/src/address/c32.rs.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "node/keys_hash.h"
#include "node/types.h"

namespace snr::node {

/// c32check address versions (stacks-common/src/address/mod.rs).
inline constexpr std::uint8_t kVersionMainnetSingleSig = 22;  ///< "SP…"
inline constexpr std::uint8_t kVersionMainnetMultiSig = 20;   ///< "SM…"
inline constexpr std::uint8_t kVersionTestnetSingleSig = 26;  ///< "ST…"
inline constexpr std::uint8_t kVersionTestnetMultiSig = 21;   ///< "SN…"

/// The single-signature (P2PKH) address version of `network`: 22 or 26.
std::uint8_t single_sig_version(Network network);

/// The c32 alphabet: Crockford base32 without I, L, O, U.
inline constexpr std::string_view kC32Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// c32 text of `bytes` read as one big-endian number, without leading '0'
/// digits except one '0' per leading zero byte of the input.
std::string c32_encode(std::span<const std::uint8_t> bytes);

/// Inverse of c32_encode. Accepts lower case and the Crockford substitutions
/// O/o -> 0, L/l/I/i -> 1; nullopt on any other character.
std::optional<std::vector<std::uint8_t>> c32_decode(std::string_view text);

/// c32check: the version digit, then c32_encode(data ++ checksum) where
/// checksum = SHA256(SHA256(version ++ data))[0..4]. `version` must be < 32
/// (std::invalid_argument otherwise).
std::string c32check_encode(std::uint8_t version, std::span<const std::uint8_t> data);

/// "S" + c32check_encode(version, data): a Stacks address when `data` is a hash160.
std::string c32_address(std::uint8_t version, std::span<const std::uint8_t> data);

/// A Stacks address: a c32check version and a hash160.
struct StacksAddress {
  std::uint8_t version = 0;
  Hash160 hash160{};

  /// The canonical (upper case) text, e.g. "SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7".
  std::string to_string() const;
  /// mainnet for versions 20/22, testnet for 21/26, nullopt for any other version.
  std::optional<Network> network() const;
  /// True for the single-signature versions 22 and 26.
  bool is_single_sig() const;

  bool operator==(const StacksAddress&) const = default;
};

/// Why text is not a Stacks address. `message` describes the rule that failed
/// (without repeating the text, so callers decide how to show it).
struct AddressError {
  enum class Rule {
    too_short,      ///< 5 characters or fewer
    too_long,       ///< longer than any Stacks address
    no_s_prefix,    ///< does not start with 'S'
    bad_character,  ///< a character outside the c32 alphabet
    bad_checksum,   ///< the 4-byte checksum does not match (a typo)
    wrong_length,   ///< decodes to something other than a 20-byte hash160
    not_canonical,  ///< decodes, but is not how that address is written
  };
  Rule rule;
  std::string message;
};

/// Decodes and verifies a Stacks address (c32_address_decode in stacks-core,
/// plus: the 'S' prefix, a 20-byte hash and the canonical spelling are
/// checked). Lower case and O/L/I substitutions are accepted.
std::variant<StacksAddress, AddressError> parse_stacks_address(std::string_view text);

}  // namespace snr::node
