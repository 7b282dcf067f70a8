// ListObjects and ListObjectsV2 answers written as XML straight from the page: the generic
// rest-xml codec walks the model over a JSON document, which for a thousand entries cost more
// than reading them. The element order and text are the codec's for the same output (a unit
// test holds the two together).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/services/s3/listed_object.h"
#include "emulator/services/s3/listing.h"

namespace terrarium::services::s3 {

// The members of ListObjectsOutput / ListObjectsV2Output in model order; "Contents" and
// "CommonPrefixes" mark where the page's entries go.
extern const std::string_view kListObjectsXmlOrder[10];
extern const std::string_view kListObjectsV2XmlOrder[12];

// The <ListBucketResult> document: the scalar members of `head` in `order`, the page's entries
// (keys URL-encoded when `url`; with <Owner> when `owner_xml` is not empty, a fragment from
// OwnerXml) and common prefixes.
std::string ListBucketResultXml(std::span<const std::string_view> order, const nlohmann::json& head,
                                const ListPageOf<ListedObject>& page, bool url,
                                std::string_view owner_xml);

// <Owner><DisplayName>..</DisplayName><ID>..</ID></Owner> for OwnerOf(account).
std::string OwnerXml(const nlohmann::json& owner);

}  // namespace terrarium::services::s3
