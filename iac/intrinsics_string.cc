// Intrinsics that build or pick values: Fn::Join, Fn::Split, Fn::Select, Fn::Base64,
// Fn::FindInMap. Messages are CloudFormation's where known.
#include <cstdlib>

#include "emulator/core/encoding.h"
#include "iac/intrinsics_internal.h"

namespace terrarium::iac::detail {

using nlohmann::json;

json Join(const json& args, const EvalContext& ctx, const std::string& pointer) {
  const std::string message =
      "Template error: every Fn::Join object requires two parameters, (1) a string delimiter and "
      "(2) a list of strings to be joined or a function that returns a list of strings (such as "
      "Fn::GetAZs) to be joined.";
  if (!args.is_array() || args.size() != 2) throw Error(ctx, message, pointer);
  json delimiter = Evaluate(args[0], ctx, PointerChild(pointer, "0"));
  json list = Evaluate(args[1], ctx, PointerChild(pointer, "1"));
  std::string separator;
  if (!AsText(delimiter, separator) || !list.is_array()) throw Error(ctx, message, pointer);
  std::string out;
  bool first = true;
  for (const auto& item : list) {
    std::string text;
    if (!AsText(item, text)) throw Error(ctx, message, pointer);
    if (!first) out += separator;
    out += text;
    first = false;
  }
  return out;
}

json Split(const json& args, const EvalContext& ctx, const std::string& pointer) {
  const std::string message =
      "Template error: every Fn::Split object requires two parameters, (1) a string delimiter and "
      "(2) a string to be split or a function that returns a string to be split.";
  if (!args.is_array() || args.size() != 2) throw Error(ctx, message, pointer);
  json delimiter = Evaluate(args[0], ctx, PointerChild(pointer, "0"));
  json source = Evaluate(args[1], ctx, PointerChild(pointer, "1"));
  std::string separator;
  std::string text;
  if (!AsText(delimiter, separator) || separator.empty() || !AsText(source, text)) {
    throw Error(ctx, message, pointer);
  }
  json out = json::array();
  std::size_t start = 0;
  while (true) {
    auto at = text.find(separator, start);
    out.push_back(text.substr(start, at - start));
    if (at == std::string::npos) break;
    start = at + separator.size();
  }
  return out;
}

json Select(const json& args, const EvalContext& ctx, const std::string& pointer) {
  const std::string bad_index =
      "Template error: Fn::Select requires a list argument with a valid index value as its first "
      "element";
  if (!args.is_array() || args.empty()) throw Error(ctx, bad_index, pointer);
  json index_value = Evaluate(args[0], ctx, PointerChild(pointer, "0"));
  std::string index_text;
  if (!AsText(index_value, index_text) || index_text.empty()) throw Error(ctx, bad_index, pointer);
  char* end = nullptr;
  long index = std::strtol(index_text.c_str(), &end, 10);
  if (*end != '\0') throw Error(ctx, bad_index, pointer);
  const std::string bad_list =
      "Template error: Fn::Select requires a list argument with two elements: an integer index "
      "and a list";
  if (args.size() != 2) throw Error(ctx, bad_list, pointer);
  json list = Evaluate(args[1], ctx, PointerChild(pointer, "1"));
  if (!list.is_array()) throw Error(ctx, bad_list, pointer);
  if (index < 0 || static_cast<std::size_t>(index) >= list.size()) {
    throw Error(ctx,
                "Template error: Fn::Select cannot select nonexistent value at index " +
                    std::to_string(index),
                pointer);
  }
  return list[static_cast<std::size_t>(index)];
}

json Base64(const json& args, const EvalContext& ctx, const std::string& pointer) {
  json value = Evaluate(args, ctx, pointer);
  std::string text;
  if (!AsText(value, text)) {
    throw Error(ctx, "Template error: every Fn::Base64 object must have a String-typed value.",
                pointer);
  }
  return Base64Encode(text);
}

json FindInMap(const json& args, const EvalContext& ctx, const std::string& pointer) {
  const std::string message =
      "Template error: every Fn::FindInMap object requires three parameters, the map name, map "
      "key and the attribute for return value";
  // A fourth element {"DefaultValue": ...} is the AWS::LanguageExtensions form.
  if (!args.is_array() || args.size() < 3 || args.size() > 4) throw Error(ctx, message, pointer);
  std::string names[3];
  for (std::size_t i = 0; i < 3; ++i) {
    json part = Evaluate(args[i], ctx, PointerChild(pointer, std::to_string(i)));
    if (!AsText(part, names[i])) throw Error(ctx, message, pointer);
  }
  const json& mappings = ctx.tmpl.mappings;
  if (!mappings.contains(names[0])) {
    throw Error(ctx,
                "Template error: Mapping named '" + names[0] +
                    "' is not present in the 'Mappings' section of template",
                pointer);
  }
  const json& map = mappings[names[0]];
  if (!map.contains(names[1]) || !map[names[1]].contains(names[2])) {
    if (args.size() == 4 && args[3].is_object() && args[3].contains("DefaultValue")) {
      return Evaluate(args[3]["DefaultValue"], ctx, PointerChild(pointer, "3"));
    }
    throw Error(
        ctx,
        "Template error: Unable to get mapping for " + names[0] + "::" + names[1] + "::" + names[2],
        pointer);
  }
  return map[names[1]][names[2]];
}

}  // namespace terrarium::iac::detail
