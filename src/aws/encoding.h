#pragma once
/// Encodings the AWS protocols need: SigV4-style percent-encoding, form
/// bodies, canonical query strings, digests, UUIDs.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace snr::aws {

/// Ordered name/value pairs (form fields, query parameters).
using Params = std::vector<std::pair<std::string, std::string>>;

/// RFC 3986 percent-encoding as SigV4 defines it: A-Z a-z 0-9 - _ . ~ stay,
/// every other byte becomes %XX (upper-case hex). With `keep_slash`, '/'
/// stays too (S3 object keys in a path).
std::string uri_encode(std::string_view s, bool keep_slash = false);

/// One component of an application/x-www-form-urlencoded body: like
/// uri_encode, but a space becomes '+'. Byte-for-byte what Python's
/// urllib.parse.urlencode produces, which moto re-creates to check signatures.
std::string form_encode_component(std::string_view s);

/// A form body: `k=v&k=v` in the given order.
std::string form_encode(const Params& params);

/// Decodes %XX escapes (and '+' as space when `plus_as_space`). Malformed
/// escapes are kept as they are.
std::string uri_decode(std::string_view s, bool plus_as_space);

/// A SigV4 canonical query string: every name and value uri_encode'd, sorted
/// by name then value, "name=" for an empty value. libcurl 7.88.1 signs the
/// query exactly as sent, so URLs must carry their query in this form.
std::string canonical_query(const Params& params);

/// Base64 of the MD5 of `data` (S3's Content-MD5 header).
std::string md5_base64(std::string_view data);
std::string base64_encode(std::string_view data);
/// A random (version 4) UUID, e.g. for idempotency tokens.
std::string random_uuid();

}  // namespace snr::aws
