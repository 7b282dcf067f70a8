// Marker paging of Lambda's List* operations over an already ordered list: the marker is the
// index of the next item (opaque to clients, as AWS's are).
#pragma once

#include <nlohmann/json.hpp>

namespace terrarium::services::lambda {

// Up to MaxItems (default 50) items of `items` (a JSON array) from the input's Marker, under
// `key`, with NextMarker when more remain. A malformed marker is InvalidParameterValueException.
nlohmann::json PageByIndex(const nlohmann::json& items, const nlohmann::json& input,
                           const char* key);

}  // namespace terrarium::services::lambda
