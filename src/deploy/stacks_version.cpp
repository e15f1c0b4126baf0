#include "deploy/stacks_version.h"

#include <memory>

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include "config/versions.h"
#include "node/networks.h"
#include "util/error.h"

namespace snr::deploy {
namespace {

std::size_t append(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

}  // namespace

GithubReleases::GithubReleases(std::string base_url) : base_url_(std::move(base_url)) {
  while (!base_url_.empty() && base_url_.back() == '/')
    base_url_.pop_back();
}

std::string GithubReleases::latest_tag() {
  const std::string url = base_url_ + "/repos/stacks-network/stacks-core/releases/latest";
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) throw Failure("cannot start libcurl");
  std::string body;
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Accept: application/vnd.github+json");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_guard(headers,
                                                                           &curl_slist_free_all);
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "snr/" SNR_VERSION);
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &append);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &body);
  CURLcode rc = curl_easy_perform(curl.get());
  const std::string hint = "; set STACKS_VERSION to an exact release tag (e.g. " +
                           std::string(node::kTestedStacksVersion) +
                           ") to deploy without asking GitHub";
  if (rc != CURLE_OK) {
    throw Failure("cannot ask GitHub for the latest stacks-core release (" + url +
                  "): " + curl_easy_strerror(rc) + hint);
  }
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) {
    throw Failure("GitHub answered HTTP " + std::to_string(status) + " for " + url + hint);
  }
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
