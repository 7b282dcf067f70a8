// A minimal streaming XML writer for response bodies (compact) and reports such as the drift
// report's JUnit XML (indented): elements, escaped text, attributes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace terrarium::protocols {

// How text escapes line feeds: as references (what AWS sends, and what attribute values need,
// since parsers normalise a literal newline there to a space), or kept as they are, which a
// text node preserves and a reader of the document sees as lines.
enum class Newlines { kEscape, kKeep };

class XmlWriter {
 public:
  // Starts with the XML declaration AWS sends (`<?xml version="1.0" encoding="UTF-8"?>`).
  // `indent` > 0: each element on its own line, indented that many spaces per level (an element
  // holding text keeps it on its line).
  explicit XmlWriter(bool declaration = true, int indent = 0);

  // Opens <name xmlns="..."> (namespace omitted when empty).
  XmlWriter& Open(std::string_view name, std::string_view xmlns = {});
  // Adds an attribute to the element just opened (before any content).
  XmlWriter& Attribute(std::string_view name, std::string_view value);
  XmlWriter& Close();
  XmlWriter& Text(std::string_view text, Newlines newlines = Newlines::kEscape);
  // <name>text</name>
  XmlWriter& Element(std::string_view name, std::string_view text);

  // Closes what is still open and returns the document.
  std::string Finish();

 private:
  void EndStartTag();

  struct OpenName {
    size_t at;  // where the element's name starts in out_ (its start tag)
    size_t length;
    bool has_children;  // whether an element was opened inside
  };

  std::string out_;
  std::vector<OpenName> open_;
  bool start_tag_pending_ = false;
  int indent_ = 0;
};

// Escapes &, <, >, " and ' and the control characters XML 1.0 allows only as references
// (a line feed too unless kept).
void AppendXmlEscaped(std::string& out, std::string_view text,
                      Newlines newlines = Newlines::kEscape);

}  // namespace terrarium::protocols
