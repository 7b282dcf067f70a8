#include "emulator/protocols/json_body.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "emulator/core/aws_error.h"
#include "emulator/core/encoding.h"
#include "emulator/core/json_text.h"
#include "emulator/core/timestamp.h"
#include "emulator/protocols/json_reader.h"
#include "emulator/protocols/shape_text.h"

namespace terrarium::protocols {
namespace {

using models::Location;
using models::Member;
using models::Shape;
using models::ShapeType;
using nlohmann::json;

AwsError Serialization(std::string message) {
  return AwsError("SerializationException", std::move(message), 400);
}

// The token name AWS's (Coral) JSON reader gives a scalar value in its errors.
const char* TokenName(const json& value) {
  if (value.is_string()) return "STRING_VALUE";
  if (value.is_boolean()) return "BOOLEAN_VALUE";
  return "NUMBER_VALUE";
}

const char* TypeName(ShapeType type) {
  switch (type) {
    case ShapeType::kStructure:
      return "Structure";
    case ShapeType::kList:
      return "List";
    case ShapeType::kMap:
      return "Map";
    case ShapeType::kString:
      return "String";
    case ShapeType::kInteger:
      return "Integer";
    case ShapeType::kLong:
      return "Long";
    case ShapeType::kFloat:
      return "Float";
    case ShapeType::kDouble:
      return "Double";
    case ShapeType::kBoolean:
      return "Boolean";
    case ShapeType::kTimestamp:
      return "Timestamp";
    case ShapeType::kBlob:
      return "Blob";
  }
  return "Value";
}

[[noreturn]] void Mismatch(const Shape& shape, const json& value) {
  if (value.is_object()) throw Serialization("Start of structure or map found where not expected.");
  if (value.is_array()) throw Serialization("Start of list found where not expected");
  throw Serialization(std::string(TokenName(value)) + " cannot be converted to " +
                      TypeName(shape.type));
}

bool InBody(const Member& member, bool body_only) {
  return !body_only || member.location == Location::kBody;
}

// Recursive shapes (DynamoDB's AttributeValue lists and maps) would let a hostile body nest
// deeply enough to exhaust the stack; DynamoDB itself stops at 32 levels of attribute nesting.
constexpr int kMaxDepth = 128;

// The parsed body is the caller's to give up: values are moved out of it, not copied.
json ReadValue(const Member& member, const Shape& shape, json& value, int depth);

// Whether some member of `shape` has a wire name other than its own (a JSON `locationName`).
bool RenamesMembers(const Shape& shape) {
  return std::any_of(shape.members.begin(), shape.members.end(), [](const Member& member) {
    return !member.location_name.empty() && member.location_name != member.name;
  });
}

// The member of `shape` a body key names, if it travels in the body.
const Member* BodyMember(const Shape& shape, std::string_view key, bool body_only) {
  for (const Member& member : shape.members) {
    if (member.name == key) return InBody(member, body_only) ? &member : nullptr;
  }
  return nullptr;
}

json ReadStructure(const Shape& shape, json& value, bool body_only, int depth) {
  if (!value.is_object()) Mismatch(shape, value);
  if (depth > kMaxDepth) throw Serialization("The request nests values too deeply");
  // Where wire names are member names (nearly always), the body's own object becomes the
  // input: unknown members and nulls erased, values read in place. Rebuilding it cost a node
  // and a key copy per member at every level, a tenth of a small item write.
  if (!RenamesMembers(shape)) {
    for (auto it = value.begin(); it != value.end();) {
      const Member* member = it->is_null() ? nullptr : BodyMember(shape, it.key(), body_only);
      if (member == nullptr) {
        it = value.erase(it);
        continue;
      }
      *it = ReadValue(*member, *member->shape, *it, depth + 1);
      ++it;
    }
    return std::move(value);
  }
  json out = json::object();
  for (const Member& member : shape.members) {
    if (!InBody(member, body_only)) continue;
    auto it = value.find(member.WireName());
    if (it == value.end() || it->is_null()) continue;
    out[member.name] = ReadValue(member, *member.shape, *it, depth + 1);
  }
  return out;
}

json ReadValue(const Member& member, const Shape& shape, json& value, int depth) {
  if (shape.document) return std::move(value);
  switch (shape.type) {
    case ShapeType::kStructure:
      return ReadStructure(shape, value, false, depth);
    case ShapeType::kList: {
      if (!value.is_array()) Mismatch(shape, value);
      for (json& item : value) {
        if (!item.is_null()) item = ReadValue(shape.member, *shape.member.shape, item, depth + 1);
      }
      return std::move(value);
    }
    case ShapeType::kMap: {
      if (!value.is_object()) Mismatch(shape, value);
      for (auto it = value.begin(); it != value.end();) {
        if (it->is_null()) {
          it = value.erase(it);
          continue;
        }
        *it = ReadValue(shape.value, *shape.value.shape, *it, depth + 1);
        ++it;
      }
      return std::move(value);
    }
    case ShapeType::kString:
      if (!value.is_string()) Mismatch(shape, value);
      return std::move(value);
    case ShapeType::kInteger:
    case ShapeType::kLong:
      if (value.is_number_integer()) return std::move(value);
      // 5.0 is an integer to a Java reader; 5.5 is not.
      if (value.is_number_float() && std::trunc(value.get<double>()) == value.get<double>() &&
          std::fabs(value.get<double>()) < 9.2e18) {
        return json(static_cast<int64_t>(value.get<double>()));
      }
      Mismatch(shape, value);
    case ShapeType::kFloat:
    case ShapeType::kDouble:
      if (value.is_number()) return std::move(value);
      if (value.is_string()) {
        if (auto number =
                ScalarFromText(shape, value.get<std::string>(), TimestampFormat::kIso8601))
          return *number;
      }
      Mismatch(shape, value);
    case ShapeType::kBoolean:
      if (!value.is_boolean()) Mismatch(shape, value);
      return std::move(value);
    case ShapeType::kTimestamp:
      if (value.is_number()) return json(value.get<double>());
      if (value.is_string()) {
        if (auto seconds = ParseTimestamp(value.get<std::string>())) return json(*seconds);
        throw Serialization("Invalid timestamp: '" + value.get<std::string>() + "'");
      }
      Mismatch(shape, value);
    case ShapeType::kBlob:
      if (!value.is_string()) Mismatch(shape, value);
      if (!Base64Decode(value.get_ref<const std::string&>())) {
        throw Serialization("Invalid base64 text for a " + std::string(TypeName(shape.type)) +
                            " value");
      }
      return std::move(value);
  }
  return std::move(value);
}

json WriteValue(const Member& member, const Shape& shape, const json& value);

json WriteStructure(const Shape& shape, const json& document, bool body_only) {
  json out = json::object();
  if (!document.is_object()) return out;
  for (const Member& member : shape.members) {
    if (!InBody(member, body_only)) continue;
    auto it = document.find(member.name);
    if (it == document.end() || it->is_null()) continue;
    out[member.WireName()] = WriteValue(member, *member.shape, *it);
  }
  return out;
}

json WriteValue(const Member& member, const Shape& shape, const json& value) {
  if (shape.document) return value;
  switch (shape.type) {
    case ShapeType::kStructure:
      return WriteStructure(shape, value, false);
    case ShapeType::kList: {
      if (!value.is_array()) return value;
      json out = json::array();
      for (const json& item : value)
        out.push_back(WriteValue(shape.member, *shape.member.shape, item));
      return out;
    }
    case ShapeType::kMap: {
      if (!value.is_object()) return value;
      json out = json::object();
      for (const auto& [key, item] : value.items()) {
        if (!item.is_null()) out[key] = WriteValue(shape.value, *shape.value.shape, item);
      }
      return out;
    }
    case ShapeType::kTimestamp: {
      TimestampFormat format = TimestampFormatOf(member, TimestampFormat::kEpochSeconds);
      std::optional<double> seconds;
      if (value.is_number()) seconds = value.get<double>();
      if (value.is_string()) seconds = ParseTimestamp(value.get<std::string>());
      if (!seconds) return value;
      if (format == TimestampFormat::kEpochSeconds) return json(*seconds);
      return json(ScalarToText(shape, json(*seconds), format));
    }
    default:
      return value;
  }
}

// Writes what DumpJson(WriteStructure(...)) gives, straight into the response text: building
// the output document first cost a map node and a string copy per member, then a walk to dump
// it. Scalars go through nlohmann's own serializer (escaping, invalid UTF-8 replaced, number
// formatting), and members come out in the order a json object holds them (sorted by wire
// name), so the bytes are the same.
class JsonTextWriter {
 public:
  explicit JsonTextWriter(std::string& out)
      : out_(out), scalars_(out, json::error_handler_t::replace) {}

