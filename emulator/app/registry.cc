#include "emulator/app/registry.h"

#include "emulator/services/sts/sts.h"

namespace terrarium::app {

void RegisterServices(dispatch::OperationTable& table) { services::sts::Register(table); }

}  // namespace terrarium::app
