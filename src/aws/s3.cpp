#include "aws/s3.h"

#include <sstream>

#include <pugixml.hpp>

#include "aws/encoding.h"
#include "aws/xml.h"
#include "util/error.h"
#include "util/sha256.h"
#include "util/strings.h"

namespace snr::aws {

namespace {

// SHA-256 of the empty payload.
constexpr const char* kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr std::size_t kDeleteBatch = 1000;

std::string unquote(std::string s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
  return s;
}

ObjectInfo info_from_headers(const net::HttpResponse& r) {
  ObjectInfo i;
  i.etag = unquote(r.header("etag"));
  i.size = static_cast<std::int64_t>(util::parse_uint(r.header("content-length")).value_or(0));
  i.content_type = r.header("content-type");
  i.version_id = r.header("x-amz-version-id");
  i.last_modified = parse_http_date(r.header("last-modified"));
  return i;
}

net::HttpRequest make(std::string method, std::string url, std::string payload_sha256) {
  net::HttpRequest req;
  req.method = std::move(method);
  req.url = std::move(url);
  // S3 wants the payload hash as a header; libcurl 7.88.1 then signs with it.
  req.headers.emplace_back("x-amz-content-sha256", std::move(payload_sha256));
  return req;
}

pugi::xml_node parse_body(pugi::xml_document& doc, const net::HttpResponse& r,
                          std::string_view what) {
  xml::parse(doc, r.body, what);
  return doc.document_element();
}

}  // namespace

bool s3_virtual_host_compatible(const std::string& bucket) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  for (char c : bucket) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return bucket.front() != '-' && bucket.back() != '-';
}

S3Client::S3Client(const AwsContext& context) : client_(context, Service::s3) {}

std::string S3Client::url(const std::string& bucket, const std::string& key,
                          const std::vector<std::pair<std::string, std::string>>& query) const {
  const Endpoint& ep = client_.endpoint();
  std::string out;
  if (!ep.custom && s3_virtual_host_compatible(bucket)) {
    out = "https://" + bucket + ".s3." + ep.signing_region + "." +
          std::string(dns_suffix(ep.signing_region)) + "/" + uri_encode(key, true);
  } else {
    out = ep.url + "/" + uri_encode(bucket);
    if (!key.empty()) out += "/" + uri_encode(key, true);
  }
  if (!query.empty()) out += "?" + canonical_query(query);
  return out;
}

std::string S3Client::object_url(const std::string& bucket, const std::string& key) const {
  return url(bucket, key);
}

ObjectInfo S3Client::put_object(const std::string& bucket, const std::string& key,
                                std::string_view data, const std::string& content_type) {
  net::HttpRequest req = make("PUT", url(bucket, key), util::sha256_hex(data));
  req.headers.emplace_back("Content-Type", content_type);
  req.body = std::string(data);
  net::HttpResponse r = client_.send(std::move(req));
  ObjectInfo i = info_from_headers(r);
  i.size = static_cast<std::int64_t>(data.size());
  i.content_type = content_type;
  return i;
}

ObjectInfo S3Client::put_object_file(const std::string& bucket, const std::string& key,
                                     const std::filesystem::path& file,
                                     const std::string& content_type) {
  std::error_code ec;
  auto size = std::filesystem::file_size(file, ec);
  if (ec) throw Failure("cannot read " + file.string() + ": " + ec.message());
  net::HttpRequest req = make("PUT", url(bucket, key), util::sha256_file_hex(file));
  req.headers.emplace_back("Content-Type", content_type);
  req.upload_file = file;
  net::HttpResponse r = client_.send(std::move(req));
  ObjectInfo i = info_from_headers(r);
  i.size = static_cast<std::int64_t>(size);
  i.content_type = content_type;
  return i;
}

std::optional<ObjectInfo> S3Client::put_object_if(const std::string& bucket, const std::string& key,
                                                  std::string_view data,
                                                  const std::string& if_match,
                                                  const std::string& content_type) {
  net::HttpRequest req = make("PUT", url(bucket, key), util::sha256_hex(data));
  req.headers.emplace_back("Content-Type", content_type);
  if (if_match.empty()) {
    req.headers.emplace_back("If-None-Match", "*");
  } else {
    req.headers.emplace_back("If-Match", "\"" + if_match + "\"");
  }
  req.body = std::string(data);
  try {
    ObjectInfo i = info_from_headers(client_.send(std::move(req)));
    i.size = static_cast<std::int64_t>(data.size());
    i.content_type = content_type;
    return i;
  } catch (const AwsError& e) {
    if (e.http_status() == 412 || e.http_status() == 409) return std::nullopt;
    throw;
  }
}

std::optional<S3Client::Content> S3Client::get_object(const std::string& bucket,
                                                      const std::string& key,
                                                      std::size_t max_bytes) {
  try {
    net::HttpRequest req = make("GET", url(bucket, key), kEmptySha256);
    req.max_body_bytes = max_bytes;
    net::HttpResponse r = client_.send(std::move(req));
    Content c{info_from_headers(r), std::move(r.body)};
    c.info.size = static_cast<std::int64_t>(c.body.size());
    return c;
  } catch (const AwsError& e) {
    if (e.http_status() == 404) return std::nullopt;
    throw;
  }
}

