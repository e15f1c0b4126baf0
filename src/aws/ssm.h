#pragma once
/// AWS Systems Manager Parameter Store (JSON protocol).

#include <cstdint>
#include <optional>
#include <string>

#include "aws/client.h"
#include "aws/json_protocol.h"
#include "aws/time.h"
#include "aws/types.h"

namespace snr::aws {

enum class ParameterType { string, secure_string, string_list };

/// "String", "SecureString", "StringList".
std::string_view to_string(ParameterType t);

struct SsmParameter {
  std::string name;
  std::string type;   ///< as returned: "String", "SecureString", "StringList"
  std::string value;  ///< decrypted when requested with decryption
  std::int64_t version = 0;
  std::string arn;
  std::optional<Timestamp> last_modified;
};

struct PutParameterRequest {
  std::string name;
  std::string value;
  ParameterType type = ParameterType::string;
  bool overwrite = false;
  std::string description;
  std::string kms_key_id;  ///< SecureString only; empty: the AWS managed key
  Tags tags;               ///< only when creating (AWS rejects tags with overwrite)
};

class SsmClient {
 public:
  explicit SsmClient(const AwsContext& context);

  /// Nullopt when the parameter does not exist (ParameterNotFound).
  std::optional<SsmParameter> get_parameter(const std::string& name, bool with_decryption = true);
  /// Returns the new version. Without `overwrite`, an existing name fails
  /// with ParameterAlreadyExists.
  std::int64_t put_parameter(const PutParameterRequest& request);
  /// False when there was no such parameter.
  bool delete_parameter(const std::string& name);

 private:
  JsonClient json_;
};

}  // namespace snr::aws
