// Scalars follow what CloudFormation's YAML 1.1 reader does: quoted scalars are strings; plain
// scalars are null (~, null, empty), booleans (yes/no/on/off/true/false in the three YAML 1.1
// spellings), integers and decimals. Unlike YAML 1.1 a leading zero does not make an octal
// number: "012345678901" stays a string, because account ids are written that way unquoted.
#include "importers/cloudformation/yaml_loader.h"

#include <array>
#include <cstdlib>
#include <regex>
#include <string>

#include <yaml-cpp/yaml.h>

#include "iac/template_error.h"

namespace terrarium::importers {
namespace {

using nlohmann::json;

bool IsYamlBool(const std::string& s, bool& value) {
  static const std::array<const char*, 9> kTrue = {"yes",  "Yes", "YES", "true", "True",
                                                   "TRUE", "on",  "On",  "ON"};
  static const std::array<const char*, 9> kFalse = {"no",    "No",  "NO",  "false", "False",
                                                    "FALSE", "off", "Off", "OFF"};
  for (const char* t : kTrue) {
    if (s == t) return value = true, true;
  }
  for (const char* f : kFalse) {
    if (s == f) return value = false, true;
  }
  return false;
}

json PlainScalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  bool flag = false;
  if (IsYamlBool(s, flag)) return flag;
  static const std::regex kInt("-?(0|[1-9][0-9]*)");
  static const std::regex kFloat("-?(0|[1-9][0-9]*)(\\.[0-9]+([eE][-+]?[0-9]+)?|[eE][-+]?[0-9]+)");
  if (std::regex_match(s, kInt)) {
    errno = 0;
    long long v = std::strtoll(s.c_str(), nullptr, 10);
    if (errno == 0) return v;
    return s;  // too large for an integer: keep the digits
  }
  if (std::regex_match(s, kFloat)) return std::strtod(s.c_str(), nullptr);
  return s;
}

class Converter {
 public:
  explicit Converter(iac::SourceMap& lines) : lines_(lines) {}

  json Convert(const YAML::Node& node, const std::string& pointer) {
    lines_.Add(pointer, node.Mark().line + 1);
    const std::string& tag = node.Tag();
    if (!tag.empty() && tag[0] == '!' && tag != "!" && tag.rfind("!!", 0) != 0) {
      return ShortForm(tag.substr(1), node, pointer);
    }
    return Untagged(node, pointer, tag);
  }

 private:
  json Untagged(const YAML::Node& node, const std::string& pointer, const std::string& tag) {
    switch (node.Type()) {
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        // A quoted empty scalar comes back as a scalar; an absent value is null.
        return nullptr;
      case YAML::NodeType::Scalar:
        if (tag == "?" || tag.empty()) return PlainScalar(node.Scalar());
        return node.Scalar();  // quoted, or !!str
      case YAML::NodeType::Sequence: {
        json out = json::array();
        for (std::size_t i = 0; i < node.size(); ++i) {
          out.push_back(Convert(node[i], iac::PointerChild(pointer, std::to_string(i))));
        }
        return out;
      }
      case YAML::NodeType::Map: {
        json out = json::object();
        for (const auto& entry : node) {
          std::string key = entry.first.Scalar();
          out[key] = Convert(entry.second, iac::PointerChild(pointer, key));
        }
        return out;
      }
    }
    return nullptr;
  }

  // `!Name value` -> {"Fn::Name": value}; !Ref and !Condition keep their bare keys and !GetAtt's
  // scalar form "Res.Attr.Sub" splits at the first dot, as CloudFormation documents.
  json ShortForm(const std::string& name, const YAML::Node& node, const std::string& pointer) {
    static const std::array<const char*, 16> kFunctions = {
        "Sub",       "GetAtt", "Join",  "If",     "Equals", "Not",    "And",         "Or",
        "FindInMap", "Select", "Split", "Base64", "Cidr",   "GetAZs", "ImportValue", "Transform"};
    std::string key;
    if (name == "Ref" || name == "Condition") {
      key = name;
    } else {
      for (const char* f : kFunctions) {
        if (name == f) key = std::string("Fn::") + f;
      }
    }
    if (key.empty()) {
      throw iac::TemplateError("Template format error: YAML not well-formed. Unsupported tag !" +
                                   name + " (line " + std::to_string(node.Mark().line + 1) +
                                   ", column " + std::to_string(node.Mark().column + 1) + ")",
                               pointer, node.Mark().line + 1);
    }
    std::string inner = iac::PointerChild(pointer, key);
    json value = Untagged(node, inner, "");
    lines_.Add(inner, node.Mark().line + 1);
    if (node.Type() == YAML::NodeType::Scalar) value = node.Scalar();  // tagged scalars are text
    if (node.Type() == YAML::NodeType::Null) value = "";               // `!GetAZs` alone
    if (key == "Fn::GetAtt" && value.is_string()) {
      std::string text = value.get<std::string>();
      auto dot = text.find('.');
      value = dot == std::string::npos ? json::array({text})
                                       : json::array({text.substr(0, dot), text.substr(dot + 1)});
    }
    return json{{key, std::move(value)}};
  }

  iac::SourceMap& lines_;
};

}  // namespace

LoadedTemplate LoadYaml(std::string_view text) {
  LoadedTemplate out;
  try {
    YAML::Node root = YAML::Load(std::string(text));
    Converter converter(out.lines);
    out.document = converter.Convert(root, "");
  } catch (const YAML::Exception& e) {
    int line = e.mark.line + 1;
    throw iac::TemplateError("Template format error: YAML not well-formed. (line " +
                                 std::to_string(line) + ", column " +
                                 std::to_string(e.mark.column + 1) + ")",
                             "", line);
  }
  return out;
}

iac::SourceMap LinesOf(std::string_view text) {
  try {
    return LoadYaml(text).lines;
  } catch (const iac::TemplateError&) {
    return {};
  }
}

}  // namespace terrarium::importers
