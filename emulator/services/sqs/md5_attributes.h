// The MD5 digests SQS returns and SDKs verify (Java, .NET, JavaScript fail on a mismatch).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace terrarium::services::sqs {

// Hex MD5 of the body.
std::string Md5OfBody(std::string_view body);
// Hex MD5 of a message (or system) attribute map, {"name": {"DataType", "StringValue" |
// "BinaryValue" (base64)}}: attributes sorted by name, each as length-prefixed (4-byte big
// endian) name, length-prefixed data type, a transport byte (1 string/number, 2 binary) and the
// length-prefixed value. Empty for an empty map.
std::string Md5OfAttributes(const nlohmann::json& attributes);

}  // namespace terrarium::services::sqs
