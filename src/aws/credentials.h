#pragma once
/// AWS credentials and the providers that hand them to clients.

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "aws/time.h"

namespace snr::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  ///< empty for long-term keys
  std::optional<Timestamp> expiration;
  /// Where they came from, for messages: "environment", "profile dev in
  /// /home/u/.aws/credentials", "EC2 instance role web", "assumed role arn:...".
  std::string source;
};

/// Gives the credentials to sign the next request with. Implementations are
/// thread-safe.
class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  /// Throws snr::UserError when there are none, snr::Failure when fetching failed.
  virtual Credentials get() = 0;
};

/// Credentials that never change.
class StaticCredentialsProvider final : public CredentialsProvider {
 public:
  explicit StaticCredentialsProvider(Credentials c) : credentials_(std::move(c)) {}
  Credentials get() override { return credentials_; }

 private:
  Credentials credentials_;
};

/// Caches expiring credentials (instance role, assumed role) and fetches
/// new ones ahead of expiry, like the SDKs: from 15 minutes before expiry a
/// failed refresh keeps the old credentials; from 10 minutes before it is an error.
class RefreshingCredentialsProvider final : public CredentialsProvider {
 public:
  using Fetch = std::function<Credentials()>;
  using Now = std::function<Timestamp()>;
  explicit RefreshingCredentialsProvider(
      Fetch fetch, Now now = [] { return Clock::now(); });
  Credentials get() override;

 private:
  Fetch fetch_;
  Now now_;
  std::mutex mutex_;
  std::optional<Credentials> cached_;
};

}  // namespace snr::aws
