#include "deploy/outputs.h"

#include "util/error.h"
#include "util/fs.h"

namespace snr::deploy {

nlohmann::json outputs_document(const StackOutputs& outputs) {
  nlohmann::json doc = nlohmann::json::object();
  for (const auto& [stack, outs] : outputs) {
    nlohmann::json o = nlohmann::json::object();
    for (const auto& out : outs)
      o[out.key] = out.value;
    doc[stack] = std::move(o);
  }
  return doc;
}

void write_outputs_file(const std::filesystem::path& path, const StackOutputs& outputs) {
  nlohmann::json doc = nlohmann::json::object();
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    auto old = nlohmann::json::parse(util::read_file(path), nullptr, false);
    if (old.is_object()) doc = std::move(old);
  }
  const nlohmann::json fresh = outputs_document(outputs);
  for (auto it = fresh.begin(); it != fresh.end(); ++it)
    doc[it.key()] = it.value();
  util::write_file_atomic(path, doc.dump(2) + "\n", 0644);
}

}  // namespace snr::deploy
