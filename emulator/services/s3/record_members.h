// Reading a few members of a stored record without parsing the rest: a listing page reads five
// of the dozen members of a thousand records, and a full nlohmann parse of each (its lexer and
// the map it builds) was most of the page's CPU.
#pragma once

#include <span>
#include <string_view>

#include <nlohmann/json.hpp>

namespace terrarium::services::s3 {

// The JSON object `text` with only its top-level members named in `names` (each parsed); the
// other members' values are skipped, not parsed. Text that is no well-formed object is parsed
// whole (and throws as json::parse does).
nlohmann::json PickMembers(std::string_view text, std::span<const std::string_view> names);

}  // namespace terrarium::services::s3
