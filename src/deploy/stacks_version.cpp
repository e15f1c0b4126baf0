#include "deploy/stacks_version.h"

#include <nlohmann/json.hpp>

#include "config/versions.h"
#include "net/curl_transport.h"
#include "node/networks.h"
#include "util/error.h"

namespace snr::deploy {

GithubReleases::GithubReleases(std::string base_url) : base_url_(std::move(base_url)) {
  while (!base_url_.empty() && base_url_.back() == '/')
    base_url_.pop_back();
}

std::string GithubReleases::latest_tag() {
  const std::string url = base_url_ + "/repos/stacks-network/stacks-core/releases/latest";
  const std::string hint = "; set STACKS_VERSION to an exact release tag (e.g. " +
                           std::string(node::kTestedStacksVersion) +
                           ") to deploy without asking GitHub";
  net::HttpOptions options;
  options.connect_timeout = std::chrono::seconds(10);
  options.timeout = std::chrono::seconds(30);
  net::CurlTransport transport(options);
  net::HttpRequest request;
  request.url = url;
  request.headers = {{"Accept", "application/vnd.github+json"}};
  request.follow_redirects = true;
  request.max_body_bytes = std::size_t{1} << 20;  // a release document is a few kB
  net::HttpResponse response;
  try {
    response = transport.send(request);
  } catch (const Failure& e) {
    throw Failure("cannot ask GitHub for the latest stacks-core release (" + url +
                  "): " + e.what() + hint);
  }
  if (response.status != 200) {
    throw Failure("GitHub answered HTTP " + std::to_string(response.status) + " for " + url + hint);
  }
  const std::string& body = response.body;
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.contains("tag_name") || !j["tag_name"].is_string()) {
    throw Failure("GitHub's answer for " + url + " has no tag_name" + hint);
  }
  return j["tag_name"].get<std::string>();
}

std::string OfflineReleases::latest_tag() {
  return std::string(node::kTestedStacksVersion);
}

ResolvedVersion resolve_stacks_version(const config::Config& config,
                                       const std::optional<std::string>& running, bool upgrade,
                                       ReleaseSource& source) {
  if (config.stacks_version != "latest") {
    return {config.stacks_version, "STACKS_VERSION=" + config.stacks_version};
  }
  if (running && !running->empty() && !upgrade) {
    return {*running, "kept: the stack runs " + *running + " (pass --upgrade to move to latest)"};
  }
  std::string tag = source.latest_tag();
  const auto& net = node::network_params(config.network);
  auto parsed = config::parse_release_tag(tag);
  auto floor = config::parse_release_tag(net.min_stacks_version);
  if (!parsed) {
    throw Failure("the latest stacks-core release is tagged \"" + tag +
                  "\", which is not a release tag snr understands; set STACKS_VERSION to an "
                  "exact tag");
  }
  if (floor && *parsed < *floor) {
    throw Failure("the latest stacks-core release " + tag + " is older than " +
                  std::string(net.min_stacks_version) + ", the minimum for " +
                  std::string(node::to_string(config.network)));
  }
  return {tag, dynamic_cast<OfflineReleases*>(&source)
                   ? "latest = " + tag + ", the release this snr was tested with (offline)"
                   : "latest release on GitHub"};
}

}  // namespace snr::deploy
