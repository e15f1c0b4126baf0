#pragma once
/// Following a stack operation live: one progress line per resource event,
/// an overall count, and the failing resources' reasons at the end.

#include <chrono>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "aws/cloudformation.h"

namespace snr::deploy {

/// What the watcher needs from CloudFormation (a seam for recorded sequences in tests).
class StackApi {
 public:
  virtual ~StackApi() = default;
  virtual std::optional<aws::Stack> describe_stack(const std::string& name) = 0;
  virtual std::vector<aws::StackEvent> events_since(const std::string& name,
                                                    const std::string& after_event_id) = 0;
};

/// StackApi over a real client.
class CloudFormationStackApi final : public StackApi {
 public:
  explicit CloudFormationStackApi(aws::CloudFormationClient& cfn) : cfn_(cfn) {}
  std::optional<aws::Stack> describe_stack(const std::string& name) override;
  std::vector<aws::StackEvent> events_since(const std::string& name,
                                            const std::string& after_event_id) override;

 private:
  aws::CloudFormationClient& cfn_;
};

/// True for a stack status that ends an operation (not *_IN_PROGRESS).
bool is_terminal(const std::string& status);
/// True for a terminal status that means the operation worked.
bool is_success(const std::string& status, bool deleting);

struct WatchResult {
  std::string final_status;               ///< "DELETE_COMPLETE" also when the stack is gone
  std::vector<aws::StackEvent> failures;  ///< resource events *_FAILED, oldest first
  bool interrupted = false;
};

struct WatchOptions {
  int total_resources = 0;  ///< for "n/N"
  bool deleting = false;
  std::chrono::milliseconds poll{2000};
  std::function<void(std::chrono::milliseconds)> sleep;  ///< default: real sleep
  std::function<bool()> interrupted;                     ///< Ctrl-C
};

/// Polls `stack` from just after `after_event_id` until a terminal status,
/// printing a line per new event to `out`.
WatchResult watch_stack(StackApi& api, const std::string& stack, const std::string& after_event_id,
                        std::ostream& out, const WatchOptions& options);

/// The newest event's id ("" when the stack has none or does not exist).
std::string newest_event_id(StackApi& api, const std::string& stack);

/// "  CREATE_FAILED  NodeInstance (AWS::EC2::Instance): <reason>" lines.
std::vector<std::string> describe_failures(const std::vector<aws::StackEvent>& failures);

}  // namespace snr::deploy
