#include "aws/request_log.h"

#include <nlohmann/json.hpp>

#include "aws/encoding.h"
#include "util/strings.h"

namespace snr::aws {

namespace {

constexpr std::size_t kMaxBodyChars = 4096;

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

std::string truncate(std::string s) {
  if (s.size() <= kMaxBodyChars) return s;
  std::size_t total = s.size();
  s.resize(kMaxBodyChars);
  return s + "... (" + std::to_string(total) + " bytes)";
}

void redact_json_value(nlohmann::json& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (is_secret_field(it.key(), /*json=*/true)) {
        it.value() = std::string(kRedacted);
      } else {
        redact_json_value(it.value());
      }
    }
  } else if (j.is_array()) {
    for (auto& e : j)
      redact_json_value(e);
  }
}

}  // namespace

bool is_secret_field(std::string_view name, bool json) {
  std::string n = util::to_lower(name);
  if (n == "secretstring" || n == "secretbinary" || n == "secretaccesskey" || n == "sessiontoken" ||
      n == "token" || n == "parametervalue") {
    return true;
  }
  if (contains(n, "password") || contains(n, "privatekey")) return true;
  return json && n == "value";
}

std::string redact_url(std::string_view url) {
  auto q = url.find('?');
  if (q == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, q + 1));
  bool first = true;
  for (const auto& part : util::split(url.substr(q + 1), '&')) {
    if (!first) out += '&';
    first = false;
    auto eq = part.find('=');
    std::string name = util::to_lower(uri_decode(part.substr(0, eq), true));
    bool secret = name == "x-amz-signature" || name == "x-amz-credential" ||
                  name == "x-amz-security-token" || name == "signature" ||
                  name == "awsaccesskeyid" || is_secret_field(name, false);
    if (secret && eq != std::string::npos) {
      out += part.substr(0, eq + 1);
      out += kRedacted;
    } else {
      out += part;
    }
  }
  return out;
}

std::string redact_header(std::string_view name, std::string_view value) {
  std::string n = util::to_lower(name);
  if (n == "authorization" || n == "x-amz-security-token" || n == "x-aws-ec2-metadata-token" ||
      n == "cookie" || n == "proxy-authorization" || contains(n, "customer-key")) {
    return std::string(kRedacted);
  }
  return std::string(value);
}

std::string redact_form(std::string_view body) {
  std::string out;
  bool first = true;
  for (const auto& part : util::split(body, '&')) {
    if (!first) out += '&';
    first = false;
    auto eq = part.find('=');
    std::string name = uri_decode(part.substr(0, eq), true);
    auto dot = name.rfind('.');
    std::string_view last =
        dot == std::string::npos ? std::string_view(name) : std::string_view(name).substr(dot + 1);
    if (eq != std::string::npos && is_secret_field(last, false)) {
      out += part.substr(0, eq + 1);
      out += kRedacted;
    } else {
      out += part;
    }
  }
  return out;
}

std::string redact_json(std::string_view body) {
  if (util::trim(body).empty()) return std::string(body);
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return "<" + std::to_string(body.size()) + " bytes, not shown: not valid JSON>";
  }
  redact_json_value(j);
  return j.dump();
}

std::string redact_xml(std::string_view body) {
  static constexpr std::string_view kTags[] = {"SecretAccessKey", "SessionToken",   "Token",
                                               "Password",        "ParameterValue", "SecretString"};
  std::string out(body);
  for (std::string_view tag : kTags) {
    std::string open = "<" + std::string(tag);
    std::string close = "</" + std::string(tag) + ">";
    std::size_t pos = 0;
    while ((pos = out.find(open, pos)) != std::string::npos) {
      std::size_t after = pos + open.size();
      if (after >= out.size() || (out[after] != '>' && out[after] != ' ')) {
        pos = after;  // a longer name, e.g. <TokenCode>
        continue;
      }
      std::size_t gt = out.find('>', after);
      if (gt == std::string::npos) break;
      if (out[gt - 1] == '/') {  // <Token/>
        pos = gt;
        continue;
      }
      std::size_t end = out.find(close, gt);
      if (end == std::string::npos) {
        out.replace(gt + 1, std::string::npos, kRedacted);  // unterminated: drop the rest
        break;
      }
      out.replace(gt + 1, end - gt - 1, kRedacted);
      pos = gt + 1 + kRedacted.size() + close.size();
    }
  }
  return out;
}

std::string redact_body(std::string_view body, std::string_view content_type) {
  if (body.empty()) return {};
  std::string ct = util::to_lower(content_type);
  if (contains(ct, "x-www-form-urlencoded")) return truncate(redact_form(body));
  if (contains(ct, "json")) return truncate(redact_json(body));
  if (contains(ct, "xml")) return truncate(redact_xml(body));
  return "<" + std::to_string(body.size()) + " bytes" +
         (content_type.empty() ? std::string() : " of " + std::string(content_type)) + ">";
}

void log_exchange(const RequestLog& log, const Exchange& x) {
  if (!log || !x.request) return;
  const net::HttpRequest& req = *x.request;
  std::string line =
      "aws: " + std::string(x.service) + " " + req.method + " " + redact_url(req.url) + " -> ";
  if (x.response) {
    line += std::to_string(x.response->status);
  } else {
    line += "failed (" + std::string(x.transport_error) + ")";
  }
  line += " in " + std::to_string(x.duration.count()) + " ms";
  if (x.max_attempts > 1) {
    line += " (attempt " + std::to_string(x.attempt) + "/" + std::to_string(x.max_attempts) + ")";
  }
  if (x.response) {
    std::string id = x.response->header("x-amzn-requestid");
    if (id.empty()) id = x.response->header("x-amz-request-id");
    if (!id.empty()) line += " request-id " + id;
  }
  log(line);

  std::string req_type;
  for (const auto& [name, value] : req.headers) {
    log("aws:   > " + name + ": " + redact_header(name, value));
    if (util::to_lower(name) == "content-type") req_type = value;
  }
  if (req.upload_file) {
    log("aws:   > body: file " + req.upload_file->string());
  } else if (!req.body.empty()) {
    log("aws:   > body: " + redact_body(req.body, req_type));
  }
  if (!x.response) return;
  for (const auto& [name, value] : x.response->headers) {
    log("aws:   < " + name + ": " + redact_header(name, value));
  }
  if (req.download_file && x.response->status >= 200 && x.response->status < 300) {
    log("aws:   < body: to file " + req.download_file->string());
  } else if (!x.response->body.empty()) {
    log("aws:   < body: " + redact_body(x.response->body, x.response->header("content-type")));
  }
}

}  // namespace snr::aws
