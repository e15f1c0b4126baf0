#pragma once
/// The Query protocol (CloudFormation, EC2, STS, IAM, Auto Scaling, ELBv2,
/// CloudWatch): form-encoded POST, XML response.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "aws/client.h"
#include "aws/encoding.h"

namespace snr::aws {

struct QueryResponse {
  std::unique_ptr<pugi::xml_document> doc;
  /// <ActionResult> (Query) or the root element (EC2); never null for a
  /// successful call, possibly empty.
  pugi::xml_node result;
};

/// The pagination fields of a Query API: the token sent and the one answered.
struct PageTokens {
  const char* request = "NextToken";
  const char* response = "NextToken";  ///< EC2: "nextToken"; ELBv2: Marker/NextMarker
};

class QueryClient {
 public:
  QueryClient(const AwsContext& context, Service service);

  /// POSTs Action, Version and `params` as a form body and parses the answer.
  QueryResponse call(std::string_view action, const Params& params);

  /// Calls `action` for every page, following the page token, and hands each
  /// page's result to `each_page`, which returns false to stop early.
  void paginate(std::string_view action, const Params& params,
                const std::function<bool(pugi::xml_node)>& each_page,
                PageTokens tokens = PageTokens());

  ServiceClient& service() { return client_; }

 private:
  ServiceClient client_;
};

/// The form body of a Query call: Action, Version, then `params` in order.
std::string query_body(std::string_view action, std::string_view version, const Params& params);

/// Adds a list: `Name.member.1=...` (Query) or `Name.1=...` (EC2 style).
void add_list(Params& params, const std::string& name, const std::vector<std::string>& values,
              bool ec2_style = false);

}  // namespace snr::aws
