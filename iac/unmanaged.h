// UNMANAGED resources: what the emulator holds, of the listable types (SQS queues, S3 buckets,
// DynamoDB tables, IAM roles, Lambda functions), in the accounts and regions of the declared
// resources, that no declared resource names. Listed through the services' List operations via
// the invoker, as any client would.
#pragma once

#include <vector>

#include "emulator/core/operation_invoker.h"
#include "iac/drift.h"

namespace terrarium::iac {

// One ResourceDrift with status UNMANAGED per resource found, sorted by type, then physical id.
// S3 bucket names are global: a bucket counts in the account that owns it.
std::vector<ResourceDrift> FindUnmanaged(OperationInvoker& invoker,
                                         const std::vector<DeclaredResource>& declared);

}  // namespace terrarium::iac
