#include "config/validators.h"

#include <algorithm>
#include <cstdio>

#include <arpa/inet.h>

#include "config/regions.h"
#include "util/strings.h"

namespace snr::config {

bool is_valid_host(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  std::string h(host);
  unsigned char buf[16];
  if (inet_pton(AF_INET, h.c_str(), buf) == 1 || inet_pton(AF_INET6, h.c_str(), buf) == 1) {
    return true;
  }
  for (const auto& label : util::split(host, '.')) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      bool ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      if (!ok) return false;
    }
  }
  return true;
}

bool is_valid_email(std::string_view s) {
  auto at = s.find('@');
  if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  for (char c : s) {
    if (static_cast<unsigned char>(c) <= ' ' || c == ',' || c == ';' || c == '"') return false;
  }
  std::string_view domain = s.substr(at + 1);
  return domain.find('.') != std::string_view::npos && is_valid_host(domain);
}

std::string check_secret_arn(std::string_view arn, std::string_view expected_region,
                             std::string_view expected_account) {
  const std::string shape = "expected arn:aws:secretsmanager:<region>:<account>:secret:<name>";
  auto parts = util::split(arn, ':');
  if (parts.size() != 7 || parts[0] != "arn" || parts[2] != "secretsmanager" ||
      parts[5] != "secret") {
    return "is not a Secrets Manager secret ARN; " + shape;
  }
  const std::string& partition = parts[1];
  const std::string& region = parts[3];
  const std::string& account = parts[4];
  const std::string& name = parts[6];
  if (partition != "aws" && partition != "aws-cn" && partition != "aws-us-gov" &&
      partition != "aws-eusc") {
    return "has an unknown partition \"" + partition + "\"; " + shape;
  }
  if (!is_known_region(region)) return "names an unknown region \"" + region + "\"";
  if (partition_of(region) != partition) {
    return "names region " + region + " in partition " + partition + ", which does not hold it";
  }
  if (account.size() != 12 || !util::parse_uint(account)) {
    return "has an account id that is not 12 digits";
  }
  if (name.empty() || name.size() > 512) return "has an empty or too long secret name";
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '/' || c == '_' || c == '+' || c == '=' || c == '.' || c == '@' || c == '-';
    if (!ok) return "has a secret name with characters Secrets Manager does not allow";
  }
  // IAM matches a secret by its full ARN, which ends in "-" and 6 random
  // characters; a policy naming the ARN without them never matches.
  const bool suffixed =
      name.size() > 7 && name[name.size() - 7] == '-' &&
      std::all_of(name.end() - 6, name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      });
  if (!suffixed) {
    return "lacks the 6-character suffix of a full secret ARN (…:secret:" + name +
           "-AbCdEf); the node role's policy would never match it. Copy the ARN from `aws "
           "secretsmanager describe-secret --secret-id " +
           name + " --query ARN`";
  }
  if (!expected_region.empty() && region != expected_region) {
    return "is in region " + region + " but the deployment is in " + std::string(expected_region) +
           "; copy the secret to " + std::string(expected_region) +
           " (Secrets Manager replication) and use that ARN";
  }
  (void)expected_account;  // cross-account secrets work with a resource policy; not an error
  return {};
}

std::string quote_value(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace snr::config
