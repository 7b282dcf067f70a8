// A minimal streaming XML writer for response bodies: elements, escaped text, attributes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace terrarium::protocols {

class XmlWriter {
 public:
  // Starts with the XML declaration AWS sends (`<?xml version="1.0" encoding="UTF-8"?>`).
  explicit XmlWriter(bool declaration = true);

  // Opens <name xmlns="..."> (namespace omitted when empty).
  XmlWriter& Open(std::string_view name, std::string_view xmlns = {});
  // Adds an attribute to the element just opened (before any content).
  XmlWriter& Attribute(std::string_view name, std::string_view value);
  XmlWriter& Close();
  XmlWriter& Text(std::string_view text);
  // <name>text</name>
  XmlWriter& Element(std::string_view name, std::string_view text);

  // Closes what is still open and returns the document.
  std::string Finish();

 private:
  void EndStartTag();

  std::string out_;
  std::vector<std::string> open_;
  bool start_tag_pending_ = false;
};

// Escapes &, <, >, " and ' and the control characters XML 1.0 allows only as references.
void AppendXmlEscaped(std::string& out, std::string_view text);

}  // namespace terrarium::protocols
