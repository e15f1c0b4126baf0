#pragma once
/// Small pugixml helpers for reading AWS XML responses (internal to src/aws).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "aws/time.h"
#include "aws/types.h"

namespace snr::aws::xml {

/// Text of the child element `name` ("" when absent).
std::string text(pugi::xml_node node, const char* name);
/// Text of the child, or nullopt when the child is absent.
std::optional<std::string> optional_text(pugi::xml_node node, const char* name);
bool boolean(pugi::xml_node node, const char* name);
std::int64_t integer(pugi::xml_node node, const char* name);
std::optional<double> number(pugi::xml_node node, const char* name);
std::optional<Timestamp> timestamp(pugi::xml_node node, const char* name);

/// The element children of `list` named "member" (Query) or "item" (EC2).
std::vector<pugi::xml_node> items(pugi::xml_node list);
/// The texts of items(list).
std::vector<std::string> item_texts(pugi::xml_node list);

/// The tags of `list`: Query APIs spell the fields "Key"/"Value", EC2 "key"/"value".
Tags tags(pugi::xml_node list, const char* key_field, const char* value_field);

/// Parses `body`; throws snr::Failure naming `what` when it is not XML.
void parse(pugi::xml_document& doc, std::string_view body, std::string_view what);

}  // namespace snr::aws::xml
