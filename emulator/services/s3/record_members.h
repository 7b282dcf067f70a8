// Reading a few members of a stored record without parsing the rest: a listing page reads five
// of the dozen members of a thousand records, and a full nlohmann parse of each (its lexer and
// the map it builds) was most of the page's CPU.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace terrarium::services::s3 {

// The JSON object `text` with only its top-level members named in `names` (each parsed); the
// other members' values are skipped, not parsed. Text that is no well-formed object is parsed
// whole (and throws as json::parse does).
nlohmann::json PickMembers(std::string_view text, std::span<const std::string_view> names);

// The JSON object `text` exactly as json::parse gives it, built member by member: strings,
// booleans and unsigned integers without the full parser (the full parse of an object record
// was a quarter of a small GetObject's instructions). Text that is no well-formed object is
// parsed whole (and throws as json::parse does).
nlohmann::json ParseRecord(std::string_view text);

// Calls `visit(name, value text)` for each top-level member of the JSON object `text` (names as
// written, escapes left in), without parsing the values. False when `text` is no well-formed
// object (members up to the flaw may have been visited).
bool VisitMembers(std::string_view text,
                  const std::function<void(std::string_view name, std::string_view value)>& visit);

// The string a JSON string literal (quotes included) holds, or nullopt when `literal` is none.
std::optional<std::string> JsonStringValue(std::string_view literal);

}  // namespace terrarium::services::s3
