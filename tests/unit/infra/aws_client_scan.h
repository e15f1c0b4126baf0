#pragma once
/// Source scans shared by the IAM tests: the request-making methods of the
/// AWS service clients (src/aws/*Client, without the transports and IMDS,
/// which needs no IAM), and whether a source text calls one of them.

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace snr::testing {

inline std::string read_source(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Public methods of every AWS service client class under src/aws/.
inline std::set<std::string> aws_client_methods() {
  std::set<std::string> out;
  const std::regex decl(R"(^\s+[A-Za-z_][\w:<>, ]*[\s&*]+([a-z][a-z0-9_]*)\()");
  const std::regex client(R"(^class (\w+)Client\b)");
  const std::set<std::string> not_services = {"Service", "Json", "Query", "Imds"};
  for (const auto& e :
       std::filesystem::directory_iterator(std::string(SNR_SOURCE_DIR) + "/src/aws")) {
    if (e.path().extension() != ".h") continue;
    std::istringstream in(read_source(e.path()));
    bool in_client = false;
    std::string line;
    while (std::getline(in, line)) {
      std::smatch m;
      if (std::regex_search(line, m, client)) in_client = !not_services.count(m[1]);
      else if (line.rfind("};", 0) == 0) in_client = false;
      if (in_client && std::regex_search(line, m, decl)) out.insert(m[1]);
    }
  }
  // Accessors that build URLs or return the context; no request is sent.
  for (const char* local : {"url", "object_url", "context"})
    out.erase(local);
  return out;
}

inline bool calls(const std::string& text, const std::string& method) {
  return std::regex_search(text, std::regex("(\\.|->)\\s*" + method + "\\("));
}

}  // namespace snr::testing
