#pragma once
/// Checks for the shapes of values: hosts, URLs, ARNs, hex, e-mail addresses.

#include <string>
#include <string_view>

namespace snr::config {

/// A DNS name (RFC 1123 labels), an IPv4 or an IPv6 address.
bool is_valid_host(std::string_view host);
/// A plausible e-mail address for an SNS subscription.
bool is_valid_email(std::string_view s);

/// Checks a Secrets Manager ARN (full or partial, i.e. with or without the
/// random suffix). Returns an empty string when valid, else what is wrong.
std::string check_secret_arn(std::string_view arn, std::string_view expected_region,
                             std::string_view expected_account);

/// Shows a user value in a message: quoted, control characters escaped.
std::string quote_value(std::string_view value);

}  // namespace snr::config
