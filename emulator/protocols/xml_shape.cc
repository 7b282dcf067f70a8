#include "emulator/protocols/xml_shape.h"

#include <cctype>
#include <cstring>
#include <optional>

#include "emulator/core/aws_error.h"
#include "emulator/protocols/shape_text.h"

namespace terrarium::protocols {
namespace {

using models::Member;
using models::Shape;
using models::ShapeType;
using nlohmann::json;

const std::string kItemName = "member";
const std::string kKeyName = "key";
const std::string kValueName = "value";
const std::string kEntryName = "entry";

const std::string& OrDefault(const std::string& name, const std::string& fallback) {
  return name.empty() ? fallback : name;
}

// Element names compare without their namespace prefix: clients may qualify them.
std::string_view LocalName(std::string_view name) {
  auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool NameIs(const pugi::xml_node& node, std::string_view name) {
  return node.type() == pugi::node_element && LocalName(node.name()) == LocalName(name);
}

pugi::xml_node FindChild(const pugi::xml_node& parent, std::string_view name) {
  for (pugi::xml_node child : parent.children()) {
    if (NameIs(child, name)) return child;
  }
  return {};
}

// Opens `name` with the namespace declaration of the member (botocore lets member traits
// override the shape's), prefixed when the model names a prefix.
void OpenElement(XmlWriter& out, std::string_view name, const Member& member) {
  out.Open(name);
  const std::string* uri = &member.xml_namespace_uri;
  const std::string* prefix = &member.xml_namespace_prefix;
  if (uri->empty()) {
    uri = &member.shape->xml_namespace_uri;
    prefix = &member.shape->xml_namespace_prefix;
  }
  if (uri->empty()) return;
  out.Attribute(prefix->empty() ? std::string("xmlns") : "xmlns:" + *prefix, *uri);
}

void WriteXmlValue(XmlWriter& out, std::string_view name, const Member& member, const json& value);

void WriteList(XmlWriter& out, std::string_view name, const Member& member, const json& value) {
  if (!value.is_array()) return;
  const Member& item = member.shape->member;
  if (IsFlattened(member)) {
    // What botocore's parser looks for: the item's name when the model gives one.
    const std::string& item_name = SerializedName(item);
    for (const auto& element : value) {
      WriteXmlValue(out, item_name.empty() ? name : std::string_view(item_name), item, element);
    }
    return;
  }
  OpenElement(out, name, member);
  const std::string& item_name = OrDefault(SerializedName(item), kItemName);
  for (const auto& element : value) WriteXmlValue(out, item_name, item, element);
  out.Close();
}

void WriteMap(XmlWriter& out, std::string_view name, const Member& member, const json& value) {
  if (!value.is_object()) return;
  const Shape& shape = *member.shape;
  const std::string& key_name = OrDefault(SerializedName(shape.key), kKeyName);
  const std::string& value_name = OrDefault(SerializedName(shape.value), kValueName);
  bool flattened = IsFlattened(member);
  if (!flattened) OpenElement(out, name, member);
  for (const auto& [key, element] : value.items()) {
    if (flattened) {
      OpenElement(out, name, member);
    } else {
      out.Open(kEntryName);
    }
    out.Element(key_name, key);
    WriteXmlValue(out, value_name, shape.value, element);
    out.Close();
  }
  if (!flattened) out.Close();
}

void WriteXmlValue(XmlWriter& out, std::string_view name, const Member& member, const json& value) {
  if (value.is_null()) return;
  const Shape& shape = *member.shape;
  switch (shape.type) {
    case ShapeType::kStructure:
      OpenElement(out, name, member);
      WriteXmlAttributes(out, shape, value);
      WriteXmlMembers(out, shape, value);
      out.Close();
      return;
    case ShapeType::kList:
      WriteList(out, name, member, value);
      return;
    case ShapeType::kMap:
      WriteMap(out, name, member, value);
      return;
    default:
      OpenElement(out, name, member);
      out.Text(ScalarToText(shape, value, TimestampFormatOf(member, TimestampFormat::kIso8601)));
      out.Close();
  }
}

json ReadXmlValue(const pugi::xml_node& node, const Member& member, const XmlReadError& error);

json ReadScalar(std::string_view text, const Member& member, const XmlReadError& error) {
  if (member.shape->type != ShapeType::kString) {
    // Pretty-printed documents pad numbers and booleans; XML Schema collapses that whitespace.
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
      text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
      text.remove_suffix(1);
    }
  }
  std::optional<json> value =
      ScalarFromText(*member.shape, text, TimestampFormatOf(member, TimestampFormat::kIso8601));
  if (!value) throw AwsError(error.code, error.message, 400);
  return std::move(*value);
}

// One map entry (<entry> or a flattened map's element) into `map`.
void ReadEntry(const pugi::xml_node& entry, const Shape& shape, json& map,
               const XmlReadError& error) {
  pugi::xml_node key = FindChild(entry, OrDefault(SerializedName(shape.key), kKeyName));
  pugi::xml_node value = FindChild(entry, OrDefault(SerializedName(shape.value), kValueName));
  if (!key) return;
  map[key.text().get()] = value ? ReadXmlValue(value, shape.value, error) : json();
}

json ReadXmlValue(const pugi::xml_node& node, const Member& member, const XmlReadError& error) {
  const Shape& shape = *member.shape;
  switch (shape.type) {
    case ShapeType::kStructure:
      return ReadXmlStructure(node, shape, error);
    case ShapeType::kList: {
      // Like botocore, take every child element as an item whatever its name.
      json list = json::array();
      for (pugi::xml_node child : node.children()) {
        if (child.type() == pugi::node_element) {
          list.push_back(ReadXmlValue(child, shape.member, error));
        }
      }
      return list;
    }
    case ShapeType::kMap: {
      json map = json::object();
      for (pugi::xml_node entry : node.children()) {
        if (entry.type() == pugi::node_element) ReadEntry(entry, shape, map, error);
      }
      return map;
    }
    default:
      return ReadScalar(node.text().get(), member, error);
  }
}

// A body member of a structure from the structure's element; absent members stay absent.
void ReadMember(const pugi::xml_node& parent, const Member& member, json& document,
                const XmlReadError& error) {
  const Shape& shape = *member.shape;
  const std::string& name = XmlName(member);
  bool flattened = IsFlattened(member);
  if (flattened && shape.type == ShapeType::kList) {
    // Serializers name flattened items after the member, parsers after the item's
    // locationName: accept both.
    const std::string& item_name = SerializedName(shape.member);
    json list = json::array();
    for (pugi::xml_node child : parent.children()) {
      if (NameIs(child, name) || (!item_name.empty() && NameIs(child, item_name))) {
        list.push_back(ReadXmlValue(child, shape.member, error));
      }
    }
    if (!list.empty()) document[member.name] = std::move(list);
    return;
  }
  if (flattened && shape.type == ShapeType::kMap) {
    json map = json::object();
    bool any = false;
    for (pugi::xml_node child : parent.children()) {
      if (!NameIs(child, name)) continue;
      ReadEntry(child, shape, map, error);
      any = true;
    }
    if (any) document[member.name] = std::move(map);
    return;
  }
  if (pugi::xml_node child = FindChild(parent, name)) {
    document[member.name] = ReadXmlValue(child, member, error);
  }
}

}  // namespace

const std::string& SerializedName(const Member& member) {
  if (!member.location_name.empty() || member.shape == nullptr) return member.location_name;
  return member.shape->location_name;
}

const std::string& XmlName(const Member& member) {
  return OrDefault(SerializedName(member), member.name);
}

bool IsFlattened(const Member& member) {
  return member.flattened || (member.shape != nullptr && member.shape->flattened);
}

void WriteXmlMember(XmlWriter& out, const Member& member, const json& value) {
  WriteXmlValue(out, XmlName(member), member, value);
}

void WriteXmlMembers(XmlWriter& out, const Shape& shape, const json& document) {
  if (!document.is_object()) return;
  for (const Member& member : shape.members) {
    if (member.location != models::Location::kBody || member.xml_attribute) continue;
    auto it = document.find(member.name);
    if (it != document.end()) WriteXmlMember(out, member, *it);
  }
}

void WriteXmlAttributes(XmlWriter& out, const Shape& shape, const json& document) {
  if (!document.is_object()) return;
  for (const Member& member : shape.members) {
    if (!member.xml_attribute) continue;
    auto it = document.find(member.name);
    if (it == document.end() || it->is_null()) continue;
    out.Attribute(XmlName(member), ScalarToText(*member.shape, *it, TimestampFormat::kIso8601));
  }
}

json ReadXmlStructure(const pugi::xml_node& element, const Shape& shape,
                      const XmlReadError& error) {
  json document = json::object();
  for (const Member& member : shape.members) {
    if (member.location != models::Location::kBody) continue;
    if (!member.xml_attribute) {
      ReadMember(element, member, document, error);
      continue;
    }
    // The prefix is the client's choice (xsi:type, or any other bound to the same namespace).
    for (pugi::xml_attribute attribute : element.attributes()) {
      if (LocalName(attribute.name()) == LocalName(XmlName(member)) &&
          std::strncmp(attribute.name(), "xmlns", 5) != 0) {
        document[member.name] = ReadScalar(attribute.value(), member, error);
        break;
      }
    }
  }
  return document;
}

bool HasDoctype(const pugi::xml_document& document) {
  for (pugi::xml_node child : document.children()) {
    if (child.type() == pugi::node_doctype) return true;
  }
  return false;
}

}  // namespace terrarium::protocols
