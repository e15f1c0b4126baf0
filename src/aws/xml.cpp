#include "aws/xml.h"

#include <charconv>

#include "util/error.h"
#include "util/strings.h"

namespace snr::aws::xml {

std::string text(pugi::xml_node node, const char* name) {
  return node.child(name).text().as_string();
}

std::optional<std::string> optional_text(pugi::xml_node node, const char* name) {
  pugi::xml_node c = node.child(name);
  if (!c) return std::nullopt;
  return std::string(c.text().as_string());
}

bool boolean(pugi::xml_node node, const char* name) {
  return util::to_lower(util::trim(text(node, name))) == "true";
}

std::int64_t integer(pugi::xml_node node, const char* name) {
  return node.child(name).text().as_llong(0);
}

std::optional<double> number(pugi::xml_node node, const char* name) {
  pugi::xml_node c = node.child(name);
  if (!c) return std::nullopt;
  return c.text().as_double();
}

std::optional<Timestamp> timestamp(pugi::xml_node node, const char* name) {
  return parse_iso8601(util::trim(text(node, name)));
}

std::vector<pugi::xml_node> items(pugi::xml_node list) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c : list.children()) {
    std::string_view n = c.name();
    if (c.type() == pugi::node_element && (n == "member" || n == "item")) out.push_back(c);
  }
  return out;
}

std::vector<std::string> item_texts(pugi::xml_node list) {
  std::vector<std::string> out;
  for (pugi::xml_node c : items(list))
    out.emplace_back(c.text().as_string());
  return out;
}

Tags tags(pugi::xml_node list, const char* key_field, const char* value_field) {
  Tags out;
  for (pugi::xml_node i : items(list))
    out.push_back({text(i, key_field), text(i, value_field)});
  return out;
}

void parse(pugi::xml_document& doc, std::string_view body, std::string_view what) {
  pugi::xml_parse_result r = doc.load_buffer(body.data(), body.size());
  if (!r) {
    throw Failure(std::string(what) + ": response is not XML (" + r.description() + ")");
  }
}

}  // namespace snr::aws::xml
