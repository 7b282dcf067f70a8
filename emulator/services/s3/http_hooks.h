// S3's work on the HTTP exchange around its operations: presigned URL limits before a request
// is decoded, the bucket's CORS headers on every answer to a request with an Origin, an
// upload's large body hashed as it arrives (ArrivingBody).
#pragma once

#include "emulator/dispatch/operation_table.h"

namespace terrarium::services::s3 {

dispatch::HttpHooks MakeHttpHooks();

}  // namespace terrarium::services::s3
