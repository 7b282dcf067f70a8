// Shape-driven XML, shared by the rest-xml (S3) and query (IAM, STS, CloudFormation, SQS) codecs:
// writes a document of a shape as AWS sends it and reads an XML element back into a document.
// Naming follows botocore's serializers and parsers, which are what clients run:
// - a member's element is its locationName, else its target shape's, else the member name;
// - a list is <Name><member>..</member></Name> (item name = the list member's locationName),
//   or, flattened, repeated <Name> elements, where a flattened list whose member has a
//   locationName repeats that name instead (SQS's <Message>, IAM's none);
// - a map is <Name><entry><key/><value/></entry></Name>, flattened without the <entry>
//   level, with key and value locationNames honoured (SQS's <Attribute><Name/><Value/>);
// - xmlAttribute members are attributes, prefixed ones with their xmlns:prefix declaration
//   (S3's <Grantee xmlns:xsi="..." xsi:type="CanonicalUser">).
// Scalars use their text forms (shape_text.h): timestamps iso8601 unless the model says
// otherwise, booleans true/false, blobs base64 as the document keeps them.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "emulator/models/service_model.h"
#include "emulator/protocols/xml_writer.h"

namespace terrarium::protocols {

// The member's serialized name from the model (its locationName, else its target shape's),
// or empty when the model gives none.
const std::string& SerializedName(const models::Member& member);

// The element (or query parameter) name of a member: SerializedName, else the member name.
const std::string& XmlName(const models::Member& member);

// Whether a list or map member is flattened (the trait may sit on the member or the shape).
bool IsFlattened(const models::Member& member);

// Writes the member's value (a document of its shape) as its element(s) into `out`, with the
// namespace declaration the member or its shape carries; null values are skipped.
void WriteXmlMember(XmlWriter& out, const models::Member& member, const nlohmann::json& value);

// Writes the body members of structure document `document` (members located elsewhere, such
// as headers, are skipped) as children of the element `out` has open. Attributes must be
// written before: see WriteXmlAttributes.
void WriteXmlMembers(XmlWriter& out, const models::Shape& shape, const nlohmann::json& document);

// Writes the xmlAttribute members of `document` on the element just opened.
void WriteXmlAttributes(XmlWriter& out, const models::Shape& shape, const nlohmann::json& document);

// How a reader reports a value that does not parse as its shape ("abc" for an integer): the
// caller's protocol decides the code (S3: MalformedXML).
struct XmlReadError {
  std::string code;
  std::string message;
};

// Reads the children and attributes of `element` as a document of structure `shape`. Unknown
// elements are ignored; a scalar that does not parse throws AwsError{error.code, 400}.
nlohmann::json ReadXmlStructure(const pugi::xml_node& element, const models::Shape& shape,
                                const XmlReadError& error);

// Parse options for request bodies: pugixml never expands entities other than the five XML ones
// and character references (no DTD, no external entities); parse_doctype is on only so that
// HasDoctype can see and refuse a DOCTYPE instead of silently skipping it.
inline constexpr unsigned kXmlParseOptions = pugi::parse_default | pugi::parse_doctype;

// Whether a parsed document carries a DOCTYPE declaration (refused: AWS does not take DTDs).
bool HasDoctype(const pugi::xml_document& document);

}  // namespace terrarium::protocols
