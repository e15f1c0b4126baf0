#pragma once
/// Where a private key is kept. `snr keys generate` stores a new key into a
/// KeyStore and `snr keys show` loads one from it. A key file is the only
/// store today; another (e.g. AWS Secrets Manager) is one more implementation.

#include <filesystem>
#include <string>

#include "node/keys.h"
#include "util/error.h"

namespace snr::node {

/// A key as a secret holds it: plain hex (64 digits, or 66 ending in 01) or
/// JSON {"private_key": "<hex>"} (what snr writes). Throws snr::Failure naming
/// `where` and the rule that failed, never the value.
PrivateKey parse_stored_key(const std::string& value, const std::string& where);

/// The JSON snr stores a key as: {"private_key": "<66 hex>"}. Wipe it after use.
std::string stored_key_json(const PrivateKey& key);

class KeyStore {
 public:
  virtual ~KeyStore() = default;

  /// Names the store as the subject of a diagnostic, e.g. "--out /etc/snr/signer.key".
  virtual std::string subject() const = 0;
  /// Names the store in prose, e.g. "key file /etc/snr/signer.key". Never the key.
  virtual std::string describe() const = 0;
  /// Adds every problem that would make store() fail (e.g. the file already
  /// exists) to `problems`, so they are reported before a key is generated.
  virtual void check_can_store(Diagnostics& problems) const = 0;
  /// Stores `key`; never replaces an existing key. Throws snr::UserError
  /// (e.g. it exists after all) or snr::Failure (I/O).
  virtual void store(const PrivateKey& key) const = 0;
  /// Loads the key; adds warnings (e.g. a key file others can read) to
  /// `warnings`. Throws snr::UserError if it is missing or malformed (the
  /// message says which rule failed, never the contents) or snr::Failure.
  virtual PrivateKey load(Diagnostics& warnings) const = 0;
};

/// A key file: one line, 66 hex digits (the key and the 01 marker) and a newline,
/// created exclusively with mode 0600. Reading also accepts 64 digits and
/// surrounding whitespace.
class KeyFileStore final : public KeyStore {
 public:
  /// Files larger than this are refused unread (a key file is 67 bytes).
  static constexpr long kMaxFileSize = 4096;

  /// `flag` (e.g. "--out") prefixes the path in diagnostics when not empty.
  explicit KeyFileStore(std::filesystem::path path, std::string flag = {});

  const std::filesystem::path& path() const { return path_; }

  std::string subject() const override;
  std::string describe() const override;
  void check_can_store(Diagnostics& problems) const override;
  void store(const PrivateKey& key) const override;
  PrivateKey load(Diagnostics& warnings) const override;

 private:
  std::filesystem::path path_;
  std::string flag_;
};

}  // namespace snr::node
