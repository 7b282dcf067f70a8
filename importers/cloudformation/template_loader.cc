#include "importers/cloudformation/template_loader.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "emulator/core/encoding.h"
#include "iac/template_error.h"

namespace terrarium::importers {
namespace {

bool LooksLikeJson(std::string_view body) {
  for (char c : body) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{';
  }
  return false;
}

// nlohmann reports a byte offset; authors want a line and column.
void LineAndColumn(std::string_view body, std::size_t offset, int& line, int& column) {
  line = 1;
  column = 1;
  for (std::size_t i = 0; i < offset && i < body.size(); ++i) {
    if (body[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
}

// Whether every key and string of `value` is UTF-8. The YAML reader can make bytes of
// characters it maps (a NUL-laden line became a lone 0x85, NEL in Latin-1).
bool AllUtf8(const nlohmann::json& value) {
  if (value.is_string()) return IsUtf8(value.get_ref<const std::string&>());
  if (value.is_array()) {
    return std::all_of(value.begin(), value.end(), [](const auto& item) { return AllUtf8(item); });
  }
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      if (!IsUtf8(key) || !AllUtf8(item)) return false;
    }
  }
  return true;
}

constexpr const char* kNotUtf8 = "Template format error: the template is not UTF-8 text";

}  // namespace

LoadedTemplate LoadTemplate(std::string_view body) {
  // The YAML reader takes any bytes, and a template's text ends up in JSON answers and stored
  // records, whose serializer refuses malformed UTF-8.
  if (!IsUtf8(body)) throw iac::TemplateError(kNotUtf8);
  if (!LooksLikeJson(body)) {
    LoadedTemplate loaded = LoadYaml(body);
    if (!AllUtf8(loaded.document)) throw iac::TemplateError(kNotUtf8);
    return loaded;
  }
  LoadedTemplate out;
  try {
    out.document = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    int line = 0;
    int column = 0;
    // The offset nlohmann reports is one past the offending byte.
    LineAndColumn(body, e.byte > 0 ? e.byte - 1 : 0, line, column);
    throw iac::TemplateError("Template format error: JSON not well-formed. (line " +
                                 std::to_string(line) + ", column " + std::to_string(column) + ")",
                             "", line);
  } catch (const nlohmann::json::exception& e) {
    // Well-formed text nlohmann cannot hold, e.g. a number past a double's range (1E6666):
    // out_of_range, which has no offset.
    std::string reason = e.what();
    if (auto end = reason.find("] "); end != std::string::npos) reason.erase(0, end + 2);
    throw iac::TemplateError("Template format error: JSON not well-formed. (" + reason + ")");
  }
  // JSON values come from nlohmann (exact numbers and strings); YAML, a superset of JSON, gives
  // the lines.
  out.lines = LinesOf(body);
  return out;
}

LoadedTemplate LoadTemplateFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw iac::TemplateError("Cannot read template file " + path.string());
  std::ostringstream body;
  body << in.rdbuf();
  return LoadTemplate(body.str());
}

}  // namespace terrarium::importers
