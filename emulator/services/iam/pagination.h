// Marker/MaxItems/IsTruncated pagination, shared by every IAM List operation. Items carry a sort
// key; the marker is the (base64) key of the first item of the next page, so a page boundary
// survives items being added or removed between calls.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace terrarium::services::iam {

inline constexpr int kDefaultMaxItems = 100;

using KeyedItems = std::vector<std::pair<std::string, nlohmann::json>>;

// The page `input` (its Marker and MaxItems) asks for, as the output members `list_member`,
// IsTruncated and, when truncated, Marker. Items are ordered by key here. Throws ValidationError
// for a marker this emulator did not hand out.
nlohmann::json PageOf(KeyedItems items, const nlohmann::json& input, std::string_view list_member);

}  // namespace terrarium::services::iam
