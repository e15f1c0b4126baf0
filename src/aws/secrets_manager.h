#pragma once
/// AWS Secrets Manager (JSON protocol). Secret values pass through these
/// structs but are never logged (request_log.h redacts SecretString).

#include <optional>
#include <string>
#include <vector>

#include "aws/client.h"
#include "aws/json_protocol.h"
#include "aws/time.h"
#include "aws/types.h"

namespace snr::aws {

struct SecretRef {
  std::string arn;
  std::string name;
  std::string version_id;
};

struct CreateSecretRequest {
  std::string name;
  std::string secret_string;
  std::string description;
  std::string kms_key_id;  ///< empty: the account's default key
  Tags tags;
};

struct SecretValue {
  std::string arn;
  std::string name;
  std::string version_id;
  std::string secret_string;
  std::vector<std::string> version_stages;
  std::optional<Timestamp> created_date;
};

struct SecretDescription {
  std::string arn;
  std::string name;
  std::string description;
  std::string kms_key_id;
  Tags tags;
  std::optional<Timestamp> created_date;
  std::optional<Timestamp> last_changed_date;
  std::optional<Timestamp> deleted_date;  ///< set while scheduled for deletion
};

struct DeleteSecretOptions {
  /// Delete now, without a recovery window.
  bool force_without_recovery = false;
  /// Days (7..30) before deletion; unset: the service default (30).
  std::optional<int> recovery_window_days;
};

class SecretsManagerClient {
 public:
  explicit SecretsManagerClient(const AwsContext& context);

  /// Fails with ResourceExistsException when the name is taken.
  SecretRef create_secret(const CreateSecretRequest& request);
  /// `version_stage` empty: AWSCURRENT.
  SecretValue get_secret_value(const std::string& secret_id, const std::string& version_stage = "");
  /// Nullopt when there is no such secret (ResourceNotFoundException).
  std::optional<SecretDescription> describe_secret(const std::string& secret_id);
  /// Every secret whose name starts with `name_prefix` (all pages).
  std::vector<SecretDescription> list_secrets(const std::string& name_prefix = "");
  /// Returns the scheduled deletion date when there is one.
  std::optional<Timestamp> delete_secret(const std::string& secret_id,
                                         const DeleteSecretOptions& options = {});
  /// Stores a new AWSCURRENT value.
  SecretRef put_secret_value(const std::string& secret_id, const std::string& secret_string);

 private:
  JsonClient json_;
};

}  // namespace snr::aws
