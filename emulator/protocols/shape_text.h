// Scalars in their text form, as they travel in query strings, form bodies, headers, URI labels
// and XML text. In the JSON document a timestamp is epoch seconds (a number) and a blob is its
// base64 text; every other scalar is its natural JSON type.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/models/service_model.h"

namespace terrarium::protocols {

enum class TimestampFormat { kIso8601, kRfc822, kEpochSeconds };

// The member's own format if it names one, else the shape's, else `fallback` (the protocol's
// default for the location: iso8601 in bodies and query strings, rfc822 in headers).
TimestampFormat TimestampFormatOf(const models::Member& member, TimestampFormat fallback);

// Parses `text` as a value of scalar shape `shape`; nullopt when it is not one ("abc" for an
// integer, "maybe" for a boolean, an unparseable timestamp). Blobs are taken as base64 text and
// kept as such; callers that receive raw bytes encode them first.
std::optional<nlohmann::json> ScalarFromText(const models::Shape& shape, std::string_view text,
                                             TimestampFormat format);

// The text form of a scalar document value of shape `shape`.
std::string ScalarToText(const models::Shape& shape, const nlohmann::json& value,
                         TimestampFormat format);

// Shortest text that reads back as the same double ("1.5", "3", "1e+300").
std::string FormatDouble(double value);

}  // namespace terrarium::protocols
