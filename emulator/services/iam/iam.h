// IAM: roles, users, groups, managed and inline policies, instance profiles and access keys,
// stored per account (IAM is global: no region) and never enforced.
#pragma once

#include "emulator/dispatch/operation_table.h"

namespace terrarium::services::iam {

void Register(dispatch::OperationTable& table);

}  // namespace terrarium::services::iam
