// Query-string authentication (presigned URLs): S3 refuses a URL whose lifetime has passed or
// whose X-Amz-Expires is out of range before it looks at the operation. Signatures are not
// verified (Terrarium holds no secret keys), so SignatureDoesNotMatch is never answered.
#pragma once

#include "emulator/core/url.h"

namespace terrarium::services::s3 {

// Whether `raw_query` may carry query-string authentication (a cheap test before parsing).
bool MayBePresigned(std::string_view raw_query);

// Throws AuthorizationQueryParametersError for incomplete or malformed SigV4 query parameters
// (X-Amz-Expires above 604800 included), AccessDenied for incomplete SigV2 parameters, and
// AccessDenied "Request has expired" (with X-Amz-Expires, Expires and ServerTime) once the
// URL's lifetime has passed at `now` (epoch seconds).
void CheckPresignedUrl(const QueryParams& query, double now);

}  // namespace terrarium::services::s3
