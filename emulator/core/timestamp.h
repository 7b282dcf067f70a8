// AWS timestamp formats. Inside Terrarium a timestamp is seconds since the epoch (a double with
// millisecond precision); codecs convert to and from the wire format the protocol uses.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace terrarium {

std::string FormatIso8601(double epoch_seconds);  // 2026-11-26T18:36:04.123Z (.000 kept)
std::string FormatRfc822(double epoch_seconds);   // Thu, 26 Nov 2026 18:36:04 GMT
// Accepts ISO 8601 (with or without fraction and zone), RFC 822/1123, and epoch seconds.
std::optional<double> ParseTimestamp(std::string_view text);

}  // namespace terrarium
