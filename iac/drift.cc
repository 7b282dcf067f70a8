#include "iac/drift.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <stdexcept>
#include <utility>

#include "iac/source_map.h"
#include "iac/template.h"

namespace terrarium::iac {
namespace {

using nlohmann::json;

// Properties a provider can write but never read back (CloudFormation's write-only properties):
// drift detection leaves them out rather than report them removed.
bool IsWriteOnly(std::string_view type, std::string_view property) {
  static constexpr std::pair<std::string_view, std::string_view> kWriteOnly[] = {
      {"AWS::Lambda::Function", "Code"},
      {"Terrarium::S3::Object", "Content"},
      {"Terrarium::S3::Object", "ContentBase64"},
  };
  for (const auto& [t, p] : kWriteOnly) {
    if (t == type && p == property) return true;
  }
  return false;
}

bool IsPolicyProperty(const std::string& key) {
  return key.ends_with("Policy") || key.ends_with("PolicyDocument");
}

// A policy in one canonical form: JSON text parsed, one-element lists unwrapped, lists sorted.
json CanonicalPolicy(json value) {
  if (value.is_string()) {
    json parsed = json::parse(value.get<std::string>(), nullptr, false);
    if (!parsed.is_discarded() && parsed.is_object()) value = std::move(parsed);
  }
  if (value.is_object()) {
    for (auto& [key, item] : value.items()) item = CanonicalPolicy(item);
  } else if (value.is_array()) {
    for (auto& item : value) item = CanonicalPolicy(item);
    if (value.size() == 1) return value[0];
    std::sort(value.begin(), value.end());
  } else if (!value.is_null()) {
    return ScalarText(value);
  }
  return value;
}

bool ScalarEqual(const json& a, const json& b) {
  if (a.is_structured() || b.is_structured()) return a == b;
  return a.is_null() == b.is_null() && ScalarText(a) == ScalarText(b);
}

bool IsTagList(const json& value) {
  return value.is_array() && std::all_of(value.begin(), value.end(), [](const json& tag) {
           return tag.is_object() && tag.contains("Key");
         });
}

void Compare(const json& expected, const json& actual, const std::string& path,
             std::vector<PropertyDifference>& out);

void CompareTags(const json& expected, const json& actual, const std::string& path,
                 std::vector<PropertyDifference>& out) {
  std::map<std::string, json> have;
  for (const auto& tag : actual) have[ScalarText(tag["Key"])] = tag.value("Value", json(""));
  std::map<std::string, bool> declared;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    std::string key = ScalarText(expected[i]["Key"]);
    declared[key] = true;
    json value = expected[i].value("Value", json(""));
    auto it = have.find(key);
    std::string at = path + "/" + std::to_string(i);
    if (it == have.end()) {
      out.push_back({at, expected[i], nullptr, DifferenceType::kRemove});
    } else if (!ScalarEqual(value, it->second)) {
      out.push_back({at + "/Value", value, it->second, DifferenceType::kNotEqual});
    }
  }
  std::size_t next = expected.size();
  for (const auto& tag : actual) {
    if (declared.contains(ScalarText(tag["Key"]))) continue;
    out.push_back({path + "/" + std::to_string(next++), nullptr, tag, DifferenceType::kAdd});
  }
}

bool SameScalarsIgnoringOrder(json a, json b) {
  if (a.size() != b.size()) return false;
  auto text = [](json& list) {
    std::vector<std::string> out;
    for (const auto& item : list) out.push_back(ScalarText(item));
    std::sort(out.begin(), out.end());
    return out;
  };
  return text(a) == text(b);
}

void CompareLists(const json& expected, const json& actual, const std::string& path,
                  std::vector<PropertyDifference>& out) {
  bool scalars = std::none_of(expected.begin(), expected.end(),
                              [](const json& item) { return item.is_structured(); });
  if (scalars && SameScalarsIgnoringOrder(expected, actual)) return;
  std::size_t common = std::min(expected.size(), actual.size());
  for (std::size_t i = 0; i < common; ++i) {
    Compare(expected[i], actual[i], path + "/" + std::to_string(i), out);
  }
  for (std::size_t i = common; i < expected.size(); ++i) {
    out.push_back({path + "/" + std::to_string(i), expected[i], nullptr, DifferenceType::kRemove});
  }
  for (std::size_t i = common; i < actual.size(); ++i) {
    out.push_back({path + "/" + std::to_string(i), nullptr, actual[i], DifferenceType::kAdd});
  }
}

void Compare(const json& expected, const json& actual, const std::string& path,
             std::vector<PropertyDifference>& out) {
  if (expected.is_object() && actual.is_object()) {
    for (const auto& [key, value] : expected.items()) {
      std::string at = PointerChild(path, key);
      auto it = actual.find(key);
      if (it == actual.end() || it->is_null()) {
        if (!value.is_null()) out.push_back({at, value, nullptr, DifferenceType::kRemove});
      } else if (IsPolicyProperty(key)) {
        if (CanonicalPolicy(value) != CanonicalPolicy(*it)) {
          out.push_back({at, value, *it, DifferenceType::kNotEqual});
        }
      } else if (key == "Tags" && IsTagList(value) && IsTagList(*it)) {
        CompareTags(value, *it, at, out);
      } else {
        Compare(value, *it, at, out);
      }
    }
  } else if (expected.is_array() && actual.is_array()) {
    CompareLists(expected, actual, path, out);
  } else if (!ScalarEqual(expected, actual)) {
    out.push_back({path, expected, actual, DifferenceType::kNotEqual});
  }
}

bool GlobMatch(std::string_view pattern, std::string_view text) {
  if (pattern.empty()) return text.empty();
  if (pattern[0] == '*') {
    for (std::size_t i = 0; i <= text.size(); ++i) {
      if (GlobMatch(pattern.substr(1), text.substr(i))) return true;
    }
    return false;
  }
  return !text.empty() && pattern[0] == text[0] && GlobMatch(pattern.substr(1), text.substr(1));
}

// "/Tags/0/Value" -> "Tags.0.Value", the way ignore patterns spell property paths.
std::string DottedPath(const std::string& pointer) {
  std::string out = pointer.substr(pointer.empty() ? 0 : 1);
  std::replace(out.begin(), out.end(), '/', '.');
  return out;
}

}  // namespace

