#include "emulator/services/sqs/md5_attributes.h"

#include <cstdint>

#include "emulator/core/encoding.h"

namespace terrarium::services::sqs {
namespace {

void AppendLengthPrefixed(std::string& out, std::string_view bytes) {
  auto size = static_cast<uint32_t>(bytes.size());
  out.push_back(static_cast<char>(size >> 24));
  out.push_back(static_cast<char>(size >> 16));
  out.push_back(static_cast<char>(size >> 8));
  out.push_back(static_cast<char>(size));
  out.append(bytes);
}

}  // namespace

std::string Md5OfBody(std::string_view body) { return HexEncode(Md5(body)); }

std::string Md5OfAttributes(const nlohmann::json& attributes) {
  if (!attributes.is_object() || attributes.empty()) return "";
  std::string buffer;
  // nlohmann::json objects iterate in key order, which is the byte order AWS sorts by.
  for (const auto& [name, value] : attributes.items()) {
    AppendLengthPrefixed(buffer, name);
    std::string type = value.value("DataType", "");
    AppendLengthPrefixed(buffer, type);
    if (auto binary = value.find("BinaryValue"); binary != value.end()) {
      buffer.push_back(2);
      AppendLengthPrefixed(buffer, Base64Decode(binary->get<std::string>()).value_or(""));
    } else {
      buffer.push_back(1);
      AppendLengthPrefixed(buffer, value.value("StringValue", ""));
    }
  }
  return HexEncode(Md5(buffer));
}

}  // namespace terrarium::services::sqs
