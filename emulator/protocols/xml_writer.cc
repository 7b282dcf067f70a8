#include "emulator/protocols/xml_writer.h"

#include <cstdio>

namespace terrarium::protocols {

namespace {

// Whether `c` goes out as a reference rather than as itself (everything below 0x20 does, and
// the five markup characters; a line feed only when escaped).
bool XmlNeedsEscape(unsigned char c, Newlines newlines) {
  if (c >= 0x20) return c == '&' || c == '<' || c == '>' || c == '"' || c == '\'';
  return c != '\n' || newlines == Newlines::kEscape;
}

}  // namespace

void AppendXmlEscaped(std::string& out, std::string_view text, Newlines newlines) {
  // Runs of plain characters are appended whole: most text (ids, names, numbers) has nothing
  // to escape, and a byte at a time through push_back was the writer's largest cost.
  size_t run = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (!XmlNeedsEscape(c, newlines)) continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\r':
        out += "&#xD;";
        break;
      case '\n':
        out += "&#xA;";
        break;
      case '\t':
        out += "&#x9;";
        break;
      default: {
        char ref[8];
        std::snprintf(ref, sizeof ref, "&#x%X;", c);
        out += ref;
      }
    }
  }
  out.append(text.data() + run, text.size() - run);
}

XmlWriter::XmlWriter(bool declaration, int indent) : indent_(indent) {
  out_.reserve(512);  // a typical response, written without growing
  if (declaration) out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
}

void XmlWriter::EndStartTag() {
  if (start_tag_pending_) {
    out_.push_back('>');
    start_tag_pending_ = false;
  }
}

XmlWriter& XmlWriter::Open(std::string_view name, std::string_view xmlns) {
  EndStartTag();
  if (!open_.empty()) open_.back().has_children = true;
  if (indent_ > 0 && !out_.empty()) {
    out_.push_back('\n');
    out_.append(open_.size() * static_cast<std::size_t>(indent_), ' ');
  }
  out_.push_back('<');
  open_.push_back({out_.size(), name.size(), false});
  out_.append(name);
  if (!xmlns.empty()) Attribute("xmlns", xmlns);
  start_tag_pending_ = true;
  return *this;
}

XmlWriter& XmlWriter::Attribute(std::string_view name, std::string_view value) {
  out_.push_back(' ');
  out_.append(name);
  out_.append("=\"");
  AppendXmlEscaped(out_, value);
  out_.push_back('"');
  return *this;
}

XmlWriter& XmlWriter::Close() {
  if (start_tag_pending_) {
    out_.append("/>");
    start_tag_pending_ = false;
  } else {
    if (indent_ > 0 && open_.back().has_children) {
      out_.push_back('\n');
      out_.append((open_.size() - 1) * static_cast<std::size_t>(indent_), ' ');
    }
    OpenName name = open_.back();
    out_.append("</");
    out_.append(out_, name.at, name.length);  // the name as its start tag wrote it
    out_.push_back('>');
  }
  open_.pop_back();
  return *this;
}

XmlWriter& XmlWriter::Text(std::string_view text, Newlines newlines) {
  EndStartTag();
  AppendXmlEscaped(out_, text, newlines);
  return *this;
}

XmlWriter& XmlWriter::Element(std::string_view name, std::string_view text) {
  Open(name);
  EndStartTag();
  AppendXmlEscaped(out_, text);
  return Close();
}

std::string XmlWriter::Finish() {
  while (!open_.empty()) Close();
  if (indent_ > 0) out_.push_back('\n');
  return std::move(out_);
}

}  // namespace terrarium::protocols
