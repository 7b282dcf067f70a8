// JSON bodies of the json and rest-json protocols, read and written against the model's shapes.
// Reading checks every value's type as AWS's JSON services do and answers mismatches with the
// SerializationException they send; writing emits only what the shape declares.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/models/service_model.h"

namespace terrarium::protocols {

// Parses a request body; an empty body is `{}`. Throws AwsError SerializationException (400)
// for text that is not JSON.
nlohmann::json ParseJsonBody(std::string_view body);

// Reads the members of structure `shape` from the parsed body `value` into a document keyed by
// member names: timestamps become epoch seconds (numbers or ISO 8601 text accepted), blobs stay
// base64 text (checked), unknown members are ignored and nulls are absent. With `body_only`,
// members bound to the URI, query or headers are skipped (rest-json). Throws AwsError
// SerializationException (400) for a value of the wrong type, in AWS's words ("NUMBER_VALUE
// cannot be converted to String", "Start of structure or map found where not expected.").
// `value` is taken by value so that a caller done with it can move it in: its strings are moved,
// not copied, into the result.
nlohmann::json ReadJsonStructure(const models::Shape& shape, nlohmann::json value, bool body_only);

// Writes document `document` of structure `shape` as a JSON body object: members under their
// wire names, nulls and members the shape does not declare dropped, timestamps as epoch seconds
// unless the model names another format. With `body_only`, members bound elsewhere are skipped.
nlohmann::json WriteJsonStructure(const models::Shape& shape, const nlohmann::json& document,
                                  bool body_only);

// The text of DumpJson(WriteJsonStructure(shape, document, body_only)), written directly without
// building the intermediate document.
std::string WriteJsonText(const models::Shape& shape, const nlohmann::json& document,
                          bool body_only);

// `value` as body text; invalid UTF-8 in strings is replaced rather than thrown on.
std::string DumpJson(const nlohmann::json& value);

}  // namespace terrarium::protocols
