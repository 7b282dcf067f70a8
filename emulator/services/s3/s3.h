// S3: buckets, objects, listings, multipart uploads, versioning and bucket configurations.
#pragma once

#include "emulator/dispatch/operation_table.h"

namespace terrarium::services::s3 {

void Register(dispatch::OperationTable& table);

}  // namespace terrarium::services::s3
