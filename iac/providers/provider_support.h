// What every resource provider needs: calling an operation, telling "already gone" apart from
// a real failure, reading template property values (which arrive as strings as often as
// numbers), tag and property diffs, and the validation errors CloudFormation words.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/core/aws_error.h"
#include "iac/resource_provider.h"

namespace terrarium::iac::providers {

using nlohmann::json;

// Runs `operation` of `service` through the context's invoker (the dispatcher).
json Call(const ProviderContext& ctx, std::string_view service, std::string_view operation,
          const json& input);

// `url` with its host:port replaced by `host` (a queue URL as a client addressing `host` gets
// it); `url` itself when `host` is empty.
std::string WithHost(const std::string& url, const std::string& host);

// Whether `error` says the resource does not exist (any service's wording).
bool IsNotFound(const AwsError& error);

// Runs `call`; false when it failed because the resource is gone, other errors pass through.
bool UnlessGone(const std::function<void()>& call);

// "Property validation failure: [<detail>]", CloudFormation's wording for a bad property.
AwsError PropertyError(const std::string& detail);

// A scalar as text (numbers and booleans written out); `path` names the property in errors.
std::string TextValue(const json& value, std::string_view path);
// The string at `name`; throws naming the property when it is missing or not a scalar.
std::string RequiredString(const json& properties, std::string_view name);
// The string at `name`, or `fallback` when absent; numbers and booleans are given as text.
std::string StringOr(const json& properties, std::string_view name, std::string fallback = "");
// An integer from a number or a numeric string (parameters resolve to strings); `path` names
// the property in the error.
long long IntegerValue(const json& value, std::string_view path);
// A boolean from true/false or "true"/"false" (any case).
bool BooleanValue(const json& value, std::string_view path);
// A policy document as the API takes it: objects serialised, strings as given.
std::string DocumentText(const json& document);
// A policy document as text from the API back to template form (an object when it parses).
json DocumentValue(const std::string& text);

// "<stack>-<logicalId>-<RANDOM>": the physical id of a resource that has no name of its own.
std::string GeneratedId(const ProviderContext& ctx);

// The name a template gives in `property`, or the name generated for the resource.
std::string GivenOrGeneratedName(const ProviderContext& ctx, const json& properties,
                                 std::string_view property);

// Tags in template form ([{Key, Value}, ...]) as a map; `path` names the property in errors.
std::map<std::string, std::string> TagMap(const json& tags, std::string_view path = "Tags");
// Tags as a template list, sorted by key.
json TagList(const std::map<std::string, std::string>& tags);
// Tags as the {"key": "value"} object SQS and Lambda take, and back.
json TagObject(const std::map<std::string, std::string>& tags);
std::map<std::string, std::string> TagMapOfObject(const json& tags);

// What to send to make tags `before` into `after`: the tags to set and the keys to remove.
struct TagChanges {
  std::map<std::string, std::string> set;
  std::vector<std::string> removed;
};
TagChanges DiffTags(const json& before, const json& after);

// Whether top-level property `name` differs between two property sets (absent == null).
bool Changed(const json& before, const json& after, std::string_view name);

// Whether two property values mean the same once templates' loose typing is allowed for: a
// number or boolean equals its text ("30" == 30, "true" == true), recursively.
bool LooselyEqual(const json& a, const json& b);

// `current` limited to the names declared in `declared` (Read's answer for drift detection);
// a value that loosely equals the declared one is given in the declared form, so a resource in
// sync reads back exactly as declared.
json OnlyDeclared(const json& current, const json& declared);

}  // namespace terrarium::iac::providers