std::string_view ToString(DifferenceType type) {
  switch (type) {
    case DifferenceType::kAdd:
      return "ADD";
    case DifferenceType::kRemove:
      return "REMOVE";
    case DifferenceType::kNotEqual:
      return "NOT_EQUAL";
  }
  return "NOT_EQUAL";
}

std::string_view ToString(DriftStatus status) {
  switch (status) {
    case DriftStatus::kInSync:
      return "IN_SYNC";
    case DriftStatus::kModified:
      return "MODIFIED";
    case DriftStatus::kDeleted:
      return "DELETED";
    case DriftStatus::kUnmanaged:
      return "UNMANAGED";
  }
  return "IN_SYNC";
}

std::vector<PropertyDifference> CompareProperties(const json& expected, const json& actual) {
  std::vector<PropertyDifference> out;
  Compare(expected, actual.is_object() ? actual : json::object(), "", out);
  return out;
}

ResourceDrift DriftOf(const DeclaredResource& declared, const std::optional<json>& actual) {
  ResourceDrift drift;
  drift.logical_id = declared.logical_id;
  drift.type = declared.type;
  drift.physical_id = declared.physical_id;
  if (!actual || declared.physical_id.empty() || declared.absent) {
    drift.status = DriftStatus::kDeleted;
    return drift;
  }
  json expected = declared.properties;
  if (expected.is_object()) {
    for (auto it = expected.begin(); it != expected.end();) {
      it = IsWriteOnly(declared.type, it.key()) ? expected.erase(it) : std::next(it);
    }
  }
  drift.differences = CompareProperties(expected, *actual);
  drift.status = drift.differences.empty() ? DriftStatus::kInSync : DriftStatus::kModified;
  return drift;
}

std::vector<ResourceDrift> DetectDrift(const std::vector<DeclaredResource>& declared,
                                       const ProviderRegistry& providers,
                                       const ProviderContext& base) {
  std::vector<ResourceDrift> out;
  for (const auto& resource : declared) {
    ResourceProvider* provider = providers.Find(resource.type);
    if (provider == nullptr) {
      throw std::invalid_argument("Unrecognized resource type " + resource.type +
                                  " is not supported by Terrarium");
    }
    std::optional<json> actual;
    if (!resource.physical_id.empty() && !resource.absent) {
      ProviderContext ctx = base;
      ctx.scope = resource.scope;
      ctx.logical_id = resource.logical_id;
      actual = provider->Read(ctx, resource.physical_id, resource.properties);
    }
    out.push_back(DriftOf(resource, actual));
  }
  return out;
}

IgnoreRules IgnoreRules::Parse(std::string_view text) {
  IgnoreRules rules;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    line.erase(0, line.find_first_not_of(" \t\r"));
    line.erase(line.find_last_not_of(" \t\r") + 1);
    if (!line.empty() && line[0] != '#') rules.patterns_.push_back(line);
    start = end + 1;
  }
  return rules;
}

bool IgnoreRules::Matches(const std::string& subject) const {
  return std::any_of(patterns_.begin(), patterns_.end(),
                     [&](const std::string& p) { return GlobMatch(p, subject); });
}

void IgnoreRules::Apply(std::vector<ResourceDrift>& drifts) const {
  if (patterns_.empty()) return;
  auto names = [](const ResourceDrift& d) {
    std::string id = d.logical_id.empty() ? d.physical_id : d.logical_id;
    return std::vector<std::string>{id, d.type + "." + id};
  };
  std::erase_if(drifts, [&](const ResourceDrift& d) {
    auto n = names(d);
    return Matches(n[0]) || Matches(n[1]);
  });
  for (auto& drift : drifts) {
    auto n = names(drift);
    std::erase_if(drift.differences, [&](const PropertyDifference& diff) {
      std::string dotted = DottedPath(diff.path);
      for (const auto& name : n) {
        // A pattern naming a property hides everything beneath it too.
        std::string subject = name + "." + dotted;
        for (std::string prefix = subject;;) {
          if (Matches(prefix)) return true;
          auto dot = prefix.rfind('.');
          if (dot == std::string::npos || dot <= name.size()) break;
          prefix.resize(dot);
        }
      }
      return false;
    });
    if (drift.status == DriftStatus::kModified && drift.differences.empty()) {
      drift.status = DriftStatus::kInSync;
    }
  }
}

bool DriftReport::drifted() const {
  return std::any_of(resources.begin(), resources.end(),
                     [](const ResourceDrift& r) { return r.status != DriftStatus::kInSync; });
}

}  // namespace terrarium::iac
