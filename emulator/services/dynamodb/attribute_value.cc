#include "emulator/services/dynamodb/attribute_value.h"

#include <algorithm>
#include <set>
#include <vector>

#include "emulator/core/aws_error.h"
#include "emulator/core/encoding.h"

namespace terrarium::services::dynamodb {
namespace {

constexpr const char* kTypes[] = {"S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"};

// How AWS names a set type in "An <type> set  may not be empty" (the double space is AWS's).
const char* SetNoun(std::string_view type) {
  if (type == "SS") return "string";
  if (type == "NS") return "number";
  return "binary";
}

std::string JoinForMessage(const Json& elements) {
  std::string out = "[";
  for (size_t i = 0; i < elements.size(); ++i) {
    if (i > 0) out += ", ";
    out += elements[i].get<std::string>();
  }
  return out + "]";
}

Number ParseNumberOrThrow(const Json& text) {
  if (!text.is_string())
    throw ValidationError("A value provided cannot be converted into a number");
  std::string error;
  auto number = Number::Parse(text.get<std::string>(), &error);
  if (!number) throw ValidationError(error);
  return *number;
}

Json NormalizeSet(std::string_view type, const Json& elements) {
  if (!elements.is_array()) throw ValidationError("Supplied AttributeValue has an invalid set");
  if (elements.empty()) {
    throw InvalidParameterValues(std::string("An ") + SetNoun(type) + " set  may not be empty");
  }
  Json out = Json::array();
  std::set<std::string> seen;
  bool duplicate = false;
  for (const Json& element : elements) {
    if (!element.is_string()) throw ValidationError("Supplied AttributeValue has an invalid set");
    std::string canonical =
        type == "NS" ? ParseNumberOrThrow(element).ToString() : element.get<std::string>();
    std::string identity = type == "BS" ? BytesOf(element) : canonical;
    if (!seen.insert(identity).second) duplicate = true;
    out.push_back(canonical);
  }
  if (duplicate)
    throw InvalidParameterValues("Input collection " + JoinForMessage(elements) +
                                 " contains duplicates.");
  return out;
}

size_t NumberSize(const Json& text) { return NumberTextSize(text.get_ref<const std::string&>()); }

}  // namespace

size_t NumberTextSize(std::string_view text) {
  auto number = Number::Parse(text);
  if (!number || number->IsZero()) return 1;
  // Two digits per byte plus one, as DynamoDB documents it.
  return (number->digits().size() + 1) / 2 + 1;
}

AwsError InvalidParameterValues(const std::string& what) {
  return ValidationError("One or more parameter values were invalid: " + what);
}

std::string_view TypeOf(const Json& value) {
  if (!value.is_object() || value.size() != 1) return {};
  const std::string& key = value.begin().key();
  for (const char* type : kTypes) {
    if (key == type) return type;
  }
  return {};
}

namespace {

// DynamoDB nests documents at most 32 levels deep, the attribute itself being level 1.
constexpr int kMaxNestingLevels = 32;

// The checks every value gets whatever its type, in AWS's order; returns the type.
std::string_view CheckValueShape(const Json& value, int level) {
  if (level > kMaxNestingLevels) {
    throw ValidationError(
        "Nesting Levels have exceeded supported limits: Attributes in the item have nested "
        "levels beyond supported limit");
  }
  if (!value.is_object() || value.empty()) {
    throw ValidationError(
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  }
  if (value.size() > 1) {
    throw ValidationError(
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
        "the supported datatypes");
  }
  return TypeOf(value);
}

void CheckScalar(std::string_view type, const Json& inner) {
  if (type == "NULL" && inner != true) {
    throw InvalidParameterValues("Null attribute value types must have the value of true");
  }
  if (type.empty()) {
    throw ValidationError(
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  }
}

Json NormalizeValueAt(const Json& value, int level) {
  std::string_view type = CheckValueShape(value, level);
  const Json& inner = value.begin().value();
  if (type == "N") return Json{{"N", ParseNumberOrThrow(inner).ToString()}};
  if (type == "SS" || type == "NS" || type == "BS") {
    return Json{{std::string(type), NormalizeSet(type, inner)}};
  }
  if (type == "M") {
    Json out = Json::object();
    for (const auto& [name, item] : inner.items()) out[name] = NormalizeValueAt(item, level + 1);
    return Json{{"M", out}};
  }
  if (type == "L") {
    Json out = Json::array();
    for (const Json& item : inner) out.push_back(NormalizeValueAt(item, level + 1));
    return Json{{"L", out}};
  }
  CheckScalar(type, inner);
  return value;
}

// NormalizeValueAt's checks and result, made in place: a copied item is normalised without
// building it a second time (a sixth of a PutItem's handler). Maps and lists that are not JSON
// objects and arrays take NormalizeValueAt, whose iteration decides what they become.
void NormalizeValueInPlace(Json& value, int level) {
  std::string_view type = CheckValueShape(value, level);
  Json& inner = value.begin().value();
  if (type == "N") {
    std::string canonical = ParseNumberOrThrow(inner).ToString();
    inner.get_ref<std::string&>() = std::move(canonical);
  } else if (type == "SS" || type == "NS" || type == "BS") {
    inner = NormalizeSet(type, inner);
  } else if (type == "M" && inner.is_object()) {
    for (auto& [name, item] : inner.items()) NormalizeValueInPlace(item, level + 1);
  } else if (type == "L" && inner.is_array()) {
    for (Json& item : inner) NormalizeValueInPlace(item, level + 1);
  } else if (type == "M" || type == "L") {
    value = NormalizeValueAt(value, level);
  } else {
    CheckScalar(type, inner);
  }
}

}  // namespace

Json NormalizeValue(const Json& value) {
  Json out = value;
  NormalizeValueInPlace(out, 1);
  return out;
}

Json NormalizeItem(const Json& item) {
  if (item.is_object()) {
    Json out = item;
    for (auto& [name, value] : out.items()) NormalizeValueInPlace(value, 1);
    return out;
  }
  Json out = Json::object();
  for (const auto& [name, value] : item.items()) out[name] = NormalizeValue(value);
  return out;
}

Number NumberOf(const Json& value) {
  const Json& text = value.is_object() ? value.at("N") : value;
  auto number = Number::Parse(text.get<std::string>());
  return number ? *number : Number();
}

std::string BytesOf(const Json& base64_text) {
  const Json& text = base64_text.is_object() ? base64_text.at("B") : base64_text;
  auto bytes = Base64Decode(text.get<std::string>());
  return bytes ? *bytes : std::string();
}

bool ValuesEqual(const Json& a, const Json& b) {
  std::string_view type = TypeOf(a);
  if (type.empty() || type != TypeOf(b)) return false;
  const Json& x = a.begin().value();
  const Json& y = b.begin().value();
  if (type == "N") return NumberOf(a) == NumberOf(b);
  if (type == "B") return BytesOf(x) == BytesOf(y);
  if (type == "SS" || type == "NS" || type == "BS") {
    if (x.size() != y.size()) return false;
    auto canonical = [&](const Json& elements) {
      std::vector<std::string> out;
      for (const Json& e : elements) {
        out.push_back(type == "BS"   ? BytesOf(e)
                      : type == "NS" ? NumberOf(Json{{"N", e}}).ToString()
                                     : e.get<std::string>());
      }
      std::sort(out.begin(), out.end());
      return out;
    };
    return canonical(x) == canonical(y);
  }
  if (type == "M") {
    if (x.size() != y.size()) return false;
    for (const auto& [name, item] : x.items()) {
      auto it = y.find(name);
      if (it == y.end() || !ValuesEqual(item, *it)) return false;
    }
    return true;
  }
  if (type == "L") {
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (!ValuesEqual(x[i], y[i])) return false;
    }
    return true;
  }
  return x == y;
}

std::optional<std::strong_ordering> CompareScalars(const Json& a, const Json& b) {
  std::string_view type = TypeOf(a);
  if (type.empty() || type != TypeOf(b)) return std::nullopt;
  if (type == "N") return NumberOf(a) <=> NumberOf(b);
  if (type == "S") {
    // char_traits<char> compares as unsigned char, so this is UTF-8 byte order.
    int c =
        a.at("S").get_ref<const std::string&>().compare(b.at("S").get_ref<const std::string&>());
    return c <=> 0;
  }
  if (type == "B") return BytesOf(a).compare(BytesOf(b)) <=> 0;
  return std::nullopt;
}

size_t ValueSize(const Json& value) {
  std::string_view type = TypeOf(value);
  const Json& inner = value.begin().value();
  if (type == "S") return inner.get_ref<const std::string&>().size();
  if (type == "N") return NumberSize(inner);
  if (type == "B") return BytesOf(inner).size();
  if (type == "NULL" || type == "BOOL") return 1;
  size_t size = 0;
  if (type == "SS") {
    for (const Json& e : inner) size += e.get_ref<const std::string&>().size();
  } else if (type == "NS") {
    for (const Json& e : inner) size += NumberSize(e);
  } else if (type == "BS") {
    for (const Json& e : inner) size += BytesOf(e).size();
  } else if (type == "L") {
    size = 3;
    for (const Json& e : inner) size += ValueSize(e) + 1;
  } else if (type == "M") {
    size = 3;
    for (const auto& [name, e] : inner.items()) size += name.size() + ValueSize(e) + 1;
  }
  return size;
}

size_t ItemSize(const Json& item) {
  size_t size = 0;
  for (const auto& [name, value] : item.items()) size += name.size() + ValueSize(value);
  return size;
}

}  // namespace terrarium::services::dynamodb
