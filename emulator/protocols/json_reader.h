// Request bodies read into nlohmann values by RapidJSON's reader. nlohmann's own lexer builds
// every string a character at a time (twice: the token and its error-message copy); on a small
// DynamoDB or SQS request it was a fifth of the handler's instructions.
#pragma once

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace terrarium::protocols {

// The JSON document `text` holds, as nlohmann::json::parse would give it (non-negative integers
// unsigned, a repeated key's last value kept, no depth limit), or nullopt when `text` is not one
// well-formed UTF-8 JSON document (nor bytes after a NUL following one, which nlohmann took
// for the end of its input).
std::optional<nlohmann::json> ReadJsonDocument(std::string_view text);

}  // namespace terrarium::protocols
