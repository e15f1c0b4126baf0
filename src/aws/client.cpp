#include "aws/client.h"

#include <algorithm>

#include "net/curl_transport.h"
#include "util/strings.h"

namespace snr::aws {

namespace {

std::string status_code_name(long status) {
  switch (status) {
    case 400:
      return "BadRequest";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 405:
      return "MethodNotAllowed";
    case 409:
      return "Conflict";
    case 412:
      return "PreconditionFailed";
    case 429:
      return "TooManyRequestsException";
    case 500:
      return "InternalFailure";
    case 501:
      return "NotImplemented";
    case 502:
      return "BadGateway";
    case 503:
      return "ServiceUnavailable";
    case 504:
      return "GatewayTimeout";
    default:
      return "HTTP" + std::to_string(status);
  }
}

void set_header(std::vector<net::Header>& headers, std::string_view name, std::string value) {
  headers.erase(std::remove_if(headers.begin(), headers.end(),
                               [&](const net::Header& h) {
                                 return util::to_lower(h.first) == util::to_lower(name);
                               }),
                headers.end());
  if (!value.empty()) headers.emplace_back(std::string(name), std::move(value));
}

}  // namespace

AwsError error_from_response(const ServiceInfo& info, const Endpoint& endpoint,
                             const net::HttpResponse& response) {
  ErrorDetails d;
  // JSON services answer some errors (e.g. an emulator's signature checks) in
  // XML and vice versa, so try the other parser when the expected one finds nothing.
  if (info.protocol == Protocol::json) {
    d = parse_json_error(response.body, response.header("x-amzn-errortype"));
    if (d.code.empty()) d = parse_xml_error(response.body);
  } else {
    d = parse_xml_error(response.body);
    if (d.code.empty()) d = parse_json_error(response.body, response.header("x-amzn-errortype"));
  }
  if (d.request_id.empty()) d.request_id = response.header("x-amzn-requestid");
  if (d.request_id.empty()) d.request_id = response.header("x-amz-request-id");
  if (d.code.empty()) {
    if (endpoint.custom && response.status == 500) {
      d.code = "NotImplemented";
      d.message = "the endpoint " + endpoint.url +
                  " answered HTTP 500 without an AWS error document (emulators answer so "
                  "for operations they do not implement)";
    } else {
      d.code = status_code_name(response.status);
      d.message = "HTTP " + std::to_string(response.status) + " without an AWS error document";
    }
  }
  return AwsError(std::string(info.display_name), std::move(d.code), std::move(d.message),
                  response.status, std::move(d.request_id));
}

ServiceClient::ServiceClient(const AwsContext& context, Service service)
    : context_(context),
      info_(&service_info(service)),
      endpoint_(resolve_endpoint(service, context.region, context.env, context.endpoint_url)),
      hooks_(default_retry_hooks()),
      quota_(context.retry.quota_capacity) {
  if (!context_.credentials) throw Failure("AWS client created without a credentials provider");
  transport_ = context_.transport ? context_.transport(context_.http)
                                  : std::make_unique<net::CurlTransport>(context_.http);
  if (context_.retry_hooks.sleep) hooks_.sleep = context_.retry_hooks.sleep;
  if (context_.retry_hooks.random) hooks_.random = context_.retry_hooks.random;
}

net::HttpResponse ServiceClient::send(net::HttpRequest request) {
  if (request.max_body_bytes == 0) request.max_body_bytes = kDefaultBodyCap;
  const int max_attempts = std::max(1, context_.retry.max_attempts);
  int retry_cost = 0;
  for (int attempt = 1;; ++attempt) {
    Credentials creds = context_.credentials->get();
    set_header(request.headers, "X-Amz-Security-Token", creds.session_token);
    request.sigv4 = net::SigV4{endpoint_.signing_region, std::string(info_->signing_name),
                               creds.access_key_id, creds.secret_access_key};

    auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - start);
    };
    auto may_retry = [&](bool after_timeout) {
      if (attempt >= max_attempts || !quota_.acquire(after_timeout)) return false;
      retry_cost += RetryQuota::cost(after_timeout);
      hooks_.sleep(backoff_delay(context_.retry, attempt, hooks_.random()));
      return true;
    };

    net::HttpResponse response;
    try {
      response = transport_->send(request);
    } catch (const TransportError& e) {
      log_exchange(context_.log, {info_->display_name, &request, nullptr, e.what(), elapsed(),
                                  attempt, max_attempts});
      if (e.retryable() && may_retry(e.timeout())) continue;
      throw TransportError(std::string(info_->display_name) + ": " + e.what(), e.retryable(),
                           e.timeout());
    }
    log_exchange(context_.log,
                 {info_->display_name, &request, &response, {}, elapsed(), attempt, max_attempts});
    if (response.status >= 200 && response.status < 300) {
      quota_.release(retry_cost);
      return response;
    }
    AwsError error = error_from_response(*info_, endpoint_, response);
    if (error.is_retryable() && may_retry(false)) continue;
    throw error;
  }
}

}  // namespace snr::aws
