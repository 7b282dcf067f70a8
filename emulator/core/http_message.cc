#include "emulator/core/http_message.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace terrarium {

namespace {

// Header names are ASCII; std::tolower would consult the locale for every character.
inline unsigned char AsciiLower(char c) {
  auto u = static_cast<unsigned char>(c);
  return u >= 'A' && u <= 'Z' ? static_cast<unsigned char>(u + 32) : u;
}

}  // namespace

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = AsciiLower(a[i]), y = AsciiLower(b[i]);
    if (x != y) return x < y;
  }
  return a.size() < b.size();
}

struct Body::File {
  std::filesystem::path path;
  bool owned = false;
  ~File() {
    if (owned) {
      std::error_code ec;
      std::filesystem::remove(path, ec);
    }
  }
};

Body Body::FromString(std::string data) {
  Body body;
  body.data_ = std::move(data);
  return body;
}

Body Body::FromFile(std::filesystem::path path, uint64_t offset, uint64_t length, bool owned) {
  Body body;
  // Built in place: a temporary File would remove the file when it is destroyed.
  body.file_ = std::make_shared<File>();
  body.file_->path = std::move(path);
  body.file_->owned = owned;
  body.offset_ = offset;
  body.length_ = length;
  return body;
}

const std::filesystem::path& Body::path() const {
  static const std::filesystem::path kNone;
  return file_ ? file_->path : kNone;
}

std::string Body::ReadAll() const {
  if (!file_) return data_;
  std::ifstream in(file_->path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open body file " + file_->path.string());
  std::string out(length_, '\0');
  in.seekg(static_cast<std::streamoff>(offset_));
  in.read(out.data(), static_cast<std::streamsize>(length_));
  out.resize(static_cast<size_t>(in.gcount()));
  return out;
}

std::string_view HttpRequest::header(std::string_view name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string_view{} : std::string_view{it->second};
}

void HttpRequest::SplitTarget() {
  auto q = target.find('?');
  path = target.substr(0, q);
  query = q == std::string::npos ? std::string{} : target.substr(q + 1);
}

}  // namespace terrarium
