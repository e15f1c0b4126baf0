#include "aws/imds.h"

#include <nlohmann/json.hpp>

#include "aws/error.h"
#include "net/curl_transport.h"
#include "util/error.h"
#include "util/json_fields.h"
#include "util/strings.h"

namespace snr::aws {

namespace {

constexpr std::string_view kWhat = "EC2 instance metadata";
/// IMDS answers are a token, an id, a region document, a tag: a few hundred bytes.
constexpr std::size_t kImdsBodyCap = std::size_t{64} * 1024;

}  // namespace

struct ImdsClient::State {
  ImdsOptions options;
  std::unique_ptr<net::HttpTransport> transport;
  std::string token;
  Timestamp token_expiry{};

  net::HttpResponse send(net::HttpRequest& req) {
    int attempts = std::max(1, options.attempts);
    for (int attempt = 1;; ++attempt) {
      auto start = std::chrono::steady_clock::now();
      auto elapsed = [&] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
      };
      try {
        net::HttpResponse r = transport->send(req);
        log_exchange(options.log, {kWhat, &req, &r, {}, elapsed(), attempt, attempts});
        if (r.status >= 500 && attempt < attempts) continue;
        return r;
      } catch (const TransportError& e) {
        log_exchange(options.log, {kWhat, &req, nullptr, e.what(), elapsed(), attempt, attempts});
        if (!e.retryable() || attempt >= attempts) {
          throw TransportError(std::string(kWhat) + " at " + options.endpoint + ": " + e.what(),
                               e.retryable(), e.timeout());
        }
      }
    }
  }
};

std::string imds_endpoint(const util::Environment& env) {
  if (auto e = util::env_value(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT")) {
    std::string url(util::trim(*e));
    while (!url.empty() && url.back() == '/')
      url.pop_back();
    return url;
  }
  if (auto mode = util::env_value(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")) {
    if (util::to_lower(*mode) == "ipv6") return "http://[fd00:ec2::254]";
  }
  return "http://169.254.169.254";
}

ImdsOptions imds_options(const util::Environment& env) {
  ImdsOptions o;
  o.endpoint = imds_endpoint(env);
  return o;
}

ImdsClient::ImdsClient(ImdsOptions options) : state_(std::make_unique<State>()) {
  state_->options = std::move(options);
  state_->transport = state_->options.transport
                          ? state_->options.transport(state_->options.http)
                          : std::make_unique<net::CurlTransport>(state_->options.http);
}

ImdsClient::~ImdsClient() = default;
ImdsClient::ImdsClient(ImdsClient&&) noexcept = default;
ImdsClient& ImdsClient::operator=(ImdsClient&&) noexcept = default;

std::string ImdsClient::token() {
  State& s = *state_;
  Timestamp now = s.options.now();
  if (!s.token.empty() && now < s.token_expiry) return s.token;
  net::HttpRequest req;
  req.method = "PUT";
  req.url = s.options.endpoint + "/latest/api/token";
  req.max_body_bytes = kImdsBodyCap;
  req.headers.emplace_back("X-aws-ec2-metadata-token-ttl-seconds",
                           std::to_string(s.options.token_ttl.count()));
  net::HttpResponse r = s.send(req);
  if (r.status != 200 || util::trim(r.body).empty()) {
    throw Failure(std::string(kWhat) + ": token request (PUT /latest/api/token) failed with HTTP " +
                  std::to_string(r.status) + "; IMDSv2 is required");
  }
  s.token = std::string(util::trim(r.body));
  // Renew a minute early so a token never expires between check and use.
  s.token_expiry = now + s.options.token_ttl - std::chrono::minutes(1);
  return s.token;
}

std::string ImdsClient::get(std::string_view path) {
  State& s = *state_;
  for (int round = 0;; ++round) {
    net::HttpRequest req;
    req.url = s.options.endpoint + std::string(path);
    req.max_body_bytes = kImdsBodyCap;
    req.headers.emplace_back("X-aws-ec2-metadata-token", token());
    net::HttpResponse r = s.send(req);
    if (r.status == 200) return r.body;
    if (r.status == 401 && round == 0) {
      s.token.clear();  // expired or revoked: get a new one once
      continue;
    }
    throw Failure(std::string(kWhat) + ": GET " + std::string(path) + " failed with HTTP " +
                  std::to_string(r.status));
  }
}

std::string ImdsClient::instance_id() {
  return std::string(util::trim(get("/latest/meta-data/instance-id")));
}

std::string ImdsClient::region() {
  return std::string(util::trim(get("/latest/meta-data/placement/region")));
}

std::string ImdsClient::availability_zone() {
  return std::string(util::trim(get("/latest/meta-data/placement/availability-zone")));
}

std::string ImdsClient::role_name() {
  std::string body;
  try {
    body = get("/latest/meta-data/iam/security-credentials/");
  } catch (const TransportError&) {
    throw;
  } catch (const Failure& e) {
    throw Failure(std::string(kWhat) + ": no IAM role is attached to this instance (" + e.what() +
                  ")");
  }
  std::string name(util::trim(util::split(body, '\n').front()));
  if (name.empty())
    throw Failure(std::string(kWhat) + ": no IAM role is attached to this instance");
  return name;
}

Credentials ImdsClient::role_credentials() {
  std::string role = role_name();
  std::string body = get("/latest/meta-data/iam/security-credentials/" + role);
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  auto str = [&](const char* key) { return util::json_value_or<std::string>(j, key, {}); };
  if (!j.is_object() || (j.contains("Code") && str("Code") != "Success")) {
    throw Failure(std::string(kWhat) + ": credentials of role " + role + " unavailable (Code " +
                  (j.is_object() ? str("Code") : std::string("?")) + ")");
  }
  Credentials c;
  c.access_key_id = str("AccessKeyId");
  c.secret_access_key = str("SecretAccessKey");
  c.session_token = str("Token");
  c.expiration = parse_iso8601(str("Expiration"));
  c.source = "EC2 instance role " + role;
  if (c.access_key_id.empty() || c.secret_access_key.empty()) {
    throw Failure(std::string(kWhat) + ": credentials of role " + role + " are incomplete");
  }
  return c;
}

}  // namespace snr::aws
