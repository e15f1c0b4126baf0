#pragma once
/// secp256k1 keys as Stacks uses them: the private key of a signer
/// (`stacks_private_key`) or miner (`[miner] mining_key`, `[node] seed`), its
/// compressed public key and its single-signature Stacks address.

#include <array>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "node/c32.h"
#include "node/keys_hash.h"

namespace snr::node {

/// A compressed secp256k1 public key: 33 bytes, 02/03 then the x coordinate.
class PublicKey {
 public:
  static constexpr std::size_t kSize = 33;

  /// Parses 66 hex digits of a compressed point on the curve (e.g. the key in
  /// a `bootstrap_node` entry); nullopt otherwise.
  static std::optional<PublicKey> parse_hex(std::string_view hex);

  const std::array<std::uint8_t, kSize>& bytes() const { return bytes_; }
  /// 66 lower-case hex digits.
  std::string hex() const;
  /// RIPEMD160(SHA256(compressed key)).
  Hash160 hash160() const;
  /// The single-signature (P2PKH) address: SP… on mainnet, ST… on testnet.
  /// This is the address stacks-signer derives from its key.
  StacksAddress address(Network network) const;

  bool operator==(const PublicKey&) const = default;

 private:
  friend class PrivateKey;
  explicit PublicKey(const std::array<std::uint8_t, kSize>& bytes) : bytes_(bytes) {}
  std::array<std::uint8_t, kSize> bytes_;
};

/// Why text is not a private key. `message` never contains the key material.
struct KeyParseError {
  enum class Rule {
    not_hex,                 ///< a character is not a hex digit
    wrong_length,            ///< not 64 or 66 hex digits
    bad_compression_marker,  ///< 66 digits, but the 33rd byte is not 01
    out_of_range,            ///< zero, or not below the curve order n
  };
  Rule rule;
  std::string message;
};

/// Fills a buffer with random bytes. The default, os_random, reads the OS
/// CSPRNG; tests pass their own to exercise the rejection of invalid keys.
using RandomSource = std::function<void(std::span<std::uint8_t>)>;

/// Fills `out` from getrandom(2) (OpenSSL RAND_bytes if the kernel lacks it).
/// Throws snr::Failure if no randomness is available.
void os_random(std::span<std::uint8_t> out);

/// A secp256k1 private key (32 bytes, 0 < k < n). A value type that is never
/// printed by accident: there is no operator<< or string conversion; the key
/// leaves only through reveal_hex(). The bytes are wiped when destroyed.
class PrivateKey {
 public:
  static constexpr std::size_t kSize = 32;

  /// A new key from `random` (the OS CSPRNG by default), drawn again if the
  /// bytes are not a valid key. Throws snr::Failure if the source keeps giving
  /// invalid keys (a broken generator).
  static PrivateKey generate(const RandomSource& random = os_random);

  /// Parses the stacks-core format: 64 hex digits, or 66 ending in "01" (the
  /// compressed-public-key marker). Either case; nothing else (no 0x, no spaces).
  static std::variant<PrivateKey, KeyParseError> parse_hex(std::string_view hex);

  PrivateKey(const PrivateKey&) = default;
  PrivateKey& operator=(const PrivateKey&) = default;
  ~PrivateKey();

  /// The compressed public key.
  PublicKey public_key() const;

  /// The key as 64 lower-case hex digits followed by "01": the form stacks-core
  /// writes for compressed keys. stacks-signer `stacks_private_key`, the miner's
  /// `mining_key` and the node `seed` all accept it, and with it every one of
  /// them uses the compressed public key (and so the address shown by snr).
  /// Wipe the returned string with wipe() when done.
  std::string reveal_hex() const;

  /// Constant-time comparison.
  bool operator==(const PrivateKey& other) const;

 private:
  explicit PrivateKey(const std::array<std::uint8_t, kSize>& secret) : secret_(secret) {}
  std::array<std::uint8_t, kSize> secret_;
};

/// For GoogleTest failure messages: prints "PrivateKey(redacted)", never the key.
void PrintTo(const PrivateKey& key, std::ostream* os);

/// Overwrites `s` (e.g. a revealed key or a key file's contents) and empties it.
void wipe(std::string& s);

}  // namespace snr::node
