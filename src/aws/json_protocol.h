#pragma once
/// The JSON protocol (Secrets Manager, SSM): POST of a JSON document with
/// X-Amz-Target, Content-Type application/x-amz-json-1.1.

#include <string_view>

#include <nlohmann/json.hpp>

#include "aws/client.h"

namespace snr::aws {

class JsonClient {
 public:
  JsonClient(const AwsContext& context, Service service);

  /// Calls `operation` (e.g. "GetSecretValue") with `input`; returns the
  /// response document ({} for an empty body).
  /// `max_body`: the answer's size cap (0: kDefaultBodyCap).
  nlohmann::json call(std::string_view operation, const nlohmann::json& input,
                      std::size_t max_body = 0);

  ServiceClient& service() { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace snr::aws
