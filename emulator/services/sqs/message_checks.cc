#include "emulator/services/sqs/message_checks.h"

#include <cctype>
#include <set>

#include "emulator/core/encoding.h"
#include "emulator/services/sqs/errors.h"

namespace terrarium::services::sqs {
namespace {

using nlohmann::json;

bool AllowedCodePoint(uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

// The next code point of UTF-8 `text` at `i`, advancing `i`; 0xFFFFFFFF when malformed.
uint32_t NextCodePoint(std::string_view text, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  size_t length = lead < 0x80         ? 1
                  : (lead >> 5) == 6  ? 2
                  : (lead >> 4) == 14 ? 3
                  : (lead >> 3) == 30 ? 4
                                      : 0;
  if (length == 0 || i + length > text.size()) {
    ++i;
    return 0xFFFFFFFF;
  }
  uint32_t c = length == 1 ? lead : lead & (0xFF >> (length + 1));
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      i += k;
      return 0xFFFFFFFF;
    }
    c = (c << 6) | (byte(i + k) & 0x3F);
  }
  i += length;
  return c;
}

bool ValidAttributeName(const std::string& name) {
  if (name.empty() || name.size() > 256 || name.front() == '.' || name.back() == '.') return false;
  if (name.find("..") != std::string::npos) return false;
  std::string lower;
  for (char c : name)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower.starts_with("aws.") || lower.starts_with("amazon.")) return false;
  for (unsigned char c : name) {
    if (!std::isalnum(c) && c != '_' && c != '-' && c != '.') return false;
  }
  return true;
}

bool LooksNumeric(const std::string& text) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  bool digits = false, dot = false;
  for (; i < text.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i]))) {
      digits = true;
    } else if (text[i] == '.' && !dot) {
      dot = true;
    } else if ((text[i] == 'e' || text[i] == 'E') && digits && i + 1 < text.size()) {
      size_t j = i + 1;
      if (text[j] == '-' || text[j] == '+') ++j;
      if (j == text.size()) return false;
      for (; j < text.size(); ++j) {
        if (!std::isdigit(static_cast<unsigned char>(text[j]))) return false;
      }
      return true;
    } else {
      return false;
    }
  }
  return digits;
}

}  // namespace

void CheckMessageCharacters(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    // Printable ASCII, most of most bodies, is allowed as it is.
    unsigned char byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte < 0x7F) {
      ++i;
      continue;
    }
    uint32_t c = NextCodePoint(text, i);
    if (!AllowedCodePoint(c)) {
      char hex[16];
      std::snprintf(hex, sizeof hex, "#x%X", c == 0xFFFFFFFF ? 0xFFFD : c);
      throw AwsError("InvalidMessageContents",
                     std::string("Invalid binary character '") + hex +
                         "' was found in the message body, the set of allowed characters is #x9 "
                         "| #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
    }
  }
}

void CheckMessageAttributes(const json& attributes) {
  if (!attributes.is_object()) return;
  if (attributes.size() > 10) {
    throw InvalidParameterValue("Number of message attributes [" +
                                std::to_string(attributes.size()) +
                                "] exceeds the allowed maximum [10].");
  }
  for (const auto& [name, value] : attributes.items()) {
    if (!ValidAttributeName(name)) {
      throw InvalidParameterValue("Message (user) attribute name '" + name +
                                  "' is invalid. The attribute name can contain A-Z, a-z, 0-9, "
                                  "underscore (_), hyphen (-), and period (.) characters.");
    }
    std::string type = value.value("DataType", "");
    std::string base = type.substr(0, type.find('.'));
    if (base != "String" && base != "Number" && base != "Binary") {
      throw InvalidParameterValue("The message attribute '" + name +
                                  "' has an invalid message attribute type, the set of supported "
                                  "type prefixes is Binary, Number, and String.");
    }
    std::string field = base == "Binary" ? "BinaryValue" : "StringValue";
    auto it = value.find(field);
    bool empty = it == value.end() || !it->is_string() || it->get_ref<const std::string&>().empty();
    if (empty) {
      throw InvalidParameterValue("The message attribute '" + name +
                                  "' must contain a non-empty message attribute value for message "
                                  "attribute type '" +
                                  base + "'.");
    }
    if (base == "Number" && !LooksNumeric(it->get<std::string>())) {
      throw InvalidParameterValue("Can't cast the value of message (user) attribute '" + name +
                                  "' to a number.");
    }
    if (base == "String") CheckMessageCharacters(it->get<std::string>());
  }
}

int64_t MessageSize(std::string_view body, const json& attributes) {
  int64_t size = static_cast<int64_t>(body.size());
  if (!attributes.is_object()) return size;
  for (const auto& [name, value] : attributes.items()) {
    size += static_cast<int64_t>(name.size() + value.value("DataType", "").size());
    if (auto binary = value.find("BinaryValue"); binary != value.end()) {
      size += static_cast<int64_t>(Base64Decode(binary->get<std::string>()).value_or("").size());
    } else {
      size += static_cast<int64_t>(value.value("StringValue", "").size());
    }
  }
  return size;
}

void CheckBatchEntries(const json& entries, std::string_view entry_name) {
  if (!entries.is_array() || entries.empty()) {
    throw AwsError("EmptyBatchRequest",
                   "There should be at least one " + std::string(entry_name) + " in the request.");
  }
  if (entries.size() > 10) {
    throw AwsError("TooManyEntriesInBatchRequest",
                   "Maximum number of entries per request are 10. You have sent " +
                       std::to_string(entries.size()) + ".");
  }
  std::set<std::string> ids;
  for (const auto& entry : entries) {
    std::string id = entry.value("Id", "");
    bool valid = !id.empty() && id.size() <= 80;
    for (unsigned char c : id) valid = valid && (std::isalnum(c) || c == '-' || c == '_');
    if (!valid) {
      throw AwsError("InvalidBatchEntryId",
                     "A batch entry id can only contain alphanumeric characters, hyphens and "
                     "underscores. It can be at most 80 letters long.");
    }
    if (!ids.insert(id).second) {
      throw AwsError("BatchEntryIdsNotDistinct", "Id " + id + " repeated.");
    }
  }
}

}  // namespace terrarium::services::sqs