  void Structure(const Shape& shape, const json& document, bool body_only) {
    if (!document.is_object()) {
      out_.append("{}");
      return;
    }
    struct Present {
      const std::string* wire_name;
      const Member* member;
      const json* value;
    };
    std::vector<Present> present;
    present.reserve(shape.members.size());
    for (const Member& member : shape.members) {
      if (!InBody(member, body_only)) continue;
      auto it = document.find(member.name);
      if (it == document.end() || it->is_null()) continue;
      present.push_back({&member.WireName(), &member, &*it});
    }
    std::stable_sort(present.begin(), present.end(), [](const Present& a, const Present& b) {
      return *a.wire_name < *b.wire_name;
    });
    out_.push_back('{');
    bool first = true;
    for (size_t i = 0; i < present.size(); ++i) {
      // Two members with one wire name: the later one, as assigning into the object kept it.
      if (i + 1 < present.size() && *present[i + 1].wire_name == *present[i].wire_name) continue;
      if (!first) out_.push_back(',');
      first = false;
      Key(*present[i].wire_name);
      Value(*present[i].member, *present[i].member->shape, *present[i].value);
    }
    out_.push_back('}');
  }

 private:
  void Value(const Member& member, const Shape& shape, const json& value) {
    if (shape.document) return Dump(value);
    switch (shape.type) {
      case ShapeType::kStructure:
        return Structure(shape, value, false);
      case ShapeType::kList: {
        if (!value.is_array()) return Dump(value);
        out_.push_back('[');
        for (size_t i = 0; i < value.size(); ++i) {
          if (i > 0) out_.push_back(',');
          Value(shape.member, *shape.member.shape, value[i]);
        }
        out_.push_back(']');
        return;
      }
      case ShapeType::kMap: {
        if (!value.is_object()) return Dump(value);
        out_.push_back('{');
        bool first = true;
        for (const auto& [key, item] : value.items()) {
          if (item.is_null()) continue;
          if (!first) out_.push_back(',');
          first = false;
          Key(key);
          Value(shape.value, *shape.value.shape, item);
        }
        out_.push_back('}');
        return;
      }
      case ShapeType::kTimestamp: {
        TimestampFormat format = TimestampFormatOf(member, TimestampFormat::kEpochSeconds);
        std::optional<double> seconds;
        if (value.is_number()) seconds = value.get<double>();
        if (value.is_string()) seconds = ParseTimestamp(value.get<std::string>());
        if (!seconds) return Dump(value);
        if (format == TimestampFormat::kEpochSeconds) return Dump(json(*seconds));
        return Dump(json(ScalarToText(shape, json(*seconds), format)));
      }
      default:
        return Dump(value);
    }
  }

  // `"name":`.
  void Key(const std::string& name) {
    scalars_.String(name);
    out_.push_back(':');
  }

  void Dump(const json& value) { scalars_.Scalar(value); }

  std::string& out_;
  JsonScalarWriter scalars_;
};

}  // namespace

json ParseJsonBody(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return json::object();
  std::optional<json> value = ReadJsonDocument(body);
  if (!value) throw Serialization("Could not parse request body into json: malformed JSON");
  return std::move(*value);
}

json ReadJsonStructure(const Shape& shape, json value, bool body_only) {
  return ReadStructure(shape, value, body_only, 0);
}

json WriteJsonStructure(const Shape& shape, const json& document, bool body_only) {
  return WriteStructure(shape, document, body_only);
}

std::string WriteJsonText(const Shape& shape, const json& document, bool body_only) {
  std::string out;
  out.reserve(256);
  JsonTextWriter(out).Structure(shape, document, body_only);
  return out;
}

std::string DumpJson(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace terrarium::protocols
