// Intrinsics that refer to something by name: Ref, Fn::GetAtt, Fn::Sub, Fn::ImportValue,
// Fn::GetAZs. Messages are CloudFormation's where known.
#include <algorithm>
#include <cctype>
#include <vector>

#include "iac/intrinsics_internal.h"

namespace terrarium::iac::detail {
namespace {

using nlohmann::json;

// The resource's record, or PendingValue / an error when it has not been created.
ResourceRecord RecordOf(const std::string& logical_id, const EvalContext& ctx,
                        const std::string& pointer) {
  ResourceRecord record;
  if (ctx.resources != nullptr && ctx.resources->Find(logical_id, record)) return record;
  if (ctx.allow_pending) throw PendingValue(logical_id);
  throw Error(ctx, "Template error: reference " + logical_id + " not ready", pointer);
}

}  // namespace

bool ResourceIncluded(const std::string& logical_id, const EvalContext& ctx,
                      const std::string& pointer) {
  const ResourceDecl* r = ctx.tmpl.FindResource(logical_id);
  if (r == nullptr) return false;
  return !r->condition || ctx.condition(*r->condition, pointer);
}

json ReferenceValue(const std::string& name, const EvalContext& ctx, const std::string& pointer) {
  if (auto pseudo = PseudoParameter(ctx.stack, name)) return *pseudo;
  if (auto it = ctx.parameters.find(name); it != ctx.parameters.end()) return it->second.value;
  if (ctx.section == Section::kConditions || !ResourceIncluded(name, ctx, pointer)) {
    throw Unresolved(ctx, name, pointer);
  }
  return RecordOf(name, ctx, pointer).physical_id;
}

json AttributeValue(const std::string& resource, const std::string& attribute,
                    const EvalContext& ctx, const std::string& pointer) {
  if (ctx.tmpl.FindResource(resource) == nullptr) {
    throw Error(ctx,
                "Template error: instance of Fn::GetAtt references undefined resource " + resource,
                pointer);
  }
  if (ctx.section == Section::kConditions || !ResourceIncluded(resource, ctx, pointer)) {
    throw Unresolved(ctx, resource, pointer);
  }
  ResourceRecord record = RecordOf(resource, ctx, pointer);
  if (!record.attributes.contains(attribute)) {
    if (ctx.allow_pending) throw PendingValue(resource);
    throw Error(ctx,
                "Template error: resource " + resource + " does not support attribute type " +
                    attribute + " in Fn::GetAtt",
                pointer);
  }
  return record.attributes[attribute];
}

json Ref(const json& args, const EvalContext& ctx, const std::string& pointer) {
  if (!args.is_string()) {
    throw Error(ctx, "Template error: All References must be of type string", pointer);
  }
  return ReferenceValue(args.get<std::string>(), ctx, pointer);
}

json GetAtt(const json& args, const EvalContext& ctx, const std::string& pointer) {
  json parts = args;
  // "Res.Attr" is accepted in the long form too (SAM and older templates write it).
  if (parts.is_string()) {
    std::string text = parts.get<std::string>();
    auto dot = text.find('.');
    parts = dot == std::string::npos ? json::array({text})
                                     : json::array({text.substr(0, dot), text.substr(dot + 1)});
  }
  const std::string message =
      "Template error: every Fn::GetAtt object requires two non-empty parameters, the resource "
      "name and the resource attribute";
  if (!parts.is_array() || parts.size() != 2 || !parts[0].is_string())
    throw Error(ctx, message, pointer);
  // The attribute name may itself be computed (a Ref to a parameter).
  json attribute = Evaluate(parts[1], ctx, PointerChild(pointer, "1"));
  if (!attribute.is_string() || parts[0].get<std::string>().empty() ||
      attribute.get<std::string>().empty()) {
    throw Error(ctx, message, pointer);
  }
  return AttributeValue(parts[0].get<std::string>(), attribute.get<std::string>(), ctx, pointer);
}

json Sub(const json& args, const EvalContext& ctx, const std::string& pointer) {
  const std::string shape =
      "Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. "
      "Specify a string as first argument, and an optional second argument to specify a mapping "
      "of values to replace in the string";
  std::string text;
  json variables = json::object();
  if (args.is_string()) {
    text = args.get<std::string>();
  } else if (args.is_array() && args.size() == 2 && args[0].is_string() && args[1].is_object()) {
    text = args[0].get<std::string>();
    for (const auto& [name, expr] : args[1].items()) {
      std::string sub_pointer = PointerChild(PointerChild(pointer, "1"), name);
      const bool word = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
      });
      if (!word) {
        throw Error(ctx,
                    "Template error: every key of the context object of every Fn::Sub object "
                    "must contain only alphanumeric characters and underscores",
                    sub_pointer);
      }
      json value = Evaluate(expr, ctx, sub_pointer);
      std::string value_text;
      if (!AsText(value, value_text)) {
        throw Error(ctx,
                    "Template error: every value of the context object of every Fn::Sub object "
                    "must be a string or a function that returns a string",
                    sub_pointer);
      }
      variables[name] = value_text;
    }
  } else {
    throw Error(ctx, shape, pointer);
  }

  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t open = text.find("${", pos);
    if (open == std::string::npos) {
      out.append(text, pos);
      break;
    }
    out.append(text, pos, open - pos);
    std::size_t close = text.find('}', open + 2);
    if (close == std::string::npos) {
      out.append(text, open);  // an unterminated "${" is literal text
      break;
    }
    std::string name = text.substr(open + 2, close - open - 2);
    pos = close + 1;
    if (!name.empty() && name[0] == '!') {  // ${!Literal} writes ${Literal}
      out += "${" + name.substr(1) + "}";
      continue;
    }
    json value;
    if (variables.contains(name)) {
      value = variables[name];
    } else if (name.find('.') != std::string::npos && !IsPseudoParameter(name)) {
      auto dot = name.find('.');
      std::string resource = name.substr(0, dot);
      if (ctx.tmpl.FindResource(resource) == nullptr) {
        throw Error(
            ctx,
            "Template error: instance of Fn::Sub references invalid resource attribute " + name,
            pointer);
      }
      value = AttributeValue(resource, name.substr(dot + 1), ctx, pointer);
    } else {
      value = ReferenceValue(name, ctx, pointer);
    }
    std::string value_text;
    if (!AsText(value, value_text)) {
      throw Error(ctx,
                  "Template error: variable " + name +
                      " in Fn::Sub expression does not resolve to a string",
                  pointer);
    }
    out += value_text;
  }
  return out;
}

json ImportValue(const json& args, const EvalContext& ctx, const std::string& pointer) {
  json name = Evaluate(args, ctx, pointer);
  std::string text;
  if (!AsText(name, text)) {
    throw Error(ctx, "Template error: every Fn::ImportValue object must have a String-typed value.",
                pointer);
  }
  std::optional<std::string> value = ctx.exports ? ctx.exports(text) : std::nullopt;
  if (!value) throw Error(ctx, "No export named " + text + " found.", pointer);
  return *value;
}

json GetAZs(const json& args, const EvalContext& ctx, const std::string& pointer) {
  json region = Evaluate(args, ctx, pointer);
  std::string text;
  if (!AsText(region, text)) {
    throw Error(ctx, "Template error: every Fn::GetAZs object must have a String-typed value.",
                pointer);
  }
  if (text.empty()) text = ctx.stack.scope.region;
  // us-east-1 has six zones; the emulator answers three for every other region.
  const std::string letters = text == "us-east-1" ? "abcdef" : "abc";
  json out = json::array();
  for (char letter : letters) out.push_back(text + letter);
  return out;
}

}  // namespace terrarium::iac::detail
