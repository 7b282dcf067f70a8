// Which services Terrarium serves: every service registers its handlers here.
#pragma once

#include "emulator/dispatch/operation_table.h"

namespace terrarium::app {

void RegisterServices(dispatch::OperationTable& table);

}  // namespace terrarium::app
