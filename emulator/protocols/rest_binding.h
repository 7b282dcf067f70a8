// The HTTP binding shared by the rest protocols (rest-xml for S3, rest-json for Lambda): which
// operation a method + path + query names, and the members that travel in the URI, the query
// string, headers and the status code rather than in the body.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/core/http_message.h"
#include "emulator/core/request_context.h"
#include "emulator/core/url.h"
#include "emulator/models/service_model.h"

namespace terrarium::protocols {

// The operation whose method, path template ("/{Bucket}/{Key+}") and query literals ("uploads",
// "list-type=2") match; when several match, the one with the most query literals, then the most
// literal path segments, wins. Operations that share all of these (S3's PutObject, CopyObject,
// UploadPart, UploadPartCopy) are told apart by their required query and header members: the one
// missing fewest, then having most, wins; then a non-deprecated one, then the first by name.
// `path` is the raw (percent-encoded) path. nullptr if none matches.
const models::Operation* MatchRestOperation(const models::ServiceModel& model,
                                            std::string_view method, std::string_view path,
                                            const QueryParams& query, const Headers& headers);
// The same without headers: cannot tell operations apart by a required header (CopyObject's
// x-amz-copy-source), so prefer the overload above.
const models::Operation* MatchRestOperation(const models::ServiceModel& model,
                                            std::string_view method, std::string_view path,
                                            const QueryParams& query);

// Copies the input members located in the URI (labels, greedy labels decoded), the query string,
// headers and prefixed header maps (`x-amz-meta-*`) from the request into `input`. A query map
// member takes every parameter no other member names; a `jsonvalue` header becomes the JSON
// value its base64 text holds. Throws AwsError "SerializationException" (400) for a value that
// does not parse as its shape, with extra fields "ArgumentName" (wire name) and "ArgumentValue":
// each codec rethrows it as its service says (S3's InvalidArgument).
void DecodeRestLocations(const models::Operation& operation, std::string_view path,
                         const QueryParams& query, const Headers& headers, nlohmann::json& input);

// Writes the output members located in headers (timestamps RFC 822 unless the model says
// otherwise, lists comma-separated, `jsonvalue` as base64 JSON) and prefixed header maps.
// Returns the status a `statusCode` member asked for, or 0.
int EncodeRestLocations(const models::Shape& output, const nlohmann::json& document,
                        Headers& headers);

// A blob or string payload member is the raw body rather than a document.
bool IsRawPayload(const models::Member& payload);

// The body of a raw output payload: the handler's `ctx.response_payload` (GetObject's bytes,
// perhaps a file), or else the document's value (base64 for a blob, text for a string).
Body RawPayloadBody(const models::Member& payload, const nlohmann::json& output,
                    RequestContext& ctx);

// Takes a raw input payload off the request: a blob moves into `ctx.request_payload` (never
// into the document: it may be a large file), a string goes into the document. Returns false
// when the input has no raw payload, so the body is the codec's to parse.
bool TakeRawPayload(const models::Shape& input, HttpRequest& request, RequestContext& ctx,
                    nlohmann::json& document);

}  // namespace terrarium::protocols
