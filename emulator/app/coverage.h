// `terrarium coverage`: implemented versus modelled operations per service, as the markdown of
// docs/coverage.md (CI fails when that file is stale).
#pragma once

#include <string>

#include "emulator/dispatch/operation_table.h"

namespace terrarium::app {

std::string CoverageMarkdown(const dispatch::OperationTable& table);

}  // namespace terrarium::app
