#pragma once
/// moto's IAM enforcement (INITIAL_NO_AUTH_ACTION_COUNT) for policy tests:
/// an administrator made with the requests moto lets through, users that
/// carry given policy documents, and the projection of a document to what
/// moto can judge.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/moto_server.h"

namespace snr::testing {

/// What moto 5 can judge of `doc`: it compares a non-S3 action's Resource
/// with "*" and skips conditions, and names CloudWatch's actions by their
/// endpoint prefix ("monitoring:"). So S3 statements keep their resources,
/// any other gets "*", no Condition is kept, and "cloudwatch:X" also
/// appears as "monitoring:X".
inline nlohmann::json project_for_moto(nlohmann::json doc) {
  for (auto& s : doc["Statement"]) {
    s.erase("Condition");
    nlohmann::json actions = s["Action"].is_array() ? s["Action"] : nlohmann::json::array({s["Action"]});
    bool s3_only = true;
    for (const auto& a : nlohmann::json(actions)) {
      const std::string name = a.get<std::string>();
      s3_only = s3_only && name.rfind("s3:", 0) == 0;
      if (name.rfind("cloudwatch:", 0) == 0) actions.push_back("monitoring:" + name.substr(11));
    }
    s["Action"] = actions;
    if (!s3_only) s["Resource"] = "*";
  }
  return doc;
}

struct AccessKey {
  std::string id, secret;
  EnvMap env() const { return {{"AWS_ACCESS_KEY_ID", id}, {"AWS_SECRET_ACCESS_KEY", secret}}; }
};

/// The first three requests of a fresh enforcing moto make an administrator.
inline AccessKey make_admin(const MotoServer& moto) {
  moto.aws({"iam", "create-user", "--user-name", "admin"});
  moto.aws({"iam", "put-user-policy", "--user-name", "admin", "--policy-name", "admin",
            "--policy-document",
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})"});
  auto k = moto.aws({"iam", "create-access-key", "--user-name", "admin"});
  return {k["AccessKey"]["AccessKeyId"], k["AccessKey"]["SecretAccessKey"]};
}

/// A user `name` carrying exactly `documents` (projected for moto), made by `admin`.
inline AccessKey make_user(const MotoServer& moto, const AccessKey& admin, const std::string& name,
                           const std::vector<nlohmann::json>& documents) {
  moto.aws({"iam", "create-user", "--user-name", name}, admin.env());
  int i = 0;
  for (const auto& d : documents)
    moto.aws({"iam", "put-user-policy", "--user-name", name, "--policy-name",
              "p" + std::to_string(i++), "--policy-document", project_for_moto(d).dump()},
             admin.env());
  auto k = moto.aws({"iam", "create-access-key", "--user-name", name}, admin.env());
  return {k["AccessKey"]["AccessKeyId"], k["AccessKey"]["SecretAccessKey"]};
}

}  // namespace snr::testing
