#include "aws/json_protocol.h"

#include "util/error.h"
#include "util/strings.h"

namespace snr::aws {

JsonClient::JsonClient(const AwsContext& context, Service service) : client_(context, service) {}

nlohmann::json JsonClient::call(std::string_view operation, const nlohmann::json& input,
                                std::size_t max_body) {
  const ServiceInfo& info = client_.info();
  std::string what = std::string(info.display_name) + " " + std::string(operation);
  net::HttpRequest req;
  req.method = "POST";
  req.max_body_bytes = max_body;
  req.url = client_.endpoint().url + "/";
  req.headers.emplace_back("Content-Type", "application/x-amz-json-1.1");
  req.headers.emplace_back("X-Amz-Target",
                           std::string(info.json_target) + "." + std::string(operation));
  try {
    req.body = input.dump();
  } catch (const nlohmann::json::exception&) {
    throw Failure(what + ": a request value is not valid UTF-8");
  }
  net::HttpResponse resp = client_.send(std::move(req));
  if (util::trim(resp.body).empty()) return nlohmann::json::object();
  nlohmann::json out = nlohmann::json::parse(resp.body, nullptr, /*allow_exceptions=*/false);
  if (out.is_discarded()) throw Failure(what + ": response is not JSON");
  return out;
}

}  // namespace snr::aws
