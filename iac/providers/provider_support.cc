#include "iac/providers/provider_support.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "iac/physical_name.h"

namespace terrarium::iac::providers {

json Call(const ProviderContext& ctx, std::string_view service, std::string_view operation,
          const json& input) {
  if (ctx.invoker == nullptr) {
    throw InternalError("resource provider called without an operation invoker");
  }
  return ctx.invoker->Invoke(service, operation, input, ctx.scope, {});
}

std::string WithHost(const std::string& url, const std::string& host) {
  std::size_t scheme = url.find("://");
  if (host.empty() || scheme == std::string::npos) return url;
  std::size_t path = url.find('/', scheme + 3);
  return url.substr(0, scheme + 3) + host + (path == std::string::npos ? "" : url.substr(path));
}

bool IsNotFound(const AwsError& error) {
  static const char* const kGone[] = {"NoSuchBucket",
                                      "NoSuchKey",
                                      "QueueDoesNotExist",
                                      "AWS.SimpleQueueService.NonExistentQueue",
                                      "ResourceNotFoundException",
                                      "TableNotFoundException",
                                      "NoSuchEntity",
                                      "NoSuchEntityException"};
  return std::any_of(std::begin(kGone), std::end(kGone),
                     [&](const char* code) { return error.code == code; });
}

bool UnlessGone(const std::function<void()>& call) {
  try {
    call();
    return true;
  } catch (const AwsError& error) {
    if (IsNotFound(error)) return false;
    throw;
  }
}

AwsError PropertyError(const std::string& detail) {
  return AwsError("ValidationError", "Property validation failure: [" + detail + "]");
}

std::string TextValue(const json& value, std::string_view path) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer() || value.is_number_unsigned()) return value.dump();
  if (value.is_number_float()) {
    double d = value.get<double>();
    if (d == static_cast<double>(static_cast<long long>(d))) {
      return std::to_string(static_cast<long long>(d));
    }
    return value.dump();
  }
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  throw PropertyError("Value of property {/" + std::string(path) +
                      "} does not match type {String}");
}

std::string RequiredString(const json& properties, std::string_view name) {
  auto it = properties.find(name);
  if (it == properties.end() || it->is_null()) {
    throw PropertyError("The property {/" + std::string(name) + "} is required");
  }
  return TextValue(*it, name);
}

std::string StringOr(const json& properties, std::string_view name, std::string fallback) {
  auto it = properties.find(name);
  if (it == properties.end() || it->is_null()) return fallback;
  return TextValue(*it, name);
}

long long IntegerValue(const json& value, std::string_view path) {
  if (value.is_number_integer() || value.is_number_unsigned()) return value.get<long long>();
  if (value.is_number_float()) {
    double d = value.get<double>();
    if (d == static_cast<double>(static_cast<long long>(d))) return static_cast<long long>(d);
  }
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    long long out = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec == std::errc() && end == text.data() + text.size() && !text.empty()) return out;
  }
  throw PropertyError("Value of property {/" + std::string(path) +
                      "} does not match type {Integer}");
}

bool BooleanValue(const json& value, std::string_view path) {
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_string()) {
    std::string text = value.get<std::string>();
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (text == "true") return true;
    if (text == "false") return false;
  }
  throw PropertyError("Value of property {/" + std::string(path) +
                      "} does not match type {Boolean}");
}

std::string DocumentText(const json& document) {
  if (document.is_string()) return document.get<std::string>();
  return document.dump();
}

json DocumentValue(const std::string& text) {
  json parsed = json::parse(text, nullptr, false);
  if (parsed.is_discarded()) return text;
  return parsed;
}

std::string GeneratedId(const ProviderContext& ctx) {
  return ctx.stack_name + "-" + ctx.logical_id + "-" + RandomNameSuffix();
}

std::string GivenOrGeneratedName(const ProviderContext& ctx, const json& properties,
                                 std::string_view property) {
  std::string given = StringOr(properties, property);
  return given.empty() ? ctx.generated_name : given;
}

std::map<std::string, std::string> TagMap(const json& tags, std::string_view path) {
  std::map<std::string, std::string> out;
  if (tags.is_null()) return out;
  if (!tags.is_array()) {
    throw PropertyError("Value of property {/" + std::string(path) +
                        "} does not match type {Array}");
  }
  for (const json& tag : tags) {
    if (!tag.is_object()) {
      throw PropertyError("Value of property {/" + std::string(path) +
                          "} does not match type {Array of Tag}");
    }
    out[RequiredString(tag, "Key")] = StringOr(tag, "Value");
  }
  return out;
}

json TagList(const std::map<std::string, std::string>& tags) {
  json out = json::array();
  for (const auto& [key, value] : tags) out.push_back({{"Key", key}, {"Value", value}});
  return out;
}

json TagObject(const std::map<std::string, std::string>& tags) {
  json out = json::object();
  for (const auto& [key, value] : tags) out[key] = value;
  return out;
}

std::map<std::string, std::string> TagMapOfObject(const json& tags) {
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : tags.items()) out[key] = TextValue(value, "Tags");
  return out;
}

TagChanges DiffTags(const json& before, const json& after) {
  TagChanges changes;
  auto old_tags = TagMap(before);
  auto new_tags = TagMap(after);
  for (const auto& [key, value] : new_tags) {
    auto it = old_tags.find(key);
    if (it == old_tags.end() || it->second != value) changes.set[key] = value;
  }
  for (const auto& [key, value] : old_tags) {
    if (!new_tags.contains(key)) changes.removed.push_back(key);
  }
  return changes;
}

bool Changed(const json& before, const json& after, std::string_view name) {
  auto b = before.find(name);
  auto a = after.find(name);
  json old_value = b == before.end() ? json() : *b;
  json new_value = a == after.end() ? json() : *a;
  return old_value != new_value;
}

bool LooselyEqual(const json& a, const json& b) {
  if (a == b) return true;
  if (a.is_object() && b.is_object()) {
    if (a.size() != b.size()) return false;
    for (const auto& [key, value] : a.items()) {
      auto it = b.find(key);
      if (it == b.end() || !LooselyEqual(value, *it)) return false;
    }
    return true;
  }
  if (a.is_array() && b.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!LooselyEqual(a[i], b[i])) return false;
    }
    return true;
  }
  auto scalar = [](const json& v) { return v.is_string() || v.is_number() || v.is_boolean(); };
  if (!scalar(a) || !scalar(b) || (!a.is_string() && !b.is_string())) return false;
  return TextValue(a, "") == TextValue(b, "");
}

json OnlyDeclared(const json& current, const json& declared) {
  json out = json::object();
  for (const auto& [name, value] : declared.items()) {
    auto it = current.find(name);
    if (it != current.end()) out[name] = LooselyEqual(*it, value) ? value : *it;
  }
  return out;
}

}  // namespace terrarium::iac::providers
