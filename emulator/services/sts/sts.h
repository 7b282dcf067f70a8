// STS: who the caller is, and temporary credentials for roles and sessions.
#pragma once

#include "emulator/dispatch/operation_table.h"

namespace terrarium::services::sts {

void Register(dispatch::OperationTable& table);

}  // namespace terrarium::services::sts
