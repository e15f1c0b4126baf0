#include "agent/settings_document_source.h"

#include <filesystem>

#include "aws/client.h"
#include "aws/ssm.h"
#include "util/error.h"
#include "util/fs.h"

namespace snr::agent {

contract::SettingsDocument load_settings_document(const std::string& where,
                                                  const std::function<aws::AwsContext()>& context) {
  std::string text;
  if (where.rfind("ssm:", 0) == 0) {
    const std::string name = where.substr(4);
    if (!context) throw Failure("settings " + where + ": no AWS context to read SSM with");
    aws::SsmClient ssm(context());
    auto p = ssm.get_parameter(name, false);
    if (!p) throw UserError("--settings", "SSM parameter " + name + " does not exist");
    text = p->value;
  } else {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(where, ec))
      throw UserError("--settings", where + ": no such file (the settings document)");
    text = util::read_file(where);
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw Failure("settings document " + where + ": not JSON: " + e.what());
  }
  try {
    return contract::settings_document_from_json(j);
  } catch (const Failure& e) {
    throw Failure(where + ": " + e.what());
  }
}

}  // namespace snr::agent
