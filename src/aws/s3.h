#pragma once
/// Amazon S3 (REST/XML): objects up and down, listings, and emptying a
/// versioned bucket. With a custom endpoint, path-style URLs are used.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/client.h"
#include "aws/time.h"

namespace snr::aws {

/// Metadata of one object (HeadObject, GetObject, PutObject).
struct ObjectInfo {
  std::string etag;  ///< without quotes
  std::int64_t size = 0;
  std::string content_type;
  std::string version_id;  ///< empty when the bucket is not versioned
  std::optional<Timestamp> last_modified;
};

/// One entry of ListObjectsV2.
struct S3Object {
  std::string key;
  std::int64_t size = 0;
  std::string etag;  ///< without quotes
  std::optional<Timestamp> last_modified;
};

/// One entry of ListObjectVersions: a version or a delete marker.
struct ObjectVersion {
  std::string key;
  std::string version_id;
  bool is_latest = false;
  bool is_delete_marker = false;
  std::int64_t size = 0;
  std::string etag;
};

struct ObjectIdentifier {
  std::string key;
  std::string version_id;  ///< empty: the current version
};

struct DeleteObjectsResult {
  struct Error {
    std::string key;
    std::string version_id;
    std::string code;
    std::string message;
  };
  std::vector<ObjectIdentifier> deleted;
  std::vector<Error> errors;  ///< per-object failures (the call itself succeeded)
};

class S3Client {
 public:
  explicit S3Client(const AwsContext& context);

  /// Uploads `data` (signed payload: its SHA-256 is part of the signature).
  ObjectInfo put_object(const std::string& bucket, const std::string& key, std::string_view data,
                        const std::string& content_type = "application/octet-stream");
  /// Streams `file` up (hashed first, then read again while sending).
  ObjectInfo put_object_file(const std::string& bucket, const std::string& key,
                             const std::filesystem::path& file,
                             const std::string& content_type = "application/octet-stream");
  /// A conditional PutObject (S3 conditional writes): with `if_match` (an
  /// ETag) it replaces exactly that version; with an empty `if_match` it
  /// creates the object only if there is none (If-None-Match: *). Returns
  /// nullopt when the condition did not hold (412, or 409 for a concurrent
  /// conditional write): re-read and decide again.
  std::optional<ObjectInfo> put_object_if(const std::string& bucket, const std::string& key,
                                          std::string_view data, const std::string& if_match,
                                          const std::string& content_type = "application/json");
  /// A small object in memory, or nullopt when it does not exist (404).
  struct Content {
    ObjectInfo info;
    std::string body;
  };
  /// The object in memory; larger than `max_bytes` is a Failure naming the cap (use
  /// get_object_to_file for large objects).
  std::optional<Content> get_object(const std::string& bucket, const std::string& key,
                                    std::size_t max_bytes = std::size_t{1} << 20);
  /// The object's metadata, or nullopt when it does not exist (404).
  std::optional<ObjectInfo> head_object(const std::string& bucket, const std::string& key);
  /// Streams the object into `file` (via "<file>.part", renamed when complete).
  ObjectInfo get_object_to_file(const std::string& bucket, const std::string& key,
                                const std::filesystem::path& file);
  /// Every object under `prefix` (all pages).
  std::vector<S3Object> list_objects_v2(const std::string& bucket, const std::string& prefix = "");
  /// Every version and delete marker under `prefix` (all pages).
  std::vector<ObjectVersion> list_object_versions(const std::string& bucket,
                                                  const std::string& prefix = "");
  /// Deletes the objects (in calls of up to 1000).
  DeleteObjectsResult delete_objects(const std::string& bucket,
                                     const std::vector<ObjectIdentifier>& objects);

  /// The object's URL (e.g. a CloudFormation TemplateURL).
  std::string object_url(const std::string& bucket, const std::string& key) const;

 private:
  std::string url(const std::string& bucket, const std::string& key,
                  const std::vector<std::pair<std::string, std::string>>& query = {}) const;
  ServiceClient client_;
};

/// True when `bucket` can be a virtual host (lower-case letters, digits and
/// '-', 3..63 characters, no dots).
bool s3_virtual_host_compatible(const std::string& bucket);

}  // namespace snr::aws
