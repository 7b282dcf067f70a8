#include "importers/terraform/attribute_mapping.h"

namespace terrarium::importers::tf {

using nlohmann::json;

bool Unset(const json& value) {
  return value.is_null() || (value.is_string() && value.get_ref<const std::string&>().empty()) ||
         ((value.is_array() || value.is_object()) && value.empty());
}

void CopyIfSet(const json& attrs, const char* tf, json& props, const char* cfn) {
  auto it = attrs.find(tf);
  if (it != attrs.end() && !Unset(*it)) props[cfn] = *it;
}

void CopyFieldsIfSet(const json& attrs, std::initializer_list<FieldRename> fields, json& props) {
  for (const auto& field : fields) CopyIfSet(attrs, field.tf, props, field.cfn);
}

void CopyIfTrue(const json& attrs, const char* tf, json& props, const char* cfn) {
  auto it = attrs.find(tf);
  if (it != attrs.end() && it->is_boolean() && it->get<bool>()) props[cfn] = true;
}

const json& Block(const json& attrs, const char* tf) {
  static const json kNull;
  auto it = attrs.find(tf);
  if (it == attrs.end()) return kNull;
  if (it->is_array()) return it->empty() ? kNull : it->front();
  return it->is_object() ? *it : kNull;
}

json JsonDocument(const json& text) {
  if (!text.is_string()) return text;
  json parsed = json::parse(text.get<std::string>(), nullptr, false);
  return parsed.is_discarded() ? text : parsed;
}

void CopyTags(const json& attrs, json& props) {
  auto it = attrs.find("tags");
  if (it == attrs.end() || !it->is_object() || it->empty()) return;
  json tags = json::array();
  for (const auto& [key, value] : it->items()) tags.push_back({{"Key", key}, {"Value", value}});
  props["Tags"] = std::move(tags);
}

}  // namespace terrarium::importers::tf
