#include "emulator/protocols/xml_writer.h"

#include <cstdio>

namespace terrarium::protocols {

void AppendXmlEscaped(std::string& out, std::string_view text, Newlines newlines) {
  for (char c : text) {
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
        out += newlines == Newlines::kKeep ? "\n" : "&#xA;";
        break;
      case '\t':
        out += "&#x9;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char ref[8];
          std::snprintf(ref, sizeof ref, "&#x%X;", static_cast<unsigned char>(c));
          out += ref;
        } else {
          out.push_back(c);
        }
    }
  }
}

XmlWriter::XmlWriter(bool declaration, int indent) : indent_(indent) {
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
  if (!has_children_.empty()) has_children_.back() = true;
  if (indent_ > 0 && !out_.empty()) {
    out_.push_back('\n');
    out_.append(open_.size() * static_cast<std::size_t>(indent_), ' ');
  }
  out_.push_back('<');
  out_.append(name);
  if (!xmlns.empty()) Attribute("xmlns", xmlns);
  start_tag_pending_ = true;
  open_.emplace_back(name);
  has_children_.push_back(false);
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
    if (indent_ > 0 && has_children_.back()) {
      out_.push_back('\n');
      out_.append((open_.size() - 1) * static_cast<std::size_t>(indent_), ' ');
    }
    out_.append("</").append(open_.back()).push_back('>');
  }
  open_.pop_back();
  has_children_.pop_back();
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
