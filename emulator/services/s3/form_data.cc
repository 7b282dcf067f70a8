#include "emulator/services/s3/form_data.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>

#include "emulator/core/ascii.h"
#include "emulator/core/aws_error.h"

namespace terrarium::services::s3 {
namespace {

constexpr size_t kMaxHeaderBytes = 16 << 10;
constexpr size_t kMaxFieldBytes = 1 << 20;
constexpr size_t kScanChunk = 1 << 20;

AwsError MalformedForm() {
  return AwsError("MalformedPOSTRequest",
                  "The body of your POST request is not well-formed multipart/form-data.", 400);
}

// Random access to the body's bytes, in memory or in its file.
class Source {
 public:
  explicit Source(const Body& body) : body_(body) {
    if (body.in_file()) {
      file_ = std::make_unique<std::ifstream>(body.path(), std::ios::binary);
      if (!*file_) throw std::runtime_error("cannot open " + body.path().string());
    }
  }
  uint64_t size() const { return body_.size(); }
  std::string Read(uint64_t offset, size_t length) {
    if (offset >= size()) return {};
    length = static_cast<size_t>(std::min<uint64_t>(length, size() - offset));
    if (!file_) return body_.data().substr(static_cast<size_t>(offset), length);
    std::string out(length, '\0');
    file_->clear();
    file_->seekg(static_cast<std::streamoff>(body_.offset() + offset));
    file_->read(out.data(), static_cast<std::streamsize>(length));
    out.resize(static_cast<size_t>(file_->gcount()));
    return out;
  }
  // The offset of the first `needle` at or after `from`, scanning in chunks.
  std::optional<uint64_t> Find(const std::string& needle, uint64_t from, uint64_t limit) {
    while (from < size() && from < limit) {
      std::string chunk = Read(from, kScanChunk + needle.size());
      auto hit = chunk.find(needle);
      if (hit != std::string::npos) return from + hit;
      if (chunk.size() < needle.size()) return std::nullopt;
      from += chunk.size() - needle.size() + 1;
    }
    return std::nullopt;
  }

 private:
  const Body& body_;
  std::unique_ptr<std::ifstream> file_;
};

// The value of `param` ("name", "filename") in a Content-Disposition header.
std::optional<std::string> DispositionParam(const std::string& header, const std::string& param) {
  std::string lower = AsciiLower(header);
  size_t pos = 0;
  while ((pos = lower.find(param + "=", pos)) != std::string::npos) {
    bool starts = pos == 0 || lower[pos - 1] == ' ' || lower[pos - 1] == ';';
    pos += param.size() + 1;
    if (!starts) continue;
    if (pos < header.size() && header[pos] == '"') {
      auto end = header.find('"', pos + 1);
      if (end == std::string::npos) return std::nullopt;
      return header.substr(pos + 1, end - pos - 1);
    }
    auto end = header.find(';', pos);
    return header.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> FormBoundary(std::string_view content_type) {
  std::string lower = AsciiLower(std::string(content_type));
  if (!lower.starts_with("multipart/form-data")) return std::nullopt;
  auto pos = lower.find("boundary=");
  if (pos == std::string::npos) return std::nullopt;
  std::string boundary(content_type.substr(pos + 9));
  boundary = boundary.substr(0, boundary.find(';'));
  if (boundary.size() >= 2 && boundary.front() == '"' && boundary.back() == '"') {
    boundary = boundary.substr(1, boundary.size() - 2);
  }
  if (boundary.empty()) return std::nullopt;
  return boundary;
}

FormData ParseFormData(const Body& body, const std::string& boundary) {
  Source source(body);
  FormData form;
  const std::string delimiter = "\r\n--" + boundary;
  // The first boundary has no CRLF before it.
  std::string head = source.Read(0, boundary.size() + 4);
  uint64_t pos;
  if (head.starts_with("--" + boundary)) {
    pos = boundary.size() + 2;
  } else {
    auto first = source.Find(delimiter, 0, kMaxHeaderBytes);
    if (!first) throw MalformedForm();
    pos = *first + delimiter.size();
  }
  for (;;) {
    std::string after = source.Read(pos, 2);
    if (after == "--") break;  // the closing delimiter
    if (after != "\r\n") throw MalformedForm();
    pos += 2;
    auto headers_end = source.Find("\r\n\r\n", pos, pos + kMaxHeaderBytes);
    if (!headers_end) throw MalformedForm();
    std::string headers = source.Read(pos, static_cast<size_t>(*headers_end - pos));
    uint64_t value_start = *headers_end + 4;
    std::string disposition, content_type;
    size_t line_start = 0;
    while (line_start <= headers.size()) {
      size_t line_end = headers.find("\r\n", line_start);
      std::string line = headers.substr(
          line_start, line_end == std::string::npos ? std::string::npos : line_end - line_start);
      auto colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = AsciiLower(line.substr(0, colon));
        std::string value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        if (name == "content-disposition") disposition = value;
        if (name == "content-type") content_type = value;
      }
      if (line_end == std::string::npos) break;
      line_start = line_end + 2;
    }
    auto name = DispositionParam(disposition, "name");
    if (!name) throw MalformedForm();
    auto filename = DispositionParam(disposition, "filename");
    bool is_file = filename.has_value() || AsciiLower(*name) == "file";
    uint64_t limit = is_file ? source.size() : value_start + kMaxFieldBytes;
    auto end = source.Find(delimiter, value_start, limit);
    if (!end) throw MalformedForm();
    if (is_file) {
      form.has_file = true;
      form.filename = filename.value_or("");
      form.file_content_type = content_type;
      form.file_offset = value_start;
      form.file_length = *end - value_start;
      break;
    }
    form.fields[AsciiLower(*name)] =
        source.Read(value_start, static_cast<size_t>(*end - value_start));
    pos = *end + delimiter.size();
  }
  return form;
}

}  // namespace terrarium::services::s3
