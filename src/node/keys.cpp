#include "node/keys.h"

#include <cstring>
#include <ostream>

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <secp256k1.h>
#include <sys/random.h>

#include "util/error.h"
#include "util/hex.h"

namespace snr::node {

namespace {

/// A libsecp256k1 context randomized against side channels, for operations
/// on secret keys.
class SigningContext {
 public:
  SigningContext() : ctx_(secp256k1_context_create(SECP256K1_CONTEXT_NONE)) {
    if (ctx_ == nullptr) throw Failure("libsecp256k1: could not create a context");
    std::array<std::uint8_t, 32> seed{};
    os_random(seed);
    int ok = secp256k1_context_randomize(ctx_, seed.data());
    OPENSSL_cleanse(seed.data(), seed.size());
    if (ok != 1) {
      secp256k1_context_destroy(ctx_);
      throw Failure("libsecp256k1: could not randomize a context");
    }
  }
  ~SigningContext() { secp256k1_context_destroy(ctx_); }
  SigningContext(const SigningContext&) = delete;
  SigningContext& operator=(const SigningContext&) = delete;

  const secp256k1_context* get() const { return ctx_; }

 private:
  secp256k1_context* ctx_;
};

bool valid_secret(const std::uint8_t* secret) {
  return secp256k1_ec_seckey_verify(secp256k1_context_static, secret) == 1;
}

KeyParseError parse_error(KeyParseError::Rule rule, std::string message) {
  return KeyParseError{rule, std::move(message)};
}

constexpr int kMaxGenerateAttempts = 16;

}  // namespace

void os_random(std::span<std::uint8_t> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    ssize_t n = getrandom(out.data() + done, out.size() - done, 0);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == ENOSYS) {
      if (RAND_bytes(out.data() + done, static_cast<int>(out.size() - done)) != 1) {
        throw Failure("no randomness: getrandom(2) is missing and OpenSSL RAND_bytes failed");
      }
      return;
    } else {
      throw Failure(std::string("no randomness: getrandom(2) failed: ") + std::strerror(errno));
    }
  }
}

std::optional<PublicKey> PublicKey::parse_hex(std::string_view hex) {
  std::array<std::uint8_t, kSize> bytes{};
  if (!util::hex_decode_into(hex, bytes)) return std::nullopt;
  if (bytes[0] != 0x02 && bytes[0] != 0x03) return std::nullopt;
  secp256k1_pubkey point;
  if (secp256k1_ec_pubkey_parse(secp256k1_context_static, &point, bytes.data(), bytes.size()) !=
      1) {
    return std::nullopt;
  }
  return PublicKey(bytes);
}

std::string PublicKey::hex() const {
  return util::hex_encode(bytes_);
}

Hash160 PublicKey::hash160() const {
  return node::hash160(bytes_);
}

StacksAddress PublicKey::address(Network network) const {
  return StacksAddress{single_sig_version(network), hash160()};
}

PrivateKey PrivateKey::generate(const RandomSource& random) {
  std::array<std::uint8_t, kSize> secret{};
  for (int attempt = 0; attempt < kMaxGenerateAttempts; ++attempt) {
    random(secret);
    if (valid_secret(secret.data())) {
      PrivateKey key(secret);
      OPENSSL_cleanse(secret.data(), secret.size());
      return key;
    }
  }
  OPENSSL_cleanse(secret.data(), secret.size());
  throw Failure("the random generator gave " + std::to_string(kMaxGenerateAttempts) +
                " invalid secp256k1 keys in a row; it is broken, no key was generated");
}

std::variant<PrivateKey, KeyParseError> PrivateKey::parse_hex(std::string_view hex) {
  using Rule = KeyParseError::Rule;
  const std::string allowed =
      "a private key is 64 hex digits, or 66 ending in 01 (the compressed-public-key marker)";
  if (auto bad = util::first_non_hex(hex)) {
    std::string msg = "character " + std::to_string(*bad + 1) + " is not a hex digit; " + allowed;
    if (hex.starts_with("0x") || hex.starts_with("0X")) msg += " (without a 0x prefix)";
    return parse_error(Rule::not_hex, std::move(msg));
  }
  if (hex.size() != 2 * kSize && hex.size() != 2 * kSize + 2) {
    return parse_error(
        Rule::wrong_length,
        (hex.empty() ? std::string("it is empty") : std::to_string(hex.size()) + " hex digits") +
            "; " + allowed);
  }
  if (hex.size() == 2 * kSize + 2 && hex.substr(2 * kSize) != "01") {
    return parse_error(Rule::bad_compression_marker,
                       "66 hex digits, but the 33rd byte is " + std::string(hex.substr(2 * kSize)) +
                           ", not 01 (the compressed-public-key marker)");
  }
  std::array<std::uint8_t, kSize> secret{};
  util::hex_decode_into(hex.substr(0, 2 * kSize), secret);
  if (!valid_secret(secret.data())) {
    OPENSSL_cleanse(secret.data(), secret.size());
    return parse_error(Rule::out_of_range,
                       "not a valid secp256k1 private key: it is zero or not below the curve "
                       "order n");
  }
  PrivateKey key(secret);
  OPENSSL_cleanse(secret.data(), secret.size());
  return key;
}

PrivateKey::~PrivateKey() {
  OPENSSL_cleanse(secret_.data(), secret_.size());
}

PublicKey PrivateKey::public_key() const {
  SigningContext ctx;
  secp256k1_pubkey point;
  if (secp256k1_ec_pubkey_create(ctx.get(), &point, secret_.data()) != 1) {
    throw Failure("libsecp256k1 could not derive a public key");  // only for an invalid key
  }
  std::array<std::uint8_t, PublicKey::kSize> bytes{};
  std::size_t len = bytes.size();
  if (secp256k1_ec_pubkey_serialize(ctx.get(), bytes.data(), &len, &point,
                                    SECP256K1_EC_COMPRESSED) != 1 ||
      len != bytes.size()) {
    throw Failure("libsecp256k1 could not serialize a public key");
  }
  return PublicKey(bytes);
}

std::string PrivateKey::reveal_hex() const {
  std::string out;
  out.reserve(2 * kSize + 2);  // no reallocation: no stray copies of the key
  static constexpr char kDigits[] = "0123456789abcdef";
  for (std::uint8_t b : secret_) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0f]);
  }
  out += "01";
  return out;
}

bool PrivateKey::operator==(const PrivateKey& other) const {
  return CRYPTO_memcmp(secret_.data(), other.secret_.data(), kSize) == 0;
}

void PrintTo(const PrivateKey& /*key*/, std::ostream* os) {
  *os << "PrivateKey(redacted)";
}

void wipe(std::string& s) {
  if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
  s.clear();
}

}  // namespace snr::node
