// The edge router: which service a request is for, and for which account and region, decided
// from the request alone (see docs/architecture.md, "How a request flows").
#pragma once

#include <string>

#include "emulator/core/http_message.h"
#include "emulator/core/route.h"

namespace terrarium {

// Order: SigV4 credential scope (header or presigned query), X-Amz-Target, query/form Action
// (told apart by Version), host, Lambda paths, else S3.
Route RouteRequest(const HttpRequest& request);

}  // namespace terrarium
