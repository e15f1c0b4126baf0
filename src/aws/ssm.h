#pragma once
/// AWS Systems Manager (JSON protocol): Parameter Store and Run Command.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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

/// SendCommand with the AWS-RunShellScript document.
struct SendCommandRequest {
  std::vector<std::string> instance_ids;
  std::vector<std::string> commands;  ///< the document's `commands` parameter, one line each
  int timeout_seconds = 600;  ///< TimeoutSeconds: how long the command may wait to be delivered
  int execution_timeout_seconds = 0;  ///< executionTimeout parameter; 0: the document's (3600)
  std::string comment;  ///< at most 100 characters (longer is cut)
};

/// GetCommandInvocation. `status`: Pending, InProgress, Delayed, Success, Cancelled,
/// TimedOut, Failed, Cancelling; `status_details` adds Undeliverable, Terminated, ...
struct CommandInvocation {
  std::string command_id;
  std::string instance_id;
  std::string status;
  std::string status_details;
  int response_code = -1;  ///< the script's exit code; -1 while it has none
  std::string standard_output;  ///< the first 24,000 characters
  std::string standard_error;   ///< the first 8,000 characters
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

  /// SendCommand (AWS-RunShellScript); returns the command id.
  std::string send_command(const SendCommandRequest& request);
  /// GetCommandInvocation; nullopt on InvocationDoesNotExist (real AWS answers so for a
  /// moment right after SendCommand, and for an instance the command never reached).
  std::optional<CommandInvocation> get_command_invocation(const std::string& command_id,
                                                          const std::string& instance_id);

 private:
  JsonClient json_;
};

}  // namespace snr::aws
