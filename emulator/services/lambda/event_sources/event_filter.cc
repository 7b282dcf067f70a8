#include "emulator/services/lambda/event_sources/event_filter.h"

#include <string>

#include "emulator/core/ascii.h"

namespace terrarium::services::lambda {
namespace {

using nlohmann::json;

bool NumericMatches(const json& conditions, const json& value) {
  if (!value.is_number() || !conditions.is_array()) return false;
  double number = value.get<double>();
  for (size_t i = 0; i + 1 < conditions.size(); i += 2) {
    if (!conditions[i].is_string() || !conditions[i + 1].is_number()) return false;
    std::string op = conditions[i];
    double bound = conditions[i + 1].get<double>();
    bool ok = op == "="    ? number == bound
              : op == "<"  ? number < bound
              : op == "<=" ? number <= bound
              : op == ">"  ? number > bound
              : op == ">=" ? number >= bound
                           : false;
    if (!ok) return false;
  }
  return true;
}

// One element of a pattern's value list against a scalar (or missing: null json with
// `present` false).
bool ElementMatches(const json& matcher, const json& value, bool present) {
  if (!matcher.is_object()) return present && matcher == value;
  if (auto it = matcher.find("exists"); it != matcher.end()) return it->get<bool>() == present;
  if (!present) return false;
  if (auto it = matcher.find("prefix"); it != matcher.end()) {
    return value.is_string() && value.get<std::string>().starts_with(it->get<std::string>());
  }
  if (auto it = matcher.find("suffix"); it != matcher.end()) {
    return value.is_string() && value.get<std::string>().ends_with(it->get<std::string>());
  }
  if (auto it = matcher.find("equals-ignore-case"); it != matcher.end()) {
    return value.is_string() && it->is_string() &&
           AsciiLower(value.get<std::string>()) == AsciiLower(it->get<std::string>());
  }
  if (auto it = matcher.find("numeric"); it != matcher.end()) return NumericMatches(*it, value);
  if (auto it = matcher.find("anything-but"); it != matcher.end()) {
    json excluded = it->is_array() ? *it : json::array({*it});
    for (const auto& item : excluded) {
      if (ElementMatches(item, value, true)) return false;
    }
    return true;
  }
  return false;
}

// A field's matcher list against the field's value; an array value matches when any element
// does.
bool FieldMatches(const json& matchers, const json* value) {
  if (!matchers.is_array()) return false;
  bool present = value != nullptr;
  for (const auto& matcher : matchers) {
    if (present && value->is_array()) {
      for (const auto& element : *value) {
        if (ElementMatches(matcher, element, true)) return true;
      }
      continue;
    }
    if (ElementMatches(matcher, present ? *value : json(), present)) return true;
  }
  return false;
}

}  // namespace

bool MatchesPattern(const json& pattern, const json& value) {
  if (!pattern.is_object()) return false;
  for (const auto& [field, expected] : pattern.items()) {
    const json* actual = nullptr;
    if (value.is_object()) {
      auto it = value.find(field);
      if (it != value.end()) actual = &*it;
    }
    if (expected.is_object()) {
      if (actual == nullptr || !MatchesPattern(expected, *actual)) return false;
    } else if (!FieldMatches(expected, actual)) {
      return false;
    }
  }
  return true;
}

bool PassesFilters(const json& filter_criteria, const json& record) {
  json filters = filter_criteria.value("Filters", json::array());
  if (filters.empty()) return true;
  json subject = record;
  // SQS bodies are matched as JSON when they are JSON (else only plain-string patterns apply).
  if (subject.contains("body") && subject["body"].is_string()) {
    json parsed = json::parse(subject["body"].get<std::string>(), nullptr, false);
    if (!parsed.is_discarded() && parsed.is_object()) subject["body"] = parsed;
  }
  for (const auto& filter : filters) {
    json pattern = json::parse(filter.value("Pattern", ""), nullptr, false);
    if (!pattern.is_discarded() && MatchesPattern(pattern, subject)) return true;
  }
  return false;
}

}  // namespace terrarium::services::lambda