std::optional<ObjectInfo> S3Client::head_object(const std::string& bucket, const std::string& key) {
  try {
    return info_from_headers(client_.send(make("HEAD", url(bucket, key), kEmptySha256)));
  } catch (const AwsError& e) {
    if (e.http_status() == 404) return std::nullopt;
    throw;
  }
}

ObjectInfo S3Client::get_object_to_file(const std::string& bucket, const std::string& key,
                                        const std::filesystem::path& file) {
  net::HttpRequest req = make("GET", url(bucket, key), kEmptySha256);
  req.download_file = file;
  return info_from_headers(client_.send(std::move(req)));
}

std::vector<S3Object> S3Client::list_objects_v2(const std::string& bucket,
                                                const std::string& prefix) {
  std::vector<S3Object> out;
  std::string token;
  do {
    std::vector<std::pair<std::string, std::string>> q{{"list-type", "2"}};
    if (!prefix.empty()) q.emplace_back("prefix", prefix);
    if (!token.empty()) q.emplace_back("continuation-token", token);
    net::HttpResponse r = client_.send(make("GET", url(bucket, "", q), kEmptySha256));
    pugi::xml_document doc;
    pugi::xml_node root = parse_body(doc, r, "S3 ListObjectsV2");
    for (pugi::xml_node c : root.children("Contents")) {
      out.push_back({xml::text(c, "Key"), xml::integer(c, "Size"), unquote(xml::text(c, "ETag")),
                     xml::timestamp(c, "LastModified")});
    }
    token = xml::boolean(root, "IsTruncated") ? xml::text(root, "NextContinuationToken") : "";
  } while (!token.empty());
  return out;
}

std::vector<ObjectVersion> S3Client::list_object_versions(const std::string& bucket,
                                                          const std::string& prefix) {
  std::vector<ObjectVersion> out;
  std::string key_marker, version_marker;
  bool more = true;
  while (more) {
    // "versions=" not "versions": curl 7.88.1 would sign a bare name as
    // "versions" where AWS expects "versions=".
    std::vector<std::pair<std::string, std::string>> q{{"versions", ""}};
    if (!prefix.empty()) q.emplace_back("prefix", prefix);
    if (!key_marker.empty()) q.emplace_back("key-marker", key_marker);
    if (!version_marker.empty()) q.emplace_back("version-id-marker", version_marker);
    net::HttpResponse r = client_.send(make("GET", url(bucket, "", q), kEmptySha256));
    pugi::xml_document doc;
    pugi::xml_node root = parse_body(doc, r, "S3 ListObjectVersions");
    for (pugi::xml_node c : root.children()) {
      std::string_view name = c.name();
      if (name != "Version" && name != "DeleteMarker") continue;
      ObjectVersion v;
      v.key = xml::text(c, "Key");
      v.version_id = xml::text(c, "VersionId");
      v.is_latest = xml::boolean(c, "IsLatest");
      v.is_delete_marker = name == "DeleteMarker";
      v.size = xml::integer(c, "Size");
      v.etag = unquote(xml::text(c, "ETag"));
      out.push_back(std::move(v));
    }
    more = xml::boolean(root, "IsTruncated");
    key_marker = xml::text(root, "NextKeyMarker");
    version_marker = xml::text(root, "NextVersionIdMarker");
    if (more && key_marker.empty() && version_marker.empty()) {
      throw Failure("S3 ListObjectVersions: truncated listing without a next marker");
    }
  }
  return out;
}

DeleteObjectsResult S3Client::delete_objects(const std::string& bucket,
                                             const std::vector<ObjectIdentifier>& objects) {
  DeleteObjectsResult result;
  for (std::size_t start = 0; start < objects.size(); start += kDeleteBatch) {
    pugi::xml_document req_doc;
    pugi::xml_node del = req_doc.append_child("Delete");
    del.append_attribute("xmlns") = "http://s3.amazonaws.com/doc/2006-03-01/";
    std::size_t end = std::min(objects.size(), start + kDeleteBatch);
    for (std::size_t i = start; i < end; ++i) {
      pugi::xml_node o = del.append_child("Object");
      o.append_child("Key").text().set(objects[i].key.c_str());
      if (!objects[i].version_id.empty()) {
        o.append_child("VersionId").text().set(objects[i].version_id.c_str());
      }
    }
    std::ostringstream body;
    req_doc.save(body, "", pugi::format_raw);
    std::string payload = body.str();

    // "delete=" for the same reason as "versions=" above.
    net::HttpRequest req =
        make("POST", url(bucket, "", {{"delete", ""}}), util::sha256_hex(payload));
    req.headers.emplace_back("Content-Type", "application/xml");
    req.headers.emplace_back("Content-MD5", md5_base64(payload));  // required by DeleteObjects
    req.body = std::move(payload);
    net::HttpResponse r = client_.send(std::move(req));
    pugi::xml_document doc;
    pugi::xml_node root = parse_body(doc, r, "S3 DeleteObjects");
    for (pugi::xml_node d : root.children("Deleted")) {
      result.deleted.push_back({xml::text(d, "Key"), xml::text(d, "VersionId")});
    }
    for (pugi::xml_node e : root.children("Error")) {
      result.errors.push_back({xml::text(e, "Key"), xml::text(e, "VersionId"), xml::text(e, "Code"),
                               xml::text(e, "Message")});
    }
  }
  return result;
}

}  // namespace snr::aws
