#include "emulator/protocols/xml_writer.h"

#include <cstdio>

namespace terrarium::protocols {

void AppendXmlEscaped(std::string& out, std::string_view text) {
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
        out += "&#xA;";
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

XmlWriter::XmlWriter(bool declaration) {
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
  out_.push_back('<');
  out_.append(name);
  if (!xmlns.empty()) Attribute("xmlns", xmlns);
  start_tag_pending_ = true;
  open_.emplace_back(name);
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
    out_.append("</").append(open_.back()).push_back('>');
  }
  open_.pop_back();
  return *this;
}

XmlWriter& XmlWriter::Text(std::string_view text) {
  EndStartTag();
  AppendXmlEscaped(out_, text);
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
  return std::move(out_);
}

}  // namespace terrarium::protocols
