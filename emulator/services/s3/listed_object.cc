#include "emulator/services/s3/listed_object.h"

#include <charconv>

#include <nlohmann/json.hpp>

#include "emulator/services/s3/record_members.h"

namespace terrarium::services::s3 {
namespace {

template <class Number>
Number ListedNumber(std::string_view text) {
  Number value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc() && end == text.data() + text.size()) return value;
  return nlohmann::json::parse(text).get<Number>();  // an exponent form, or throws
}

std::string ListedString(std::string_view literal) {
  if (auto value = JsonStringValue(literal)) return std::move(*value);
  return nlohmann::json::parse(literal).get<std::string>();  // throws: not a string
}

ListedObject ListedFromParsedRecord(std::string_view record_text) {
  nlohmann::json record = nlohmann::json::parse(record_text);
  ListedObject out;
  out.last_modified = record.value("LastModified", 0.0);
  out.etag = record.value("ETag", "");
  out.size = record.value("Size", uint64_t{0});
  out.storage_class = record.value("StorageClass", "STANDARD");
  if (auto it = record.find("Checksums"); it != record.end() && !it->empty()) {
    for (const auto& [algorithm, value] : it->items()) out.checksum_algorithms.push_back(algorithm);
    out.checksum_type = record.value("ChecksumType", "FULL_OBJECT");
  }
  out.delete_marker = record.value("IsDeleteMarker", false);
  return out;
}

}  // namespace

ListedObject ReadListedObject(std::string_view record_text) {
  ListedObject out;
  bool whole = VisitMembers(record_text, [&](std::string_view name, std::string_view value) {
    if (name == "LastModified") {
      out.last_modified = ListedNumber<double>(value);
    } else if (name == "ETag") {
      out.etag = ListedString(value);
    } else if (name == "Size") {
      out.size = ListedNumber<uint64_t>(value);
    } else if (name == "StorageClass") {
      out.storage_class = ListedString(value);
    } else if (name == "Checksums") {
      VisitMembers(value, [&](std::string_view algorithm, std::string_view) {
        out.checksum_algorithms.emplace_back(algorithm);
      });
    } else if (name == "ChecksumType") {
      out.checksum_type = ListedString(value);
    } else if (name == "IsDeleteMarker") {
      out.delete_marker = value == "true";
    }
  });
  if (!whole) return ListedFromParsedRecord(record_text);
  if (out.checksum_algorithms.empty()) {
    out.checksum_type.clear();
  } else if (out.checksum_type.empty()) {
    out.checksum_type = "FULL_OBJECT";
  }
  return out;
}

std::string ReadRecordKey(std::string_view record_text) {
  std::optional<std::string> key;
  VisitMembers(record_text, [&](std::string_view name, std::string_view value) {
    if (name == "Key") key = ListedString(value);
  });
  if (key) return std::move(*key);
  return nlohmann::json::parse(record_text).at("Key").get<std::string>();
}

}  // namespace terrarium::services::s3
