#include "aws/query.h"

#include "aws/xml.h"

namespace snr::aws {

std::string query_body(std::string_view action, std::string_view version, const Params& params) {
  Params all;
  all.reserve(params.size() + 2);
  all.emplace_back("Action", std::string(action));
  all.emplace_back("Version", std::string(version));
  all.insert(all.end(), params.begin(), params.end());
  return form_encode(all);
}

void add_list(Params& params, const std::string& name, const std::vector<std::string>& values,
              bool ec2_style) {
  std::string prefix = ec2_style ? name + "." : name + ".member.";
  for (std::size_t i = 0; i < values.size(); ++i) {
    params.emplace_back(prefix + std::to_string(i + 1), values[i]);
  }
}

QueryClient::QueryClient(const AwsContext& context, Service service) : client_(context, service) {}

QueryResponse QueryClient::call(std::string_view action, const Params& params) {
  net::HttpRequest req;
  req.method = "POST";
  req.url = client_.endpoint().url + "/";
  req.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  req.body = query_body(action, client_.info().api_version, params);
  net::HttpResponse resp = client_.send(std::move(req));

  QueryResponse out;
  out.doc = std::make_unique<pugi::xml_document>();
  xml::parse(*out.doc, resp.body,
             std::string(client_.info().display_name) + " " + std::string(action));
  pugi::xml_node root = out.doc->document_element();
  if (client_.info().protocol == Protocol::ec2) {
    out.result = root;
  } else {
    std::string result_name = std::string(action) + "Result";
    out.result = root.child(result_name.c_str());
    if (!out.result) out.result = root;  // e.g. actions without a result element
  }
  return out;
}

void QueryClient::paginate(std::string_view action, const Params& params,
                           const std::function<bool(pugi::xml_node)>& each_page,
                           PageTokens tokens) {
  std::string token;
  do {
    Params p = params;
    if (!token.empty()) p.emplace_back(tokens.request, token);
    QueryResponse r = call(action, p);
    if (!each_page(r.result)) return;
    token = xml::text(r.result, tokens.response);
  } while (!token.empty());
}

}  // namespace snr::aws
