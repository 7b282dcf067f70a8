// DynamoDB attribute values as they travel on the wire and sit in the store: JSON objects with
// exactly one type member ({"S": "x"}, {"N": "1.5"}, {"B": "<base64>"}, {"SS": [...]},
// {"M": {...}}, {"L": [...]}, {"NULL": true}, {"BOOL": false}). Items are JSON objects of them.
#pragma once

#include <compare>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/core/aws_error.h"
#include "emulator/services/dynamodb/number.h"

namespace terrarium::services::dynamodb {

using Json = nlohmann::json;

// ValidationException with the prefix AWS puts before every invalid parameter value's reason.
AwsError InvalidParameterValues(const std::string& what);

// The type member of a value ("S", "N", ..., "BOOL"); empty if the value is malformed.
std::string_view TypeOf(const Json& value);

// Checks a value from a request as DynamoDB does (exactly one type, numbers in range, sets
// neither empty nor with duplicates) and returns it with numbers in canonical form. Throws
// ValidationException with AWS's wording.
Json NormalizeValue(const Json& value);
// The same for every attribute of an item (or key, or expression attribute value map).
Json NormalizeItem(const Json& item);

// The number of a {"N": ...} value (already normalised).
Number NumberOf(const Json& value);
// The raw bytes of a {"B": ...} value or a BS element.
std::string BytesOf(const Json& base64_text);

// Deep equality; sets compare regardless of element order.
bool ValuesEqual(const Json& a, const Json& b);
// Order of two scalars of the same type (S by UTF-8 bytes, N numerically, B bytewise); nullopt
// when the types differ or are not S, N or B.
std::optional<std::strong_ordering> CompareScalars(const Json& a, const Json& b);

// DynamoDB's size accounting: names plus values, as the 400 KB item limit counts them.
size_t ValueSize(const Json& value);
size_t ItemSize(const Json& item);
// The size of a number given as its text.
size_t NumberTextSize(std::string_view text);
inline constexpr size_t kMaxItemBytes = 400 * 1024;

}  // namespace terrarium::services::dynamodb
