// Test helpers for XML goldens: a canonical form that ignores what clients ignore (whitespace
// between elements, the XML declaration, the order of differently named siblings and of
// attributes), so that AWS documentation examples can be compared with codec output. Siblings
// of the same name keep their order: that is list order.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include "tests/unit/codec_test_support.h"

namespace terrarium::testing {

inline void AppendCanonical(const pugi::xml_node& node, std::string& out) {
  if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
    out += node.value();
    return;
  }
  if (node.type() != pugi::node_element) return;
  out += '<';
  out += node.name();
  std::vector<std::string> attributes;
  for (pugi::xml_attribute attribute : node.attributes()) {
    attributes.push_back(std::string(attribute.name()) + "=\"" + attribute.value() + "\"");
  }
  std::sort(attributes.begin(), attributes.end());
  for (const auto& attribute : attributes) out += ' ' + attribute;
  out += '>';
  std::vector<pugi::xml_node> children(node.begin(), node.end());
  std::stable_sort(children.begin(), children.end(),
                   [](const pugi::xml_node& a, const pugi::xml_node& b) {
                     return std::string_view(a.name()) < std::string_view(b.name());
                   });
  for (const auto& child : children) AppendCanonical(child, out);
  out += "</";
  out += node.name();
  out += '>';
}

// The canonical form of `xml`, or a message saying why it does not parse.
inline std::string CanonicalXml(const std::string& xml) {
  pugi::xml_document document;
  pugi::xml_parse_result result = document.load_string(xml.c_str());
  if (!result) return std::string("unparseable XML: ") + result.description() + "\n" + xml;
  std::string out;
  AppendCanonical(document.document_element(), out);
  return out;
}

}  // namespace terrarium::testing
