// What SQS accepts in a message: body characters, message attributes, sizes, batch entries.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace terrarium::services::sqs {

// Throws InvalidMessageContents for characters outside #x9 | #xA | #xD | #x20-#xD7FF |
// #xE000-#xFFFD | #x10000-#x10FFFF (and for invalid UTF-8).
void CheckMessageCharacters(std::string_view text);
// Throws InvalidParameterValue for a bad name, type or value, or more than 10 attributes.
void CheckMessageAttributes(const nlohmann::json& attributes);
// The size SQS counts against MaximumMessageSize: body plus attribute names, types and values.
int64_t MessageSize(std::string_view body, const nlohmann::json& attributes);
// EmptyBatchRequest, TooManyEntriesInBatchRequest, InvalidBatchEntryId, BatchEntryIdsNotDistinct.
// `entry_name` is the request entry shape, e.g. "SendMessageBatchRequestEntry".
void CheckBatchEntries(const nlohmann::json& entries, std::string_view entry_name);

}  // namespace terrarium::services::sqs
