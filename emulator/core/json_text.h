// Writing nlohmann::json values as compact text faster than json::dump(), byte for byte the
// same: strings of printable ASCII (nearly all of them) are copied as they are, eight bytes
// checked at a time, where nlohmann's serializer decodes every byte as UTF-8.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace terrarium {

// True when `text` can stand between quotes as it is: printable ASCII without '"' or '\\'.
bool IsPlainJsonText(std::string_view text);

// Appends JSON values to a string: plain strings are copied as they are, anything else (other
// strings, numbers, objects) is written by nlohmann's serializer, which handles invalid UTF-8
// as `errors` says.
class JsonScalarWriter {
 public:
  JsonScalarWriter(std::string& out, nlohmann::json::error_handler_t errors);

  void String(const std::string& text);
  void Scalar(const nlohmann::json& value);

 private:
  std::string& out_;
  nlohmann::detail::serializer<nlohmann::json> serializer_;
};

// What value.dump() gives (and throws what it throws: invalid UTF-8 in a string).
std::string CompactJson(const nlohmann::json& value);

}  // namespace terrarium
