#include "node/c32.h"

#include <algorithm>
#include <stdexcept>

namespace snr::node {

namespace {

/// Value of one c32 character, or -1. Lower case and O/L/I are accepted.
int c32_value(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'O') return 0;
  if (c == 'L' || c == 'I') return 1;
  std::size_t pos = kC32Alphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

/// Upper case with the Crockford substitutions applied; characters outside the
/// alphabet are kept as they are.
std::string normalize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    int v = c32_value(c);
    out.push_back(v < 0 ? c : kC32Alphabet[static_cast<std::size_t>(v)]);
  }
  return out;
}

std::array<std::uint8_t, 4> checksum(std::uint8_t version, std::span<const std::uint8_t> data) {
  std::vector<std::uint8_t> buf;
  buf.reserve(data.size() + 1);
  buf.push_back(version);
  buf.insert(buf.end(), data.begin(), data.end());
  Sha256Digest d = double_sha256(buf);
  return {d[0], d[1], d[2], d[3]};
}

AddressError error(AddressError::Rule rule, std::string message) {
  return AddressError{rule, std::move(message)};
}

// Longest possible address: "S", version, 39 digits for 24 bytes.
constexpr std::size_t kMaxAddressLength = 41;

}  // namespace

std::uint8_t single_sig_version(Network network) {
  return network == Network::mainnet ? kVersionMainnetSingleSig : kVersionTestnetSingleSig;
}

std::string c32_encode(std::span<const std::uint8_t> bytes) {
  // Digits come out least significant first, then the string is reversed.
  std::string out;
  out.reserve(bytes.size() * 8 / 5 + 2);
  std::uint32_t acc = 0;
  int bits = 0;
  for (auto it = bytes.rbegin(); it != bytes.rend(); ++it) {
    acc |= static_cast<std::uint32_t>(*it) << bits;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kC32Alphabet[acc & 31u]);
      acc >>= 5;
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kC32Alphabet[acc & 31u]);
  while (!out.empty() && out.back() == '0')
    out.pop_back();
  auto first_nonzero = std::find_if(bytes.begin(), bytes.end(), [](auto b) { return b != 0; });
  out.append(static_cast<std::size_t>(first_nonzero - bytes.begin()), '0');
  std::reverse(out.begin(), out.end());
  return out;
}

std::optional<std::vector<std::uint8_t>> c32_decode(std::string_view text) {
  std::vector<std::uint8_t> digits;
  digits.reserve(text.size());
  for (char c : text) {
    int v = c32_value(c);
    if (v < 0) return std::nullopt;
    digits.push_back(static_cast<std::uint8_t>(v));
  }
  // Bytes come out least significant first, then the vector is reversed.
  std::vector<std::uint8_t> out;
  out.reserve(digits.size() * 5 / 8 + 1);
  std::uint32_t acc = 0;
  int bits = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    acc |= static_cast<std::uint32_t>(*it) << bits;
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<std::uint8_t>(acc & 0xffu));
      acc >>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) out.push_back(static_cast<std::uint8_t>(acc));
  while (!out.empty() && out.back() == 0)
    out.pop_back();
  auto first_nonzero = std::find_if(digits.begin(), digits.end(), [](auto d) { return d != 0; });
  out.insert(out.end(), static_cast<std::size_t>(first_nonzero - digits.begin()), 0);
  std::reverse(out.begin(), out.end());
  return out;
}

std::string c32check_encode(std::uint8_t version, std::span<const std::uint8_t> data) {
  if (version >= 32) {
    throw std::invalid_argument("c32check version must be below 32, got " +
                                std::to_string(version));
  }
  std::vector<std::uint8_t> payload(data.begin(), data.end());
  auto sum = checksum(version, data);
  payload.insert(payload.end(), sum.begin(), sum.end());
  std::string out(1, kC32Alphabet[version]);
  out += c32_encode(payload);
  return out;
}

std::string c32_address(std::uint8_t version, std::span<const std::uint8_t> data) {
  return "S" + c32check_encode(version, data);
}

std::string StacksAddress::to_string() const {
  return c32_address(version, hash160);
}

std::optional<Network> StacksAddress::network() const {
  switch (version) {
    case kVersionMainnetSingleSig:
    case kVersionMainnetMultiSig:
      return Network::mainnet;
    case kVersionTestnetSingleSig:
    case kVersionTestnetMultiSig:
      return Network::testnet;
    default:
      return std::nullopt;
  }
}

bool StacksAddress::is_single_sig() const {
  return version == kVersionMainnetSingleSig || version == kVersionTestnetSingleSig;
}

std::variant<StacksAddress, AddressError> parse_stacks_address(std::string_view text) {
  using Rule = AddressError::Rule;
  if (text.size() <= 5) {
    return error(Rule::too_short, "too short (" + std::to_string(text.size()) +
                                      " characters) to be a Stacks address");
  }
  if (text[0] != 'S' && text[0] != 's') {
    return error(Rule::no_s_prefix, "a Stacks address starts with 'S' (e.g. SP… or ST…)");
  }
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (c32_value(text[i]) < 0) {
      return error(Rule::bad_character,
                   "character " + std::to_string(i + 1) +
                       " is not in the c32 alphabet (0-9 and A-Z without U; I, L and O are "
                       "read as 1, 1 and 0)");
    }
  }
  if (text.size() > kMaxAddressLength) {
    return error(Rule::too_long, "too long (" + std::to_string(text.size()) +
                                     " characters; a Stacks address has at most " +
                                     std::to_string(kMaxAddressLength) + ")");
  }
  auto version = static_cast<std::uint8_t>(c32_value(text[1]));
  std::optional<std::vector<std::uint8_t>> payload = c32_decode(text.substr(2));
  if (!payload || payload->size() < 5) {
    return error(Rule::too_short, "too short: it holds no data after the checksum");
  }
  std::span<const std::uint8_t> data(payload->data(), payload->size() - 4);
  std::span<const std::uint8_t> sum(payload->data() + data.size(), 4);
  auto expected = checksum(version, data);
  if (!std::equal(sum.begin(), sum.end(), expected.begin())) {
    return error(Rule::bad_checksum, "the checksum does not match (a mistyped character?)");
  }
  if (data.size() != std::tuple_size_v<Hash160>) {
    return error(Rule::wrong_length, "it encodes " + std::to_string(data.size()) +
                                         " bytes; a Stacks address holds a 20-byte hash160");
  }
  StacksAddress address;
  address.version = version;
  std::copy(data.begin(), data.end(), address.hash160.begin());
  if (address.to_string() != normalize(text)) {
    return error(Rule::not_canonical, "it decodes, but is not the canonical form " +
                                          address.to_string() + " of that address");
  }
  return address;
}

}  // namespace snr::node
