#include "node/keys_bitcoin.h"

#include <algorithm>
#include <vector>

namespace snr::node {
namespace {

constexpr std::string_view kBase58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
constexpr std::string_view kBech32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

std::uint32_t bech32_polymod(const std::vector<std::uint8_t>& values) {
  constexpr std::uint32_t kGen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  std::uint32_t chk = 1;
  for (std::uint8_t v : values) {
    const std::uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; ++i) {
      if ((top >> i) & 1) chk ^= kGen[i];
    }
  }
  return chk;
}

}  // namespace

std::string base58check(std::uint8_t version, std::span<const std::uint8_t> payload) {
  std::vector<std::uint8_t> data;
  data.push_back(version);
  data.insert(data.end(), payload.begin(), payload.end());
  const Sha256Digest check = double_sha256(data);
  data.insert(data.end(), check.begin(), check.begin() + 4);

  // Repeated division by 58 of the big-endian number in `data`.
  std::vector<std::uint8_t> digits;  // base 58, least significant first
  for (std::uint8_t byte : data) {
    unsigned carry = byte;
    for (auto& d : digits) {
      carry += static_cast<unsigned>(d) << 8;
      d = static_cast<std::uint8_t>(carry % 58);
      carry /= 58;
    }
    while (carry) {
      digits.push_back(static_cast<std::uint8_t>(carry % 58));
      carry /= 58;
    }
  }
  std::string out;
  for (std::uint8_t byte : data) {  // each leading zero byte is a leading '1'
    if (byte != 0) break;
    out += '1';
  }
  for (auto it = digits.rbegin(); it != digits.rend(); ++it)
    out += kBase58[*it];
  return out;
}

std::string segwit_v0_address(std::string_view hrp, std::span<const std::uint8_t> program) {
  std::vector<std::uint8_t> data{0};  // witness version 0
  unsigned acc = 0;
  int bits = 0;
  for (std::uint8_t byte : program) {  // 8-bit groups to 5-bit groups, padded
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      data.push_back(static_cast<std::uint8_t>((acc >> bits) & 31));
    }
  }
  if (bits > 0) data.push_back(static_cast<std::uint8_t>((acc << (5 - bits)) & 31));

  std::vector<std::uint8_t> expanded;
  for (char c : hrp)
    expanded.push_back(static_cast<std::uint8_t>(static_cast<unsigned char>(c) >> 5));
  expanded.push_back(0);
  for (char c : hrp)
    expanded.push_back(static_cast<std::uint8_t>(static_cast<unsigned char>(c) & 31));
  expanded.insert(expanded.end(), data.begin(), data.end());
  expanded.insert(expanded.end(), 6, 0);
  const std::uint32_t mod = bech32_polymod(expanded) ^ 1;

  std::string out(hrp);
  out += '1';
  for (std::uint8_t d : data)
    out += kBech32[d];
  for (int i = 0; i < 6; ++i)
    out += kBech32[(mod >> (5 * (5 - i))) & 31];
  return out;
}

std::string bitcoin_address(const PublicKey& key, Network network, bool segwit) {
  const Hash160 h = key.hash160();
  const bool mainnet = network == Network::mainnet;
  if (segwit) return segwit_v0_address(mainnet ? "bc" : "bcrt", h);
  return base58check(mainnet ? 0x00 : 0x6f, h);
}

}  // namespace snr::node
